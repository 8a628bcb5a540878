import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/search/query';
import { afterLeadingTitle, containsPhrases, MAX_TITLE_MARKS, snippetOf, titleMarks } from '../../../src/search/snippet';
import { termsOf } from '../../../src/search/normalize';

const marked = (s: { text: string; marks: readonly { start: number; end: number }[] }) => s.marks.map((m) => s.text.slice(m.start, m.end));

describe('snippetOf', () => {
  const text = `${'Intro words here. '.repeat(30)}The Crème brûlée was perfect, said the chef.\n${'More filler text. '.repeat(30)}`;
  it('cuts the passage holding the matches and marks them in the raw text', () => {
    const s = snippetOf(text, parseQuery('creme brulee chef'));
    expect(marked(s)).toEqual(['Crème', 'brûlée', 'chef']);
    expect(s.cutStart).toBe(true);
    expect(s.cutEnd).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(180);
  });
  it('marks a prefix to the end of its word', () => {
    expect(marked(snippetOf(text, parseQuery('brû')))).toEqual(['brûlée']);
  });
  it('gives the start of the text, unmarked, with no match', () => {
    const s = snippetOf(text, parseQuery('absent'));
    expect(s.marks).toEqual([]);
    expect(s.cutStart).toBe(false);
    expect(s.text.startsWith('Intro words')).toBe(true);
  });
  it('keeps offsets right when folding changes lengths', () => {
    expect(marked(snippetOf('Die Straße… heißt STRASSE', parseQuery('strasse ')))).toEqual(['Straße', 'STRASSE']);
  });
  it('marks Cyrillic, Arabic and CJK matches', () => {
    expect(marked(snippetOf('Новогодняя ёлка в Москве', parseQuery('елка ')))).toEqual(['ёлка']);
    expect(marked(snippetOf('قال مُحَمَّد ذلك', parseQuery('محمد ')))).toEqual(['مُحَمَّد']);
    expect(marked(snippetOf('今日は東京都に行く', parseQuery('東京都 ', { cjk: 'bigram' }), { cjk: 'bigram' }))).toEqual(['東京都']);
  });
  it('picks the window with the most distinct terms', () => {
    const t = `alpha ${'x '.repeat(200)} alpha beta gamma ${'y '.repeat(200)}`;
    expect(marked(snippetOf(t, parseQuery('alpha beta gamma ')))).toEqual(['alpha', 'beta', 'gamma']);
  });
});

describe('containsPhrases', () => {
  it('needs the words in order, across case, accents and punctuation', () => {
    expect(containsPhrases('The Quick, brown fox', ['quick brown'])).toBe(true);
    expect(containsPhrases('brown quick', ['quick brown'])).toBe(false);
    expect(containsPhrases('Crème Brûlée!', ['creme brulee'])).toBe(true);
    expect(containsPhrases('quickbrown', ['quick brown'])).toBe(false);
    expect(containsPhrases('anything', [])).toBe(true);
    expect(containsPhrases('東京都に行く', ['東京 京都'], 'bigram')).toBe(true);
  });

  it('finds a CJK phrase exactly where the text’s terms (as the index cuts them) hold its terms in a row, on 3,000 random texts', () => {
    const alphabet = ['東', '京', '都', 'に', 'の', 'カ', 'ー', ' ', '、', '>', 'a', 'é', '童', '話'];
    let seed = 20261202;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = (len: number) => Array.from({ length: len }, () => alphabet[Math.floor(rand() * alphabet.length)]!).join('');
    for (let n = 0; n < 3_000; n++) {
      const text = pick(Math.floor(rand() * 40));
      for (const mode of ['segmenter', 'bigram'] as const) {
        const terms = termsOf(text, mode);
        // A phrase as a query makes it: a run of the text's own terms (found), or of random text (mostly not).
        const from = Math.floor(rand() * terms.length);
        const own = terms.slice(from, from + 1 + Math.floor(rand() * 3)).join(' ');
        const other = termsOf(pick(1 + Math.floor(rand() * 4)), mode).join(' ');
        const holds = (phrase: string) => {
          const words = phrase.split(' ');
          return terms.some((_, i) => words.every((w, j) => terms[i + j] === w));
        };
        const phrases = [own, other].filter((p) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(p));
        for (const phrase of phrases) {
          expect(containsPhrases(text, [phrase], mode), `${mode}: ${JSON.stringify(text)} ∋ ${JSON.stringify(phrase)}`).toBe(holds(phrase));
          expect(containsPhrases(text, [phrase, 'a'], mode)).toBe(holds(phrase) && containsPhrases(text, ['a'], mode));
        }
        // Several phrases of different lengths at once: every one must be there.
        expect(containsPhrases(text, phrases, mode), `${mode}: ${JSON.stringify(text)} ∋ ${JSON.stringify(phrases)}`).toBe(phrases.every(holds));
      }
    }
  });
});

describe('a result title: its marks, and the passage past it', () => {
  const title = 'Mapping Every Lighthouse on the North Sea';
  // As the index keeps it (fields.ts): the title's line, then the article, which opens with its heading.
  const text = `${title}\n${title}\nTwo hundred and twelve lights, four countries, one sea between them.\n${'Filler words here. '.repeat(20)}`;

  it('leaves out the lines heading the text that are the title, so the passage does not repeat it', () => {
    const s = snippetOf(text, parseQuery('sea'), { title });
    expect(s.text).toContain('one sea between them');
    expect(s.text).not.toContain('Mapping');
    expect(marked(s)).toEqual(['sea']);
    // Without the title (as before), the passage opened with it.
    expect(snippetOf(text, parseQuery('sea')).text.startsWith(title)).toBe(true);
  });
  it('shows the article from its start, unmarked, when only the title matches', () => {
    const s = snippetOf(text, parseQuery('lighthouse'), { title });
    expect(s.text.startsWith('Two hundred')).toBe(true);
    expect(s.cutStart).toBe(false);
    expect(s.marks).toEqual([]);
    expect(marked({ text: title, marks: titleMarks(title, parseQuery('lighthouse')) })).toEqual(['Lighthouse']);
  });
  it('keeps a first line that only starts like the title, and a text that is the title alone', () => {
    expect(afterLeadingTitle(`${title}: a history\nmore`, title)).toBe(0);
    expect(afterLeadingTitle(`${title} and more\nmore`, title)).toBe(0);
    expect(afterLeadingTitle(title, title)).toBe(0);
    expect(snippetOf(`${title}\n`, parseQuery('sea'), { title }).text).toBe(title);
    // Case and spacing may differ; special characters are literal.
    expect(afterLeadingTitle('  mapping every  LIGHTHOUSE on the north sea \n\nBody', title)).toBe('  mapping every  LIGHTHOUSE on the north sea \n\n'.length);
    expect(afterLeadingTitle('C++ (and $1.*) tips\nBody', 'C++ (and $1.*) tips')).toBe('C++ (and $1.*) tips\n'.length);
    expect(afterLeadingTitle('Cxx tips\nBody', 'C.. tips')).toBe(0);
    expect(afterLeadingTitle('Body', '   ')).toBe(0);
  });
  it('marks the title as the passage: prefixes to the word end, accents and case, lengths changed by folding, CJK', () => {
    const m = (t: string, q: string, cjk?: 'bigram') => marked({ text: t, marks: titleMarks(t, parseQuery(q, cjk ? { cjk } : {}), cjk) });
    expect(m('Crème brûlée for beginners', 'creme beg')).toEqual(['Crème', 'beginners']);
    expect(m('Die Straße heißt STRASSE', 'strasse ')).toEqual(['Straße', 'STRASSE']);
    expect(m('東京の朝', '東京 ', 'bigram')).toEqual(['東京']);
    expect(m('Nothing here', 'absent')).toEqual([]);
    expect(m('Anything', '')).toEqual([]);
  });
  it('marks at most MAX_TITLE_MARKS words of a title of any length (what crosses to the panel is bounded)', () => {
    const long = 'a '.repeat(5_000);
    expect(titleMarks(long, parseQuery('a'))).toHaveLength(MAX_TITLE_MARKS);
  });

  it('marks the right word when folding lengthens the text before it and shortens it after (same total length)', () => {
    const text = 'Straße report cafe\u0301';
    const s = snippetOf(text, parseQuery('report '));
    expect(marked(s)).toEqual(['report']);
    expect(titleMarks(text, parseQuery('report ')).map((m) => text.slice(m.start, m.end))).toEqual(['report']);
  });

  it('marks Japanese written decomposed (NFD: か + U+3099 for が), alone or mixed with NFC, on the whole character, dakuten included', () => {
    const text = 'ががく、'.normalize('NFD') + 'そしてががく。';
    const q = parseQuery('がく ', { cjk: 'bigram' });
    expect(marked({ text, marks: titleMarks(text, q, 'bigram') })).toEqual(['か\u3099く', 'がく']);
    expect(marked(snippetOf(text, q, { cjk: 'bigram' }))).toEqual(['か\u3099く', 'がく']);
    for (const mode of ['segmenter', 'bigram'] as const) {
      // The decomposed text is marked where the composed one is (however the segmenter cuts the words), no mark parting a kana from its dakuten.
      const nfc = 'ががく、そしてががく。';
      const nfd = nfc.normalize('NFD');
      const words = (t: string) => titleMarks(t, parseQuery('がく ', { cjk: mode }), mode).map((m) => t.slice(m.start, m.end).normalize('NFC'));
      expect(words(nfd), mode).toEqual(words(nfc));
      expect(words(nfd).length, mode).toBeGreaterThan(0);
      for (const m of titleMarks(nfd, parseQuery('がく ', { cjk: mode }), mode)) expect(nfd[m.end], mode).not.toBe('\u3099');
    }
    const title = 'ひらがなで書かれた題名'.normalize('NFD');
    expect(marked({ text: title, marks: titleMarks(title, parseQuery('書かれた ', { cjk: 'bigram' }), 'bigram') })).toEqual(['書かれた']);
    // Decomposed accents and Hangul jamo, a final sigma: the mark spans the marks and jamo.
    const mixed = `ΟΔΟΣ cafe\u0301 ${'한국'.normalize('NFD')} Café`;
    expect(marked({ text: mixed, marks: titleMarks(mixed, parseQuery('café 한국 οδος '), 'bigram') })).toEqual(['ΟΔΟΣ', 'cafe\u0301', '한국'.normalize('NFD'), 'Café']);
  });

  it('never ends a passage between a character and its dakuten', () => {
    const text = 'がく'.normalize('NFD').repeat(200);
    // 31 characters would end at the 11th か, its dakuten left out: the passage ends before it.
    const s = snippetOf(text, parseQuery('がく ', { cjk: 'bigram' }), { chars: 31, cjk: 'bigram' });
    expect(text.startsWith(s.text)).toBe(true);
    expect(text[s.text.length]).not.toBe('\u3099');
    expect(s.text.endsWith('く')).toBe(true);
    expect(marked(s).every((w) => w === 'がく'.normalize('NFD'))).toBe(true);
  });

  it('finds a Thai phrase (a script written without spaces) as the terms it is cut into, one after the other', () => {
    const text = 'ภาษาไทยเป็นภาษาที่สวยงาม';
    const q = parseQuery('"ภาษาไทย"');
    expect(containsPhrases(text, q.phrases, 'segmenter')).toBe(true);
    expect(containsPhrases(text, parseQuery('"ไทยภาษา"').phrases, 'segmenter')).toBe(false);
  });

  it('finds a phrase holding a word longer than the longest term kept (cut in the query, whole in the text)', () => {
    const long = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(1) + 'isalongword';
    expect(containsPhrases(`He had ${long} for years.`, parseQuery(`"had ${long}"`).phrases)).toBe(true);
    expect(containsPhrases(`He had ${long} for years.`, parseQuery(`"had ${long} for"`).phrases)).toBe(true);
    expect(containsPhrases(`He had no ${long}.`, parseQuery(`"had ${long}"`).phrases)).toBe(false);
  });
});
