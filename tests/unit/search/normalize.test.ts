import { describe, expect, it } from 'vitest';
import { fold, MAX_TERM_CHARS, rawTokensOf, termsOf, tokensOf } from '../../../src/search/normalize';

describe('fold', () => {
  it('ignores case and accents', () => {
    expect(fold('Café CRÈME brûlée')).toBe('cafe creme brulee');
    expect(fold('Ångström Łódź Straße')).toBe('angstrom lodz strasse');
    expect(fold('ＦＵＬＬ ﬁne')).toBe('full fine');
  });
  it('folds Cyrillic case and the diaeresis of ё', () => {
    expect(fold('Ёлка ПРИВЕТ')).toBe('елка привет');
    expect(termsOf('Москва, Ёж')).toEqual(['москва', 'еж']);
  });
  it('strips Arabic tashkeel and tatweel, unifies alef forms', () => {
    expect(fold('مُحَمَّد')).toBe('محمد');
    expect(fold('كتـــاب')).toBe('كتاب');
    expect(fold('أحمد إسلام آمن')).toBe('احمد اسلام امن');
    expect(fold('مستشفى')).toBe('مستشفي');
  });
  it('keeps Hangul syllables and Japanese dakuten whole', () => {
    expect(fold('한국어')).toBe('한국어');
    expect(fold('がぎ')).toBe('がぎ');
  });
});

describe('tokensOf / termsOf', () => {
  it('cuts words with offsets, keeps inner apostrophes, caps long runs', () => {
    expect(tokensOf("l'été don't stop")).toEqual([
      { term: "l'été", start: 0, end: 5 },
      { term: "don't", start: 6, end: 11 },
      { term: 'stop', start: 12, end: 16 },
    ]);
    expect(termsOf('a'.repeat(100))[0]).toHaveLength(MAX_TERM_CHARS);
    expect(termsOf('  ,;; ')).toEqual([]);
  });
  it('cuts CJK into overlapping pairs in bigram mode', () => {
    expect(termsOf('東京都に行く', 'bigram')).toEqual(['東京', '京都', '都に', 'に行', '行く']);
    expect(termsOf('東', 'bigram')).toEqual(['東']);
  });
  it('cuts CJK into words with Intl.Segmenter', () => {
    const words = termsOf('私は東京に住んでいます', 'segmenter');
    expect(words).toContain('東京');
    expect(words.join('')).toBe('私は東京に住んでいます');
  });
  it('gives offsets into the raw text even when folding changes lengths', () => {
    const text = 'Die STRASSE heißt Straße…';
    const toks = rawTokensOf(text);
    expect(toks.map((t) => text.slice(t.start, t.end))).toEqual(['Die', 'STRASSE', 'heißt', 'Straße']);
    expect(toks.map((t) => t.term)).toEqual(['die', 'strasse', 'heisst', 'strasse']);
  });
});
