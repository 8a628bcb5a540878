// @vitest-environment jsdom
/**
 * A partial first answer (a phrase checked only for the rows first shown: `snippetsLeft`, fewer
 * hits than the page) is made whole by useSearch's own second ask, `REST_AFTER_MS` later. The
 * list must not take its short length for the end of the results and raise the limit at once:
 * that asked for a bigger page at every phrase, before the first one was even whole.
 */
import 'fake-indexeddb/auto';
import { h, render, type ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

const calls: Array<{ offset?: number; limit: number; snippets: number | null }> = [];
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, params: { query: string; offset: number; limit: number; snippets?: number }) => {
    if (method !== 'search') return new Promise(() => undefined);
    calls.push({ ...(params.offset > 0 && { offset: params.offset }), limit: params.limit, snippets: params.snippets ?? null });
    const n = params.snippets ?? params.limit;
    const hits = Array.from({ length: n }, (_, i) => ({ clip: { id: `c${params.offset + i}`, title: `Clip ${params.offset + i}` }, snippet: null }));
    return { ok: true, value: { status: 'ready', total: 100, totalExact: false, hits, problems: [], snippetsLeft: params.snippets !== undefined } };
  }),
}));
// Every row in view (a short page fits the panel): the range reaches the last row each time the count changes.
vi.mock('../../../extension/ui/VirtualList', () => ({
  VirtualList: ({ count, onRange }: { count: number; onRange: (start: number, end: number) => void }): ComponentChildren => {
    useEffect(() => onRange(0, count - 1), [count]);
    return null;
  },
}));

const { SearchResults } = await import('../../../extension/ui/SearchResults');
const { firstSnippets, REST_AFTER_MS, SEARCH_PAGE } = await import('../../../extension/ui/use-search');

const wait = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));
const filter = { state: 'all' as const, tag: null };

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) await act(() => render(null, root!));
  root?.remove();
  root = null;
});

describe('a partial first page of results', () => {
  it('is made whole by the second ask, and only a whole page in view asks for more', async () => {
    root = document.body.appendChild(document.createElement('div'));
    await act(() => render(h(SearchResults, { ask: { query: '"harbour tide"', filters: filter }, filter, tags: [], onOpen: () => undefined, onDeleteMany: async () => true }), root!));
    await wait(20);
    expect(calls).toEqual([{ limit: SEARCH_PAGE, snippets: firstSnippets() }]);
    await wait(REST_AFTER_MS + 50);
    expect(calls.slice(0, 2)).toEqual([
      { limit: SEARCH_PAGE, snippets: firstSnippets() },
      { limit: SEARCH_PAGE, snippets: null },
    ]);
    // The whole page, all in view: now the next page is asked for (the results after those shown).
    await wait(50);
    expect(calls[2]).toEqual({ offset: SEARCH_PAGE, limit: SEARCH_PAGE, snippets: null });
  });
});
