// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { extractFromDocument, extractSelection } from '../../../src/capture/extract';
import { withChosenImages } from '../../../src/capture/lazy-images';
import { imagesOfHtml } from '../../../src/images/image-list';

const PAGE = 'https://example.com/posts/one.html';
const prose = (n: number) => Array.from({ length: n }, (_, i) => `<p>Paragraph ${i} of the article about harbours, tides and the lamps that keep ships off the rocks at night.</p>`).join('');

function page(body: string): Document {
  const doc = new DOMParser().parseFromString(`<!doctype html><html><head><title>Harbours</title><base href="${PAGE}"></head><body><article><h1>Harbours</h1>${body}</article></body></html>`, 'text/html');
  return doc;
}

describe('images at capture', () => {
  it('stores each image as the absolute URL of its chosen candidate: lazy attributes, srcset, picture, data: URLs', () => {
    const doc = page(`${prose(3)}
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/lazy.jpg" alt="Lazy">
      <img data-srcset="/img/l-400.jpg 400w, /img/l-1600.jpg 1600w" alt="Lazy set">
      <img src="/img/small.jpg" srcset="/img/small.jpg 1x, /img/big.jpg 2x" alt="Set">
      <picture><source srcset="/img/pic.webp"><img src="/img/pic.jpg" alt="Picture"></picture>
      <img src="img/plain.png" alt="Plain" loading="lazy">
      <img src="data:image/png;base64,iVBORw0KGgo=" alt="Inline">${prose(3)}`);
    const before = doc.documentElement.outerHTML;
    const out = extractFromDocument(doc, { kind: 'page', pageUrl: PAGE });
    expect(doc.documentElement.outerHTML).toBe(before);
    expect(imagesOfHtml(out.html)).toEqual([
      { src: 'https://example.com/img/lazy.jpg', alt: 'Lazy' },
      { src: 'https://example.com/img/l-1600.jpg', alt: 'Lazy set' },
      // No layout here (jsdom): the 1x candidate; a browser's `currentSrc` decides in a tab.
      { src: 'https://example.com/img/small.jpg', alt: 'Set' },
      { src: 'https://example.com/img/pic.webp', alt: 'Picture' },
      { src: 'https://example.com/posts/img/plain.png', alt: 'Plain' },
      { src: 'data:image/png;base64,iVBORw0KGgo=', alt: 'Inline' },
    ]);
    expect(out.html).not.toMatch(/srcset|data-src|<source|loading=/);
  });

  it('images add no text: the text is the same as without them', () => {
    const withImages = extractFromDocument(page(`${prose(4)}<img data-src="/a.jpg" alt="An alt text">${prose(2)}`), { kind: 'page', pageUrl: PAGE });
    const without = extractFromDocument(page(`${prose(4)}${prose(2)}`), { kind: 'page', pageUrl: PAGE });
    expect(withImages.text).toBe(without.text);
  });

  it('leaves the document alone when every image already names one URL', () => {
    const doc = page(`<img src="${'https://example.com/a.png'}" alt="x">${prose(2)}`);
    expect(withChosenImages(doc, PAGE)).toBe(doc);
    const lazy = page(`<img data-src="/a.png">${prose(2)}`);
    expect(withChosenImages(lazy, PAGE)).not.toBe(lazy);
  });

  it('resolves the images of a selection', () => {
    const doc = page(`<p id="s">Before <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/sel.png" alt="Sel"> after the image.</p>`);
    const range = doc.createRange();
    range.selectNodeContents(doc.getElementById('s')!);
    const selection = { rangeCount: 1, getRangeAt: () => range } as unknown as Selection;
    const out = extractSelection(doc, selection, PAGE, { win: window as never });
    expect(imagesOfHtml(out.html)).toEqual([{ src: 'https://example.com/sel.png', alt: 'Sel' }]);
  });
});
