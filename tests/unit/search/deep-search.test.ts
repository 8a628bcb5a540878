import { describe, expect, it } from 'vitest';
import { DeepSearchRequestSchema, MAX_DEEP_DOCS_PER_STEP } from '../../../src/schema/deep-search';
import { deepMatch, mayOutgrowIndex, passesDeepFilters, tailStart } from '../../../src/search/deep-search';
import { DEFAULT_TEXT_CHARS, type ClipFields } from '../../../src/search/fields';
import type { CjkMode } from '../../../src/search/normalize';
import { parseQuery } from '../../../src/search/query';
import { withFilters, type SearchFilters } from '../../../src/search/search-filters';
import { SearchIndex } from '../../../src/search/search-index';
import { clip } from './helpers';

/** Filler prose, longer than the index holds, without any of the words the tests look for. */
const filler = (chars: number) => {
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
  let s = '';
  for (let i = 0; s.length < chars; i++) s += `${words[i % words.length]} `;
  return s;
};

const CJK: CjkMode = 'segmenter';
const LONG = filler(DEFAULT_TEXT_CHARS + 500);

function long(id: string, deep: string, extra: Partial<ClipFields> = {}): ClipFields {
  return clip(id, { title: `Long read ${id}`, text: `${LONG}\n${deep}\n${filler(300)}`, ...extra });
}

const q = (input: string, filters?: SearchFilters) => withFilters(parseQuery(input, { cjk: CJK }), filters);
const regular = (clips: ClipFields[], input: string, filters?: SearchFilters) => {
  const ix = new SearchIndex({ cjk: CJK });
  for (const c of clips) ix.add(c);
  return ix.search(q(input, filters)).hits.map((h) => h.id);
};
const deep = (f: ClipFields, input: string, filters?: SearchFilters) => {
  const parsed = q(input, filters);
  if (!passesDeepFilters({ ...f, text: '' }, parsed)) return { found: 'filtered' as const };
  return deepMatch(f, parsed, { cjk: CJK });
};
const marked = (m: ReturnType<typeof deep>) => (m.found === 'deep' ? m.snippet.marks.map((k) => m.snippet.text.slice(k.start, k.end)) : null);

describe('the deep search (the rest of long articles)', () => {
  const a = long('a', 'The quokka smiled at the photographer.');

  it('finds a word only past the indexed text, which the regular search does not, with the word marked', () => {
    expect(a.text.indexOf('quokka')).toBeGreaterThan(DEFAULT_TEXT_CHARS);
    expect(regular([a], 'quokka ')).toEqual([]);
    const m = deep(a, 'quokka ');
    expect(m.found).toBe('deep');
    expect(marked(m)).toEqual(['quokka']);
    if (m.found === 'deep') {
      expect(m.snippet.text).toContain('The quokka smiled');
      expect(m.snippet.cutStart).toBe(true);
    }
  });

  it('treats the last typed word as a prefix, and ignores case and accents both ways', () => {
    expect(marked(deep(a, 'quok'))).toEqual(['quokka']);
    expect(deep(a, 'quok ').found).toBe('miss'); // a finished word is a whole word
    expect(marked(deep(a, 'QUÓKKA '))).toEqual(['quokka']);
    const b = long('b', 'We met at the Café Zürich at noon.');
    expect(marked(deep(b, 'cafe zurich'))).toEqual(['Café', 'Zürich']);
    expect(deep(b, 'cafe zurich').found).toBe('deep');
    // Folding changes the text's length (ß → ss, ﬁ → fi): the passage is still found and marked.
    const c = long('c', `${'Die Straße der ﬁnsteren Nacht. '.repeat(300)}Endlich kam der Dudelsackpfeifer.`);
    expect(marked(deep(c, 'dudelsackpfeifer '))).toEqual(['Dudelsackpfeifer']);
    // The passage is around the word the index lacks, not the first word of the query.
    const d = long('d', `Die Straße der ﬁnsteren Nacht. ${filler(3_000)} Endlich kam der Dudelsackpfeifer.`, { title: 'Straße notes' });
    expect(marked(deep(d, 'strasse dudelsackpfeifer '))).toContain('Dudelsackpfeifer');
  });

  it('requires every word, in any field: one in the title, one past the index', () => {
    expect(deep(a, 'long quokka ').found).toBe('deep'); // "Long" is in the title
    expect(deep(a, 'quokka kangaroo ').found).toBe('miss');
    expect(regular([a], 'long quokka ')).toEqual([]);
  });

  it('checks phrases in order on the whole text', () => {
    expect(marked(deep(a, '"quokka smiled"'))).toEqual(['quokka', 'smiled']);
    expect(deep(a, '"smiled quokka"').found).toBe('miss');
  });

  it('finds a CJK word past the index, cut as the index cuts it', () => {
    const c = long('c', '東京都は今日晴れです。');
    expect(regular([c], '晴れ ')).toEqual([]);
    const m = deep(c, '晴れ ');
    expect(m.found).toBe('deep');
    expect(marked(m)?.join('')).toContain('晴れ');
    const bigram = deepMatch(c, parseQuery('今日', { cjk: 'bigram' }), { cjk: 'bigram' });
    expect(bigram.found).toBe('deep');
  });

  it('is not a deep hit when the index already finds the clip, or when the article is short', () => {
    expect(deep(a, 'alpha ').found).toBe('indexed');
    expect(regular([a], 'alpha ')).toEqual(['a']);
    const short = clip('s', { text: 'A short note about a quokka.' });
    expect(deep(short, 'quokka ').found).toBe('short');
    expect(regular([short], 'quokka ')).toEqual(['s']);
    expect(mayOutgrowIndex(DEFAULT_TEXT_CHARS)).toBe(false);
    expect(mayOutgrowIndex(DEFAULT_TEXT_CHARS + 1)).toBe(true);
  });

  it('applies the same filters as the regular search (tag, state, favourite, site, dates, typed or as data)', () => {
    const t = long('t', 'A quokka again.', { tags: ['Animals'], url: 'https://news.example.org/q', savedAt: new Date(2024, 2, 5).getTime(), readAt: 1, favorite: true });
    expect(deep(t, 'quokka tag:animals ').found).toBe('deep');
    expect(deep(t, 'quokka tag:plants ').found).toBe('filtered');
    expect(deep(t, 'quokka ', { tag: 'animals' }).found).toBe('deep');
    expect(deep(t, 'quokka ', { state: 'unread' }).found).toBe('filtered');
    expect(deep(t, 'quokka ', { state: 'favorites' }).found).toBe('deep');
    expect(deep(t, 'quokka ', { site: 'example.org' }).found).toBe('deep');
    expect(deep(t, 'quokka site:other.com ').found).toBe('filtered');
    expect(deep(t, 'quokka ', { from: '2024-03-05', to: '2024-03-05' }).found).toBe('deep');
    expect(deep(t, 'quokka ', { from: '2024-03-06' }).found).toBe('filtered');
    expect(deep(t, 'quokka is:favorite state:read ').found).toBe('deep');
    expect(deep({ ...t, archivedAt: 2 }, 'quokka ', { state: 'all' }).found).toBe('filtered');
    expect(deep({ ...t, deleted: true }, 'quokka ').found).toBe('filtered');
  });

  it('resumes the tail at the start of a word the index cut through', () => {
    const word = 'x'.repeat(60);
    // No space near the cut: the index cut inside the word (its first ~30 characters indexed).
    const text = `${'y'.repeat(DEFAULT_TEXT_CHARS - 30)}\n${word} tail`;
    expect(text.slice(tailStart(text)).startsWith(word)).toBe(true);
    // A space near the cut: the index stopped before the word, the rest starts at that space.
    const spaced = `${'y'.repeat(DEFAULT_TEXT_CHARS - 10)} ${word} tail`;
    expect(spaced.slice(tailStart(spaced))).toBe(` ${word} tail`);
  });
});

describe('the deep-search request', () => {
  it('bounds a step by content documents, from one to the ceiling', () => {
    const ask = (maxDocs: unknown) => DeepSearchRequestSchema.safeParse({ query: 'word', cursor: null, maxDocs }).success;
    expect(ask(1)).toBe(true);
    expect(ask(MAX_DEEP_DOCS_PER_STEP)).toBe(true);
    expect(ask(undefined)).toBe(true);
    expect(ask(0)).toBe(false);
    expect(ask(MAX_DEEP_DOCS_PER_STEP + 1)).toBe(false);
    expect(ask(1.5)).toBe(false);
  });
});
