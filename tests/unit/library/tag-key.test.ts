import { describe, expect, it } from 'vitest';
import { normalizeTag, normalizeTags, storedTagKey, tagKey } from '../../../src/library/tags';

// Issue 12, "Bad input": tags differing by case, normalisation form, spaces, invisible characters,
// or a mark that makes another word.

describe('tagKey: which tags are one', () => {
  it('keeps apart tags a vowel sign, a dakuten or a tone mark makes other words', () => {
    // Stripping every \p{M} made "काम" (work) and "कम" (less), "がき" and "かき" one tag: the second was dropped.
    expect(tagKey('काम')).not.toBe(tagKey('कम'));
    expect(tagKey('がき')).not.toBe(tagKey('かき'));
    expect(tagKey('ไม้')).not.toBe(tagKey('ไม'));
    expect(normalizeTags(['がき', 'かき'])).toEqual({ ok: true, value: ['がき', 'かき'] });
  });

  it('still makes one tag of case, accents, NFC and NFD, full-width forms, joiners and variation selectors', () => {
    const same = [
      ['Café', 'cafe', 'CAFE\u0301', 'Cafe\u0301'],
      ['がき', 'か\u3099き'],
      ['ＷＯＲＫ', 'work'],
      ['Việt', 'viet'],
      ['ne\u200dws', 'news'],
      ['❤️', '❤'],
    ];
    for (const group of same) for (const t of group) expect(tagKey(t), JSON.stringify(t)).toBe(tagKey(group[0]!));
    // Stored as typed by an older import: trailing spaces, a #, invisible characters.
    expect(storedTagKey('  Work \u200b')).toBe(storedTagKey('work'));
    expect(storedTagKey('#toread')).toBe(storedTagKey('toread'));
  });

  it('refuses a tag of 201 characters, a tag of spaces or of invisible characters only', () => {
    expect(normalizeTag('é'.repeat(201))).toMatchObject({ ok: false });
    expect(normalizeTag('e\u0301'.repeat(200))).toMatchObject({ ok: true, value: 'é'.repeat(200) });
    for (const t of [' \t\n ', '\u200b\u200e\u2060\ufeff', '\u200c\u200d', '#']) expect(normalizeTag(t), JSON.stringify(t)).toMatchObject({ ok: false });
  });
});
