// @vitest-environment jsdom
/**
 * The filter bar draws its state counts at first paint from the ones it showed last (for the same
 * tag), so its buttons keep their place when `libraryFacets` answers: before, they were drawn
 * without counts and each widened as the counts came, moving the buttons after it under a click
 * aimed as the panel appeared (CI on 62840bf: a click on Archived was lost that way).
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ListFilters } from '../../../extension/ui/ListFilters';
import { loadStateCounts, saveStateCounts } from '../../../extension/ui/state-counts-cache';
import type { LibraryFacets } from '../../../src/schema/clip-summary';
import type { ListFilter } from '../../../src/index-db/list-query';

const facets: LibraryFacets = { all: 1240, unread: 900, reading: 12, read: 300, archived: 40, favorites: 7, tags: [{ tag: 'news', count: 5, states: { unread: 2, reading: 0, all: 5, favorites: 1, archived: 0 } }] };

let root: HTMLElement;
beforeEach(() => {
  localStorage.clear();
  root = document.body.appendChild(document.createElement('div'));
});
afterEach(async () => {
  await act(() => render(null, root));
  root.remove();
});

const draw = (filter: ListFilter, f: LibraryFacets | null) => act(() => render(h(ListFilters, { filter, facets: f, onChange: () => undefined }), root));
const shownCounts = () => [...root.querySelectorAll('[data-testid=filter-state]')].map((b) => `${b.getAttribute('data-state')} ${b.querySelector('[data-testid=state-count]')!.textContent}`);

describe("the filter bar's counts before the library's are in", () => {
  it('are the ones shown last, for the same tag, then the new ones', async () => {
    await draw({ state: 'all', tag: null }, facets);
    expect(shownCounts()).toEqual(['unread 900', 'reading 12', 'all 1,200', 'favorites 7', 'archived 40']);
    await act(() => render(null, root));
    // The next panel: drawn before the background answers.
    await draw({ state: 'all', tag: null }, null);
    expect(shownCounts()).toEqual(['unread 900', 'reading 12', 'all 1,200', 'favorites 7', 'archived 40']);
    await draw({ state: 'all', tag: null }, { ...facets, unread: 901, all: 1241 });
    expect(shownCounts()[0]).toBe('unread 901');
    expect(loadStateCounts(null)?.unread).toBe(901);
  });

  it('are not drawn for another tag than the one they were counted for, nor from a damaged record', async () => {
    await draw({ state: 'all', tag: 'news' }, facets);
    expect(loadStateCounts('news')).toEqual({ unread: 2, reading: 0, all: 5, favorites: 1, archived: 0 });
    await draw({ state: 'all', tag: null }, null);
    expect(shownCounts()).toEqual(['unread ', 'reading ', 'all ', 'favorites ', 'archived ']);
    for (const bad of ['{', '[]', '{"tag":null,"states":{"unread":-1,"reading":0,"all":0,"favorites":0,"archived":0}}', '{"tag":null,"states":{"unread":"9"}}']) {
      localStorage.setItem('commonplace-state-counts', bad);
      expect(loadStateCounts(null)).toBeNull();
    }
  });

  it('are kept only when they changed', () => {
    saveStateCounts(null, { unread: 1, reading: 0, all: 1, favorites: 0, archived: 0 });
    const before = localStorage.getItem('commonplace-state-counts');
    saveStateCounts(null, { unread: 1, reading: 0, all: 1, favorites: 0, archived: 0 });
    expect(localStorage.getItem('commonplace-state-counts')).toBe(before);
  });
});
