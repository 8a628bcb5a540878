// @vitest-environment jsdom
/**
 * Scrolling search results (or the list ordered by title, by length…, which the search lists) past
 * 200 results. Each scroll to the end raised the one request's limit by 20, and one `search` call
 * answers at most 200 (SearchRequestSchema): the request for 220 was refused as invalid, the results
 * vanished behind "Search failed: Invalid search request… Trying again…", and the same refused
 * request was sent again for ever. Past 200 the results are asked in parts of at most 200.
 */
import 'fake-indexeddb/auto';
import { h, render, type ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SEARCH_CHANGED_CHANNEL } from '../../../src/schema/plain-values';
import { SearchRequestSchema } from '../../../src/schema/search-result';
import { mountPoint, wait } from './list-dom';

const TOTAL = 330;
const calls = vi.hoisted(() => [] as { offset: number; limit: number }[]);
// The library the stand-in searches, in order: a clip saved meanwhile goes first.
const library = vi.hoisted(() => ({ ids: [] as string[] }));
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, params: { offset: number; limit: number }) => {
    if (method !== 'search') return new Promise(() => undefined);
    calls.push({ offset: params.offset, limit: params.limit });
    // As the background's server does: a request its schema refuses is answered with an error.
    if (!SearchRequestSchema.safeParse({ query: '', ...params }).success) return { ok: false, error: { code: 'bad-request', message: 'Invalid search request: limit too big' } };
    const hits = library.ids.slice(params.offset, params.offset + params.limit).map((id) => ({ clip: { id, title: id }, snippet: null }));
    return { ok: true, value: { status: 'ready', progress: null, total: library.ids.length, totalExact: true, hits, problems: [] } };
  }),
}));
// The list scrolled to its end each time it grows, as a user reading on does.
const shown = vi.hoisted(() => ({ ids: [] as string[] }));
vi.mock('../../../extension/ui/VirtualList', () => ({
  VirtualList: ({ count, keyOf, onRange }: { count: number; keyOf: (i: number) => string; onRange: (start: number, end: number, active: number) => void }): ComponentChildren => {
    shown.ids = Array.from({ length: count }, (_, i) => keyOf(i));
    useEffect(() => onRange(Math.max(0, count - 10), count - 1, 0), [count]);
    return null;
  },
}));

const { SearchResults } = await import('../../../extension/ui/SearchResults');
const { SEARCH_PAGE } = await import('../../../extension/ui/use-search');

beforeEach(() => {
  calls.length = 0;
  library.ids = Array.from({ length: TOTAL }, (_, i) => `c${i}`);
});

async function scrolledToTheEnd(until: () => boolean) {
  const root = mountPoint();
  const filter = { state: 'all' as const, tag: null };
  await act(() => render(h(SearchResults, { ask: { query: '', filters: filter, sort: 'title' }, filter, tags: [], onOpen: () => undefined, onDeleteMany: async () => true }), root));
  for (let i = 0; i < 100 && !until() && !root.querySelector('[data-testid=search-error]'); i++) await wait(20);
  return root;
}

describe('search results scrolled past 200', () => {
  it('go on loading, every result once and in order, with no request the background refuses', async () => {
    const root = await scrolledToTheEnd(() => shown.ids.length >= TOTAL);
    expect(root.querySelector('[data-testid=search-error]')?.textContent ?? null).toBeNull();
    expect(calls.every((c) => c.limit <= 200)).toBe(true);
    expect(shown.ids).toEqual(library.ids);
    // Each step asks for the results past those shown, not all of them again.
    expect(calls.reduce((n, c) => n + c.limit, 0)).toBeLessThanOrEqual(TOTAL + SEARCH_PAGE);
  });

  it('shows a clip once when one is saved between two parts, and the new one once the index says it changed', async () => {
    let saved = false;
    await scrolledToTheEnd(() => {
      // Saved after the first 100 were shown: it pushes every later result one place down.
      if (!saved && shown.ids.length >= 100) ((saved = true), library.ids.unshift('new'));
      return shown.ids.length >= TOTAL;
    });
    expect(new Set(shown.ids).size).toBe(shown.ids.length);
    expect(shown.ids.slice(0, TOTAL).every((id, i) => id === `c${i}`)).toBe(true);
    const channel = new BroadcastChannel(SEARCH_CHANGED_CHANNEL);
    channel.postMessage('changed');
    channel.close();
    for (let i = 0; i < 50 && shown.ids[0] !== 'new'; i++) await wait(20);
    expect(shown.ids).toEqual(library.ids.slice(0, shown.ids.length));
    expect(calls.every((c) => c.limit <= 200)).toBe(true);
  });
});
