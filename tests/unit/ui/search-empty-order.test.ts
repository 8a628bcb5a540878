// @vitest-environment jsdom
/**
 * The list ordered through the search (Title A–Z, Oldest, … with nothing typed: SidePanel shows the
 * search view then) says why it is empty as the list does: "Nothing saved yet" in an empty library,
 * "No unread clips" in an empty Unread, with the way out. It said "Nothing matches these filters.
 * Check the spelling, use fewer words, or remove a filter (tag:, state:, site:)": no word was typed.
 */
import 'fake-indexeddb/auto';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { INDEX_CHANGED_CHANNEL } from '../../../src/index-db/list-query';
import type { LibraryFacets } from '../../../src/schema/clip-summary';
import { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from '../../../extension/ui/search-options';
import { mountPoint, wait } from './list-dom';

const facets = vi.hoisted(() => ({ current: null as LibraryFacets | null }));
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string) => {
    if (method === 'libraryFacets') return { ok: true, value: facets.current };
    if (method === 'search') return { ok: true, value: { status: 'ready', total: 0, totalExact: true, hits: [], problems: [] } };
    return new Promise(() => undefined);
  }),
}));

const { SearchView } = await import('../../../extension/ui/SearchResults');

async function view(query: string, state: 'all' | 'unread', options: SearchOptions = { ...DEFAULT_SEARCH_OPTIONS, sort: 'title' }) {
  // The counts are kept per page until the index announces a change: announced, so each test's are asked for.
  const channel = new BroadcastChannel(INDEX_CHANGED_CHANNEL);
  channel.postMessage('changed');
  channel.close();
  await wait(20);
  const root = mountPoint();
  const filters: unknown[] = [];
  await act(() => render(h(SearchView, { query, filter: { state, tag: null }, onFilter: (f) => void filters.push(f), options, onOptions: () => undefined, onOpen: () => undefined, onDeleteMany: async () => true }), root));
  for (let i = 0; i < 50 && !root.querySelector('[data-testid=empty-list], [data-testid=search-empty]'); i++) await wait(20);
  await wait(20);
  return { root, filters };
}

describe('an empty list ordered by title, nothing typed', () => {
  it('in an empty library says nothing is saved yet, and how to save', async () => {
    facets.current = { all: 0, unread: 0, reading: 0, read: 0, archived: 0, favorites: 0, tags: [] };
    const { root } = await view('', 'all');
    expect(root.querySelector('[data-testid=empty-list] h2')?.textContent).toBe('Nothing saved yet');
    expect(root.querySelector('[data-testid=search-empty]')).toBeNull();
  });

  it('in an empty Unread says so, with the way back to every clip', async () => {
    facets.current = { all: 3, unread: 0, reading: 0, read: 3, archived: 0, favorites: 0, tags: [] };
    const { root, filters } = await view('', 'unread');
    expect(root.querySelector('[data-testid=empty-list] h2')?.textContent).toBe('No unread clips');
    await act(() => root.querySelector<HTMLButtonElement>('[data-testid=reset-filter]')!.click());
    expect(filters).toEqual([{ state: 'all', tag: null }]);
  });

  it('with a site chosen, says to change the filters, not the spelling of words never typed', async () => {
    facets.current = { all: 3, unread: 3, reading: 0, read: 0, archived: 0, favorites: 0, tags: [] };
    const { root } = await view('', 'all', { ...DEFAULT_SEARCH_OPTIONS, site: 'nowhere.example' });
    const text = root.querySelector('[data-testid=search-empty]')?.textContent ?? '';
    expect(text).toContain('Nothing matches these filters.');
    expect(text).not.toContain('spelling');
  });

  it('with words typed, still says nothing matches them', async () => {
    facets.current = { all: 3, unread: 3, reading: 0, read: 0, archived: 0, favorites: 0, tags: [] };
    const { root } = await view('zebra', 'all');
    expect(root.querySelector('[data-testid=search-empty]')?.textContent).toContain('Nothing matches “zebra”.');
  });
});
