// @vitest-environment jsdom
/**
 * "More results" raises how many results are asked for, for that search only. A new word typed
 * after it makes one call, the first page's, which the request sent at the keystroke already is.
 * Before the fix the raised limit was reset in an effect, a render late: the new word was asked
 * with the old limit (the request sent ahead not taken up), then again with the first page's
 * (stop 44's known item).
 */
import 'fake-indexeddb/auto';
import { h, render, type ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

const calls: Array<{ query: string; offset: number; limit: number }> = [];
const TOTAL = 100;
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, params: { query: string; offset: number; limit: number }) => {
    if (method !== 'search') return new Promise(() => undefined);
    calls.push({ query: params.query, offset: params.offset, limit: params.limit });
    const hits = Array.from({ length: Math.max(0, Math.min(params.limit, TOTAL - params.offset)) }, (_, i) => ({ clip: { id: `c${params.offset + i}`, title: `Clip ${params.offset + i}` }, snippet: [] }));
    return { ok: true, value: { status: 'ready', total: TOTAL, totalExact: true, hits, problems: [] } };
  }),
}));
// The list scrolled to its end once, as a user does to see more: it asks for the next page.
let scrolled = false;
vi.mock('../../../extension/ui/VirtualList', () => ({
  VirtualList: ({ count, onRange }: { count: number; onRange: (start: number, end: number) => void }): ComponentChildren => {
    useEffect(() => {
      if (!scrolled) (scrolled = true), onRange(0, count - 1);
    }, [count]);
    return null;
  },
}));

const { SearchResults } = await import('../../../extension/ui/SearchResults');
const { searchAhead, SEARCH_PAGE } = await import('../../../extension/ui/use-search');

const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 20)));
const filter = { state: 'all' as const, tag: null };
const results = (query: string) => h(SearchResults, { ask: { query, filters: filter }, filter, tags: [], onOpen: () => undefined, onDeleteMany: async () => true });

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
});

describe('more results, then a new word', () => {
  it('asks for the new word once, its first page: the request sent at the keystroke', async () => {
    root = document.body.appendChild(document.createElement('div'));
    await act(() => render(results('tide'), root!));
    await settle();
    await settle();
    // The first page, then more of it (scrolled to the end): the next page, after the results shown.
    expect(calls).toEqual([
      { query: 'tide', offset: 0, limit: SEARCH_PAGE },
      { query: 'tide', offset: SEARCH_PAGE, limit: SEARCH_PAGE },
    ]);
    calls.length = 0;
    searchAhead({ query: 'tides', filters: filter });
    await act(() => render(results('tides'), root!));
    await settle();
    expect(calls).toEqual([{ query: 'tides', offset: 0, limit: SEARCH_PAGE }]);
  });
});
