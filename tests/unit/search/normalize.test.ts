import { describe, expect, it } from 'vitest';
import { eachRun, eachTermOf, fold, MAX_TERM_CHARS, rawTokensOf, termsOf, tokensOf } from '../../../src/search/normalize';
import { clipTermsOf, FIELD, FIELD_MASK, TF_SHIFT } from '../../../src/search/fields';
import { clip } from './helpers';

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

describe('scripts written without spaces, and apostrophes', () => {
  it('ends a word at the ideographs after it: CJK after a digit or a Latin letter is its own run', () => {
    for (const mode of ['segmenter', 'bigram'] as const) {
      expect(termsOf('会议于2024年5月在东京举行。', mode), mode).toContain('东京');
      expect(termsOf('会议于2024年5月在东京举行。', mode), mode).toContain('2024');
      const latin = termsOf('我喜欢用Python编程语言', mode);
      expect(latin, mode).toContain('python');
      // Where the dictionary cuts the ideographs after it is the segmenter's ('ja' cuts 编程 into two): none is glued to the word.
      expect(latin.filter((t) => t.startsWith('python')), mode).toEqual(['python']);
      if (mode === 'bigram') expect(latin).toContain('编程');
    }
  });
  it('cuts Thai, Lao, Khmer and Myanmar into words with Intl.Segmenter (they write no spaces)', () => {
    const words = termsOf('ภาษาไทยเป็นภาษาที่สวยงาม', 'segmenter');
    expect(words).toContain('สวยงาม');
    expect(words.join('')).toBe('ภาษาไทยเป็นภาษาที่สวยงาม');
    expect(termsOf('สวัสดี hello', 'segmenter')).toContain('hello');
  });
  it('folds the typographic apostrophe to the typed one', () => {
    expect(fold('O’Brien don’t')).toBe("o'brien don't");
    expect(termsOf('Conan O’Brien')).toEqual(termsOf("conan o'brien"));
  });
});

/** The word pattern as one global regex (with a lookahead where the scanner subtracts classes), as tokensOf once matched it with matchAll. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const REFERENCE_WORD_RE = new RegExp(`${UNSPACED.source}+|(?:(?!${UNSPACED.source})[\\p{L}\\p{N}\\p{M}])+(?:['’](?:(?!${UNSPACED.source})[\\p{L}\\p{N}\\p{M}])+)*`, 'gu');
const REFERENCE_CJK_RE = new RegExp(`^${UNSPACED.source}`, 'u');

describe('eachTermOf / clipTermsOf (the indexing path, without an object per word)', () => {
  it('gives exactly termsOf, in order, for Latin, Cyrillic, Arabic and CJK text, in both CJK modes', () => {
    const texts = ["L'été à Paris, don't stop — 1234 x".repeat(3), 'Москва, Ёж и ёлка', 'مُحَمَّد كتـــاب', '東京都に住んでいます。カタカナ ひらがな 한국어', 'a'.repeat(100)];
    for (const mode of ['segmenter', 'bigram'] as const) {
      for (const t of texts) {
        const got: string[] = [];
        eachTermOf(t, mode, (term) => void got.push(term));
        expect(got, `${mode}: ${t}`).toEqual(tokensOf(fold(t), mode).map((x) => x.term));
      }
    }
  });

  it('gives exactly termsOf on 5,000 random mixed-script strings (apostrophes, marks, surrogates, long runs)', () => {
    const alphabet = ['a', 'B', 'z', '0', '9', ' ', '\n', "'", '’', '-', '.', 'é', 'e\u0301', 'ß', 'Ж', 'ё', 'م', '\u064e', '東', '京', 'ー', 'か', 'カ', '々', '한', 'ภ', 'า', '\u0e31', '\ud83d\ude00', '\ud800', '…', 'Ｆ', 'ﬁ', '\u0915\u094d'];
    let seed = 20261201;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let n = 0; n < 5_000; n++) {
      const len = Math.floor(rand() * 30);
      let t = '';
      for (let i = 0; i < len; i++) t += rand() < 0.05 ? 'x'.repeat(45) : alphabet[Math.floor(rand() * alphabet.length)]!;
      for (const mode of ['segmenter', 'bigram'] as const) {
        const got: string[] = [];
        eachTermOf(t, mode, (term) => void got.push(term));
        expect(got, `${mode}: ${JSON.stringify(t)}`).toEqual(tokensOf(fold(t), mode).map((x) => x.term));
      }
      // The scanner they share cuts exactly the runs one global regex of both patterns matches, folded or not.
      for (const s of [t, fold(t)]) {
        const runs: [number, number, boolean][] = [];
        eachRun(s, (start, end, cjk) => void runs.push([start, end, cjk]));
        const expected = [...s.matchAll(REFERENCE_WORD_RE)].map((m): [number, number, boolean] => [m.index, m.index + m[0].length, REFERENCE_CJK_RE.test(m[0])]);
        expect(runs, JSON.stringify(s)).toEqual(expected);
      }
    }
  });

  it('stops at the term its callback returns true for, inside a CJK run too, and cuts nothing after it', () => {
    for (const mode of ['segmenter', 'bigram'] as const) {
      const all = termsOf('alpha 東京都に住んでいます omega', mode);
      for (let k = 1; k <= all.length; k++) {
        const got: string[] = [];
        eachTermOf('alpha 東京都に住んでいます omega', mode, (t) => got.push(t) >= k);
        expect(got, `${mode}, stop at ${k}`).toEqual(all.slice(0, k));
      }
      const runs: number[] = [];
      eachRun('one two three', (start) => runs.push(start) >= 2);
      expect(runs).toEqual([0, 4]);
    }
  });

  it('folds ASCII by lower case alone, as the full fold does', () => {
    for (const t of ['Hello World', 'ABC-def_123', "it's", '', '\t\n!~']) expect(fold(t)).toBe(t.toLowerCase().normalize('NFKD').normalize('NFC'));
  });

  it('packs each term’s fields and its count in the article text into one number', () => {
    const c = clipTermsOf(clip('c1', { title: 'Apple pie', siteName: 'Pie site', text: 'apple apple banana pie', note: 'banana note' }));
    const of = (t: string) => ({ fields: c.terms.get(t)! & FIELD_MASK, tf: c.terms.get(t)! >>> TF_SHIFT });
    expect(of('apple')).toEqual({ fields: FIELD.title | FIELD.text, tf: 2 });
    expect(of('pie')).toEqual({ fields: FIELD.title | FIELD.meta | FIELD.text, tf: 1 });
    expect(of('banana')).toEqual({ fields: FIELD.notes | FIELD.text, tf: 1 });
    expect(of('site')).toEqual({ fields: FIELD.meta, tf: 0 });
  });
});
