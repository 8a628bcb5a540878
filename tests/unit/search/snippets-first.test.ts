/**
 * A keystroke's answer reads and cuts passages only for the rows a side panel shows at first
 * (`snippetsFor`): reading the hits' texts is most of a word search's time in the background at
 * 10,000 clips, and the rows below the fold get theirs from a second ask (`snippetsLeft`).
 */
import { describe, expect, it, vi } from 'vitest';
import { ClipSearch } from '../../../src/search/clip-search';
import { MemorySearchIndexStore } from '../../../src/search/store';
import { clip } from './helpers';

async function libraryOf(n: number) {
  const store = new MemorySearchIndexStore();
  const search = await ClipSearch.open(store);
  await search.rebuild(Array.from({ length: n }, (_, i) => clip(`c${String(i).padStart(3, '0')}`, { text: `The harbour tide rose at dawn, page ${i}.`, savedAt: 1_700_000_000_000 + i })));
  const reads = vi.spyOn(store, 'getTexts');
  return { search, reads };
}

describe('ClipSearch.search with snippetsFor', () => {
  it('reads the texts of the first hits only and cuts their passages; the rest come without one, and snippetsLeft says so', async () => {
    const { search, reads } = await libraryOf(30);
    const page = await search.search('harbour', { limit: 20, snippetsFor: 8 });
    expect(page.hits).toHaveLength(20);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0]![0]).toHaveLength(8);
    expect(page.hits.slice(0, 8).every((h) => h.snippet?.marks.length)).toBe(true);
    expect(page.hits.slice(8).every((h) => h.snippet === null)).toBe(true);
    expect(page.snippetsLeft).toBe(true);

    // Asked again without it: every hit has its passage (the first eight from memory).
    reads.mockClear();
    const full = await search.search('harbour', { limit: 20 });
    expect(full.hits.map((h) => h.id)).toEqual(page.hits.map((h) => h.id));
    expect(full.hits.every((h) => h.snippet?.marks.length)).toBe(true);
    expect(full.snippetsLeft).toBe(false);
    expect(reads.mock.calls[0]![0]).toHaveLength(12);
  });

  it('leaves nothing out when the page is no longer than snippetsFor, or for filters only', async () => {
    const { search } = await libraryOf(5);
    const short = await search.search('harbour', { limit: 20, snippetsFor: 8 });
    expect(short.hits).toHaveLength(5);
    expect(short.snippetsLeft).toBe(false);
    expect(short.hits.every((h) => h.snippet !== null)).toBe(true);

    const { search: big } = await libraryOf(30);
    const filters = await big.search('state:unread', { limit: 20, snippetsFor: 8 });
    expect(filters.snippetsLeft).toBe(false);
    expect(filters.hits.every((h) => h.snippet === null)).toBe(true);
  });

  it('checks a phrase only until the first rows are filled: a partial page, each hit with its passage, made whole when asked again', async () => {
    const { search, reads } = await libraryOf(60);
    const first = await search.search('"harbour tide"', { limit: 20, snippetsFor: 8 });
    expect(first.hits).toHaveLength(8);
    expect(first.hits.every((h) => h.snippet?.marks.length)).toBe(true);
    expect(first.snippetsLeft).toBe(true);
    // One batch of candidates read for the check (10, the least batch), not a page of 20.
    expect(reads.mock.calls.map((c) => c[0].length)).toEqual([10]);

    const whole = await search.search('"harbour tide"', { limit: 20 });
    expect(whole.hits).toHaveLength(20);
    expect(whole.hits.slice(0, 8).map((h) => h.id)).toEqual(first.hits.map((h) => h.id));
    expect(whole.snippetsLeft).toBe(false);

    // A phrase with fewer results than the rows first shown is whole at once.
    const few = await search.search('"page 7."', { limit: 20, snippetsFor: 8 });
    expect(few.snippetsLeft).toBe(false);
    expect(few.hits.map((h) => h.id)).toEqual(['c007']);
  });
});
