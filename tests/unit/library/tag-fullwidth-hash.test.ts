/**
 * A tag typed with a CJK input method in full-width mode: "＃仕事" (U+FF03, the full-width number
 * sign). "#仕事" was the tag "仕事", but "＃仕事" was another tag beside it, in the tag menu, the
 * counts and the filters.
 */
import { describe, expect, it } from 'vitest';
import { normalizeTag, normalizeTags, storedTagKey } from '../../../src/library/tags';
import { foldTag } from '../../../src/search/fold-tag';

describe('a full-width # before a tag', () => {
  it('is dropped like "#": "＃仕事" is the tag "仕事"', () => {
    expect(normalizeTag('＃仕事')).toEqual({ ok: true, value: '仕事' });
    expect(normalizeTag('＃ ＃work')).toEqual({ ok: true, value: 'work' });
    expect(normalizeTags(['仕事', '＃仕事'])).toEqual({ ok: true, value: ['仕事'] });
    // Stored so by an older version: the same tag as the one typed, and its filter finds both.
    expect(storedTagKey('＃仕事')).toBe(storedTagKey('仕事'));
    expect(foldTag('＃仕事')).toBe(foldTag('仕事'));
    expect(normalizeTag('＃')).toMatchObject({ ok: false });
  });

  it('is kept inside a tag, as "#" is ("c＃", "c#")', () => {
    expect(normalizeTag('c＃')).toEqual({ ok: true, value: 'c＃' });
  });
});
