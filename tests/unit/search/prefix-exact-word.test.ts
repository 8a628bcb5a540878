/**
 * The word being typed is matched as a prefix, expanded to at most `MAX_PREFIX_TERMS` words of
 * the index, the most common first. When more words than that start with it and the typed word is
 * itself a word of the index but a rarer one ("ed" under "edition", "editor", "edge"…), the word
 * itself was among those left out: a clip holding exactly the word typed was not found.
 */
import { describe, expect, it } from 'vitest';
import { MAX_PREFIX_TERMS } from '../../../src/search/inverted-index';
import { SearchIndex } from '../../../src/search/search-index';
import { clip } from './helpers';

/** `n` distinct words starting with "ed" ("edaa", "edab"…), none of them "ed". */
const longerWords = (n: number) => Array.from({ length: n }, (_, i) => `ed${String.fromCharCode(97 + Math.floor(i / 26) % 26, 97 + (i % 26))}`);

describe('a prefix with more expansions than are kept', () => {
  it('still matches the word typed itself, however rare it is', () => {
    const ix = new SearchIndex({ cjk: 'bigram' });
    const words = longerWords(MAX_PREFIX_TERMS + 20);
    // Each longer word in two clips, the word "ed" alone in one: the rarest of all that start with "ed".
    for (let i = 0; i < 2; i++) ix.add(clip(`many${i}`, { title: 'Words', text: words.join(' '), savedAt: 1_700_000_000_000 + i }));
    ix.add(clip('ed', { title: 'A song', text: 'Sung by Ed Sheeran', savedAt: 1_600_000_000_000 }));
    expect(ix.search('sheeran ed').hits.map((h) => h.id)).toEqual(['ed']);
    expect(ix.search('ed').hits.map((h) => h.id)).toContain('ed');
  });
});
