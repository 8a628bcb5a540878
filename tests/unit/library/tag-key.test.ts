import { describe, expect, it } from 'vitest';
import { seeded } from '../../../scripts/bench/seeded';
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

describe('normalizeTag: a tag stored normalises to itself', () => {
  it('drops every # prefix and what it leaves leading, so "# #work" is the tag "work" and compares as stored', () => {
    // Was "#work": stored as "#work", compared when typed as "#work" but when stored as "work", so ["work", "# #work"] kept both.
    expect(normalizeTag('# #work')).toEqual({ ok: true, value: 'work' });
    expect(normalizeTag('#\u200dwork')).toEqual({ ok: true, value: 'work' });
    expect(normalizeTags(['work', '# #work'])).toEqual({ ok: true, value: ['work'] });
    expect(normalizeTag('## \u200d #')).toMatchObject({ ok: false });
  });

  it('composes a letter and an accent an invisible character stood between', () => {
    // Was "K\u0301ß" (NFC ran before the zero-width space was dropped), which normalised again to "Ḱß".
    expect(normalizeTag('K\u200b\u0301ß')).toEqual({ ok: true, value: '\u1e30ß' });
  });

  it('refuses a tag of only what tags are compared without (a soft hyphen, a variation selector, an accent, a tatweel)', () => {
    // Each was a tag shown as nothing (or a lone mark), and all of them one tag (key "").
    for (const t of ['\u00ad', '\ufe0f', '\u0301', '\u0640', '#\u00ad']) expect(normalizeTag(t), JSON.stringify(t)).toMatchObject({ ok: false, error: { message: 'A tag cannot be empty.' } });
  });

  it('seeded random input: what normalizeTag accepts, it accepts again unchanged, and compares the same typed or stored', () => {
    const pieces = ['a', 'B', 'é', 'e\u0301', '#', ' ', '\u200d', '\u200c', '\u200b', '\u202e', '\u00a0', '\t', '\u{1F469}', '\u05d0', 'İ', 'ß', 'ﬁ', '＃', '\u0301', '\ufe0f', '\u00ad', 'Σ', 'K', '\u3000', '\u0000', '\ufeff', '\u2066', 'क', 'ा'];
    const random = seeded(20261207);
    for (let i = 0; i < 20_000; i++) {
      const raw = Array.from({ length: 1 + Math.floor(random() * 7) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const once = normalizeTag(raw);
      if (!once.ok) continue;
      expect(normalizeTag(once.value), JSON.stringify(raw)).toEqual(once);
      expect(storedTagKey(once.value), JSON.stringify(raw)).toBe(tagKey(once.value));
      expect(tagKey(once.value), JSON.stringify(raw)).not.toBe('');
    }
  });
});
