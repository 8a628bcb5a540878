import { describe, expect, it } from 'vitest';
import { checkUrl } from '../../../src/import/clean';
import { chooseCanonical } from '../../../src/url/canonical';
import { normalizeUrl } from '../../../src/url/normalize';

/**
 * Found in review: normalize.ts dropped "a bare trailing `?`" by looking at the end of the whole href, so a query
 * whose last character is a `?` loses it: `?q=why?` and `?q=why` become one key (two different
 * pages, one clip), the link fetch requests the wrong address, and the function is not idempotent
 * (its contract says it is), so the import's URL and the library's key (normalised again by
 * `fileOf` → `chooseCanonical`) can differ.
 */
describe('a query that ends with "?"', () => {
  it('keeps a "?" that belongs to the query', () => {
    expect(normalizeUrl('https://search.example/?q=why?')).toBe('https://search.example/?q=why?');
    expect(normalizeUrl('https://search.example/?q=why?')).not.toBe(normalizeUrl('https://search.example/?q=why'));
  });

  it('is idempotent (its contract)', () => {
    for (const url of ['https://a.example/a/??', 'https://a.example/?x=1&?', 'https://a.example/?q=why?&utm_source=x']) {
      const once = normalizeUrl(url);
      expect(normalizeUrl(once)).toBe(once);
    }
  });

  it('an imported URL is the key the library files it under', () => {
    const imported = checkUrl('https://a.example/list??');
    expect(imported.ok).toBe(true);
    if (imported.ok) expect(chooseCanonical(imported.url, null)).toBe(imported.url);
  });
});
