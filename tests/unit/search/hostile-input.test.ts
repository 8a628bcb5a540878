import { describe, expect, it } from 'vitest';
import { storedTagKey } from '../../../src/library/tags';
import { fold, termsOf } from '../../../src/search/normalize';
import { foldTag } from '../../../src/search/fold-tag';
import { parseDate, parseQuery } from '../../../src/search/query';
import { SearchIndex } from '../../../src/search/search-index';
import { withFilters } from '../../../src/search/search-filters';
import { containsPhrases, snippetOf, titleMarks, type Mark } from '../../../src/search/snippet';
import { clip } from './helpers';

// Issue 12, "Bad input": odd and hostile text in queries, clips and tags. fast-check is not a
// dependency: the properties below run on seeded random texts made of the pieces that broke things.

const marked = (s: { text: string; marks: readonly Mark[] }) => s.marks.map((m) => s.text.slice(m.start, m.end));
const found = (ix: SearchIndex, q: string) => ix.search(q).hits.map((h) => h.id);

describe('snippets and marks of long words', () => {
  it('does not throw when the prefix typed starts a word longer than the passage, and marks it as far as shown', () => {
    const blob = 'aGVsbG8' + 'x'.repeat(300);
    // Threw "Cannot read properties of undefined": the search of the whole page failed with it.
    const s = snippetOf(`see ${blob} end`, parseQuery('agvs'));
    expect(marked(s)).toEqual([s.text.slice(4)]);
    expect(s.text.startsWith('see aGVsbG8x')).toBe(true);
  });

  it('marks a word longer than the longest term kept, found by the whole word typed', () => {
    const word = 'x'.repeat(50);
    expect(marked(snippetOf(`the ${word} word`, parseQuery(`${word} `)))).toEqual([word]);
    expect(titleMarks(`A ${word}`, parseQuery(`${word} `))).toEqual([{ start: 2, end: 52 }]);
  });

  it('never ends a mark between the halves of a surrogate pair where a long word is cut', () => {
    // The 40th UTF-16 unit is the first half of "𐌰": the term kept ends with half a character.
    const word = 'a'.repeat(39) + '𐌰𐌰';
    const s = snippetOf(`hello ${word} end`, parseQuery(`${word} `));
    expect(marked(s)).toEqual([word]);
    expect(titleMarks(word, parseQuery(word))).toEqual([{ start: 0, end: word.length }]);
  });

  it('finds a phrase holding a long word cut between the halves of a surrogate pair', () => {
    const word = 'é'.repeat(39) + '𐌰𐌰';
    const q = parseQuery(`"big ${word} end"`);
    expect(containsPhrases(`the big ${word} end`, q.phrases)).toBe(true);
    expect(containsPhrases(`the big ${word} other`, q.phrases)).toBe(false);
  });
});

describe('characters that are not words', () => {
  it('makes no term of an emoji’s variation selector, and does not split the emoji with a mark', () => {
    expect(termsOf('I ❤️ cats 1️⃣')).toEqual(['i', 'cats', '1']);
    // "❤️" alone was the term U+FE0F: every clip holding such an emoji matched, marked half-way into it.
    expect(parseQuery('❤️').filterOnly).toBe(true);
    const ix = new SearchIndex();
    ix.add(clip('heart', { text: 'I ❤️ cats' }));
    ix.add(clip('star', { text: 'Rated ⭐️ five' }));
    expect(found(ix, '❤️ cats')).toEqual(['heart']);
    expect(marked(snippetOf('I ❤️ ❤️cats', parseQuery('cats ')))).toEqual(['cats']);
  });

  it('finds mathematical and other compatibility capitals by the word typed in lower case', () => {
    // They decompose to capitals after lower-casing: "𝐁𝐨𝐥𝐝" folded to "Bold", "™" to "TM".
    expect(fold('𝐁𝐨𝐥𝐝 Brand™ ℡')).toBe('bold brandtm tel');
    const ix = new SearchIndex();
    ix.add(clip('fancy', { title: '𝐁𝐨𝐥𝐝 𝒮𝒸𝓇𝒾𝓅𝓉 tips' }));
    expect(found(ix, 'bold script ')).toEqual(['fancy']);
    expect(found(ix, 'bol')).toEqual(['fancy']);
    expect(titleMarks('𝐁𝐨𝐥𝐝 move', parseQuery('bold '))).toEqual([{ start: 0, end: 8 }]);
  });

  it('reads a word across soft hyphens and joiners, as it is shown', () => {
    const ix = new SearchIndex();
    ix.add(clip('shy', { text: 'International co\u00adoperation and Donau\u00addampf\u00adschiff' }));
    ix.add(clip('fa', { text: 'من می\u200cخواهم بروم' }));
    expect(found(ix, 'cooperation ')).toEqual(['shy']);
    expect(found(ix, 'donaudampfschiff')).toEqual(['shy']);
    // Persian is typed with its half-space (ZWNJ) or without.
    expect(found(ix, 'میخواهم ')).toEqual(['fa']);
    expect(found(ix, 'می\u200cخواهم ')).toEqual(['fa']);
    expect(marked(snippetOf('International co\u00adoperation', parseQuery('cooperation ')))).toEqual(['co\u00adoperation']);
    expect(containsPhrases('the co\u00adoperation is key', ['cooperation is'])).toBe(true);
  });

  it('takes a query of punctuation, quotes, NUL, lone surrogates or bidi marks as no words, and a very long one cut', () => {
    for (const q of ['', '   ', '!!!', '"', '""', '“”', '\u0000', '\ud800', '\udc00', '\u200f\u200e\u202e', '\u200b']) {
      const p = parseQuery(q);
      expect(p.filterOnly, JSON.stringify(q)).toBe(true);
    }
    const long = parseQuery('word '.repeat(2_500));
    expect(long.terms).toEqual(['word']);
    expect(long.problems.map((p) => p.code)).toEqual(['too-long']);
    expect(() => new SearchIndex().search('x'.repeat(20_000))).not.toThrow();
  });
});

describe('date filters with odd values', () => {
  it('reads the years 0-99 as those years, not as 1900-1999', () => {
    expect(new Date(parseDate('0050')!.start).getFullYear()).toBe(50);
    expect(new Date(parseDate('0099-12-31')!.next).getFullYear()).toBe(100);
    expect(new Date(parseDate('0004-02-29')!.start).getDate()).toBe(29);
    expect(parseDate('2023-02-29')).toBeNull();
    const ix = new SearchIndex();
    ix.add(clip('sixties', { savedAt: new Date(1960, 5, 1).getTime() }));
    // before:0099 was "before 1999", and found a clip of 1960.
    expect(found(ix, 'before:0099')).toEqual([]);
    expect(found(ix, 'after:0099')).toEqual(['sixties']);
    expect(new Date(parseQuery('before:0050').filters.before!).getFullYear()).toBe(50);
  });
});

describe('tags with odd characters', () => {
  it('filters by a tag as the library counts it: joiners, a leading #, spaces and invisible characters aside', () => {
    const ix = new SearchIndex();
    ix.add(clip('joined', { tags: ['ne\u200dws'] }));
    ix.add(clip('legacy', { tags: ['#toread'] }));
    ix.add(clip('spaced', { tags: ['two  words'] }));
    ix.add(clip('plain', { tags: ['news', 'toread', 'two words'] }));
    expect(found(ix, 'tag:news').sort()).toEqual(['joined', 'plain']);
    expect(found(ix, 'tag:toread').sort()).toEqual(['legacy', 'plain']);
    expect(found(ix, 'tag:"two words"').sort()).toEqual(['plain', 'spaced']);
    // The filter bar's tag is one spelling of the tag; every clip of the tag passes it.
    const q = withFilters(parseQuery(''), { state: 'all', tag: 'news', site: null, from: null, to: null });
    expect(ix.search(q).hits.map((h) => h.id).sort()).toEqual(['joined', 'plain']);
  });

  it('names a tag: filter of invisible characters only as ignored', () => {
    const q = parseQuery('tag:\u200b\u200f rust');
    expect(q.filters.tags).toEqual([]);
    expect(q.problems.map((p) => p.code)).toEqual(['bad-filter']);
  });
});

/** Seeded random texts of the pieces above: letters in every script the code treats apart, marks, emoji, invisible characters, halves of pairs. */
const PIECES = [
  'a', 'word', 'Caf', 'é', 'e\u0301', 'ß', 'ss', 'ﬁ', 'İ', 'ı', '𐌰', '𝐀', '😀', '👩‍💻', '❤️', '1️⃣', 'が', 'か\u3099', '東京', 'ไม้',
  'काम', 'مُحَمَّد', 'שָׁלוֹם', '한국', 'Σ', 'ǅ', 'ﷺ', '\u0345', '\u00ad', '\u200b', '\u200c', '\u200d', '\u200f', '\u0000', '\ud800', '\udc00',
  'Ａ', '’', "'", '"', '“', '…', '#', 'tag:', 'site:', 'after:', ' ', ' ', '\n', '.', ',', 'y'.repeat(39) + '𐌰𐌰', 'z'.repeat(200),
];
function randomTexts(seed: number) {
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = (n: number) => Array.from({ length: n }, () => PIECES[Math.floor(rand() * PIECES.length)]!).join('');
  return { rand, pick };
}
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** What is wrong with `marks` over `text`, or null: in range, in order, apart, never inside a surrogate pair nor opening on a variation selector. */
function badMarks(text: string, marks: readonly Mark[]): string | null {
  let last = 0;
  for (const m of marks) {
    if (!(Number.isInteger(m.start) && m.start >= last && m.start < m.end && m.end <= text.length)) return `out of order or range: ${JSON.stringify(m)}`;
    for (const i of [m.start, m.end]) if (i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i))) return `splits a pair at ${i}`;
    if (/^[\ufe00-\ufe0f]/u.test(text.slice(m.start))) return `opens on a variation selector at ${m.start}`;
    last = m.end;
  }
  return null;
}

describe('properties over 3,000 random hostile texts', () => {
  it('snippets and title marks never throw and their marks are well formed, for random queries and for the texts’ own words', () => {
    const { rand, pick } = randomTexts(20261207);
    for (let n = 0; n < 3_000; n++) {
      const text = pick(Math.floor(rand() * 30));
      const own = termsOf(text);
      const queries = [pick(Math.floor(rand() * 6)), own.length > 0 ? own[Math.floor(rand() * own.length)]! + (rand() < 0.5 ? ' ' : '') : ''];
      for (const typed of queries) {
        const q = parseQuery(typed);
        const s = snippetOf(text, q, { chars: 20 + Math.floor(rand() * 160) });
        expect(badMarks(s.text, s.marks), `snippet of ${JSON.stringify(text)} for ${JSON.stringify(typed)}`).toBeNull();
        expect(badMarks(text, titleMarks(text, q)), `title ${JSON.stringify(text)} for ${JSON.stringify(typed)}`).toBeNull();
      }
    }
  });

  it('folds to lower case, the same twice, and the same for NFC and NFD; a query reads the same in both forms', () => {
    const { rand, pick } = randomTexts(7);
    for (let n = 0; n < 3_000; n++) {
      const text = pick(Math.floor(rand() * 12));
      const f = fold(text);
      expect(f, JSON.stringify(text)).toBe(f.toLowerCase());
      expect(fold(f), JSON.stringify(text)).toBe(f);
      expect(termsOf(text.normalize('NFD')), JSON.stringify(text)).toEqual(termsOf(text.normalize('NFC')));
      const [a, b] = [parseQuery(text.normalize('NFC')), parseQuery(text.normalize('NFD'))];
      expect([b.terms, b.prefix, b.phrases, b.filters], JSON.stringify(text)).toEqual([a.terms, a.prefix, a.phrases, a.filters]);
    }
  });

  it('folds two tags the library counts as one (storedTagKey) to one tag filter, on 600 random tags', () => {
    const { rand, pick } = randomTexts(99);
    for (let n = 0; n < 600; n++) {
      const base = pick(1 + Math.floor(rand() * 4));
      const forms = [base, base.normalize('NFD'), base.toUpperCase(), ` ${base} `, `#${base}`, base.replace(/ /g, '  '), pick(1 + Math.floor(rand() * 3))];
      for (const a of forms) for (const b of forms) {
        if (storedTagKey(a) === storedTagKey(b)) expect(foldTag(a), JSON.stringify([a, b])).toBe(foldTag(b));
      }
    }
  });
});
