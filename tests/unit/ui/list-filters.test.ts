import { describe, expect, it } from 'vitest';
import { filterCounts } from '../../../extension/ui/ListFilters';
import type { LibraryFacets } from '../../../src/schema/clip-summary';

const facets: LibraryFacets = {
  all: 10,
  unread: 5,
  read: 2,
  archived: 3,
  favorites: 2,
  tags: [
    { tag: 'news', count: 6, states: { unread: 2, reading: 1, all: 3, favorites: 1, archived: 3 } },
    // Recorded before the Reading list: none in it.
    { tag: 'recipes', count: 4, states: { unread: 3, all: 4, favorites: 0, archived: 0 } },
    // Recorded by an older background: no counts per list.
    { tag: 'old', count: 2 },
  ],
};

describe("the filter bar's counts", () => {
  it('with no tag chosen: the library counts per state, and each tag in the chosen state, most first', () => {
    expect(filterCounts(facets, { state: 'all', tag: null })).toEqual({
      states: { unread: 5, reading: 0, all: 7, favorites: 2, archived: 3 },
      tags: [
        { tag: 'recipes', count: 4 },
        { tag: 'news', count: 3 },
        { tag: 'old', count: 2 },
      ],
    });
    expect(filterCounts(facets, { state: 'archived', tag: null }).tags).toEqual([
      { tag: 'news', count: 3 },
      { tag: 'old', count: 2 },
      { tag: 'recipes', count: 0 },
    ]);
  });

  it("with a tag chosen: each state counts that tag's clips (none for a tag no clip has now)", () => {
    expect(filterCounts(facets, { state: 'unread', tag: 'news' }).states).toEqual({ unread: 2, reading: 1, all: 3, favorites: 1, archived: 3 });
    expect(filterCounts(facets, { state: 'unread', tag: 'recipes' }).states.reading).toBe(0);
    expect(filterCounts(facets, { state: 'unread', tag: 'gone' }).states).toEqual({ unread: 0, reading: 0, all: 0, favorites: 0, archived: 0 });
    expect(filterCounts(facets, { state: 'all', tag: 'old' }).states).toEqual({ unread: 2, reading: 2, all: 2, favorites: 2, archived: 2 });
    // A library counted by this version: its Reading count.
    expect(filterCounts({ ...facets, reading: 4 }, { state: 'all', tag: null }).states.reading).toBe(4);
  });

  it('counts a chosen tag as the list matches it, by key: "News" chosen counts the clips tagged "news"', () => {
    expect(filterCounts(facets, { state: 'unread', tag: 'News' }).states).toEqual({ unread: 2, reading: 1, all: 3, favorites: 1, archived: 3 });
    expect(filterCounts(facets, { state: 'all', tag: '#NEWS' }).states.all).toBe(3);
  });
});
