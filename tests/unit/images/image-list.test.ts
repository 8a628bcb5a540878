// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { decodeDataUrl } from '../../../src/images/data-url';
import { decodeEntities, imageKey, imagesOfHtml, MAX_KEY_CHARS } from '../../../src/images/image-list';
import { createSanitizer } from '../../../src/sanitize/sanitize';

const { sanitizeCapture } = createSanitizer(window);

describe('imagesOfHtml', () => {
  it('lists distinct savable images in document order with their alt text', () => {
    const html = sanitizeCapture(
      `<p>One <img src="/a.png" alt="First &amp; best"> two</p><!-- <img src="/hidden.png"> -->
       <figure><img alt='Second "quoted"' src="https://cdn.example/b.jpg?x=1&amp;y=2"></figure>
       <img src="/a.png" alt="again"><img src="javascript:alert(1)"><img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">
       <svg><image href="/c.png"></image></svg><p>a &lt;img src="/text.png"&gt; in text</p><img alt="no source">`,
      'https://example.com/post/',
    );
    expect(imagesOfHtml(html)).toEqual([
      { src: 'https://example.com/a.png', alt: 'First & best' },
      { src: 'https://cdn.example/b.jpg?x=1&y=2', alt: 'Second "quoted"' },
      { src: 'data:image/png;base64,iVBORw0KGgo=', alt: 'inline' },
    ]);
  });

  it('reads the same images a DOM does, on sanitised HTML with awkward attribute values', () => {
    const alts = ['a > b', 'x < y', '"q"', "it's", 'tab\there', 'é & ü', '&amp;', ''];
    const html = sanitizeCapture(alts.map((a, i) => `<img src="/i${i}.png?a=1&b=<2>" alt="${a.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`).join('<br>'), 'https://example.com/');
    const dom = [...new DOMParser().parseFromString(html, 'text/html').images].map((i) => ({ src: i.getAttribute('src')!, alt: (i.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim() }));
    expect(imagesOfHtml(html)).toEqual(dom);
  });

  it('decodes character references', () => {
    expect(decodeEntities('a&amp;b&quot;c&#39;d&#x41;&nbsp;&bogus;')).toBe('a&b"c\'dA\u00a0&bogus;');
  });

  it('decodes a reference to a surrogate half, to 0 or past U+10FFFF as U+FFFD, never a lone surrogate (as a DOM does)', () => {
    const refs = ['&#xD800;', '&#xdfff;', '&#55296;', '&#57343;', '&#0;', '&#x0;', '&#x110000;', '&#1114112;', '&#x7FFFFFFF;', '&#99999999999;'];
    for (const ref of refs) {
      expect(decodeEntities(`a${ref}b`), ref).toBe('a\ufffdb');
      const alt = new DOMParser().parseFromString(`<img alt="a${ref}b">`, 'text/html').images[0]!.getAttribute('alt');
      expect(alt, ref).toBe('a\ufffdb');
    }
    // Two halves written as two references stay two U+FFFD: a pair is never made from references.
    expect(decodeEntities('&#xD83D;&#xDE00;')).toBe('\ufffd\ufffd');
    expect(decodeEntities('&#x1F600;&#xFFFD;&#x10FFFF;')).toBe('\u{1F600}\ufffd\u{10FFFF}');
    const [image] = imagesOfHtml('<img src="https://example.com/x.png?a&#xD800;" alt="b&#xDC00;">');
    expect(image).toEqual({ src: 'https://example.com/x.png?a\ufffd', alt: 'b\ufffd' });
    expect(image!.src.isWellFormed() && image!.alt.isWellFormed()).toBe(true);
  });
});

describe('imageKey and data: URLs', () => {
  it('names a blob by its src, or a long one by its SHA-256', async () => {
    expect(await imageKey('https://example.com/a.png')).toBe('https://example.com/a.png');
    const long = `data:image/png;base64,${'A'.repeat(MAX_KEY_CHARS)}`;
    expect(await imageKey(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await imageKey(long)).toBe(await imageKey(long));
  });

  it('decodes base64 and percent-encoded data: URLs, within a size limit', () => {
    expect(decodeDataUrl('data:image/png;base64,iVBORw0KGgo=', 100)).toEqual({ type: 'image/png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) });
    expect(new TextDecoder().decode(decodeDataUrl('data:image/svg+xml,%3Csvg%3E%3C/svg%3E', 100)!.bytes)).toBe('<svg></svg>');
    expect(decodeDataUrl('data:image/gif,%89%50', 100)!.bytes).toEqual(new Uint8Array([0x89, 0x50]));
    expect(decodeDataUrl(`data:image/png;base64,${'A'.repeat(200)}`, 100)).toBeNull();
    expect(decodeDataUrl('data:image/png;base64,***', 100)).toBeNull();
    expect(decodeDataUrl('https://example.com/', 100)).toBeNull();
  });
});
