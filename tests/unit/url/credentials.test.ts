import { describe, expect, it } from 'vitest';
import { outsideLink } from '../../../src/export/html';
import { fileOf, newEntry } from '../../../src/library/clip-record';
import { str } from '../../../src/library/catalogs';
import type { ExtractedPage } from '../../../src/schema/capture';
import type { ClipId } from '../../../src/schema/ids';
import { chooseCanonical } from '../../../src/url/canonical';
import { normalizeUrl, withoutCredentials } from '../../../src/url/normalize';

/** A user name and password in a URL are a secret: never stored in a clip, never part of its key, never in a link. */
function page(pageUrl: string, canonicalUrl: string | null, kind: ExtractedPage['kind'] = 'page'): ExtractedPage {
  return {
    pageUrl, canonicalUrl, kind, title: 'T', byline: null, siteName: null, lang: null, dir: null,
    publishedTime: null, excerpt: null, extractor: 'body', html: '<p>Hello world</p>', text: 'Hello world',
  };
}

describe('credentials in URLs', () => {
  it('normalizeUrl drops a user name and password', () => {
    expect(normalizeUrl('https://alice:secret@Example.com/a?x=1#f')).toBe('https://example.com/a?x=1');
    expect(normalizeUrl('https://alice@example.com/')).toBe('https://example.com/');
    expect(normalizeUrl('https://:pw@example.com/')).toBe('https://example.com/');
  });

  it('a same-site canonical with credentials is filed without them', () => {
    expect(chooseCanonical('https://www.example.com/a', 'https://evil:x@example.com/a')).toBe('https://example.com/a');
  });

  it('the filing and key are those of the same URL without credentials', () => {
    const plain = fileOf(page('https://example.com/a', null));
    expect(fileOf(page('https://u:p@example.com/a', null))).toEqual(plain);
    expect(fileOf(page('https://example.com/a', 'https://evil:x@example.com/a'))).toEqual(plain);
    const sel = (u: string) => fileOf({ ...page(u, null, 'selection'), text: 'Hello world' }).key;
    expect(sel('https://u:p@example.com/a')).toBe(sel('https://example.com/a'));
  });

  it('a stored entry keeps no credentials in url, pageUrl, canonicalUrl or key', () => {
    const p = page('https://u:p@example.com/a#top', 'https://evil:x@example.com/a');
    const e = newEntry('c1' as ClipId, p, fileOf(p), 1, { shard: 's', rev: 'r', bytes: 1 } as never);
    expect(str(e.url)).toBe('https://example.com/a');
    expect(str(e.pageUrl)).toBe('https://example.com/a#top');
    expect(str(e.canonicalUrl)).toBe('https://example.com/a');
    expect(str(e.key)).toBe('https://example.com/a');
  });

  it('an older stored URL with credentials is linked without them', () => {
    expect(outsideLink('https://u:p@example.com/a', 'original')).toBe('<a href="https://example.com/a" rel="noopener noreferrer">original</a>');
    expect(withoutCredentials('https://example.com/a?b#c')).toBe('https://example.com/a?b#c');
    expect(withoutCredentials('not a url')).toBe('not a url');
  });
});
