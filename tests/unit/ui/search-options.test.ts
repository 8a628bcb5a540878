// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { SearchRequestSchema } from '../../../src/schema/search-result';
import { activeFilterCount, DEFAULT_SEARCH_OPTIONS, loadSearchOptions, optionFilters, saveSearchOptions, sortsBeyondList } from '../../../extension/ui/search-options';
import { asksSomething } from '../../../extension/ui/use-search';

describe('search options (the search controls, kept in localStorage)', () => {
  beforeEach(() => localStorage.clear());

  it('are remembered and read back, the defaults when nothing or something broken is stored', () => {
    expect(loadSearchOptions()).toEqual(DEFAULT_SEARCH_OPTIONS);
    const chosen = { sort: 'title', site: 'lights.example', from: '2024-03-01', to: '2024-03-31' } as const;
    saveSearchOptions(chosen);
    expect(loadSearchOptions()).toEqual(chosen);
    localStorage.setItem('commonplace-search-options', JSON.stringify({ sort: 'random', site: 42, from: '2024', to: '2024-03-31' }));
    expect(loadSearchOptions()).toEqual({ sort: 'relevance', site: '', from: '', to: '2024-03-31' });
    localStorage.setItem('commonplace-search-options', '{not json');
    expect(loadSearchOptions()).toEqual(DEFAULT_SEARCH_OPTIONS);
    saveSearchOptions(DEFAULT_SEARCH_OPTIONS);
    expect(localStorage.getItem('commonplace-search-options')).toBeNull();
  });

  it('become request fields only when set, which the request schema accepts', () => {
    expect(optionFilters(DEFAULT_SEARCH_OPTIONS)).toEqual({});
    expect(activeFilterCount(DEFAULT_SEARCH_OPTIONS)).toBe(0);
    const o = { sort: 'oldest', site: ' lights.example ', from: '2024-03-01', to: '' } as const;
    expect(optionFilters(o)).toEqual({ site: 'lights.example', from: '2024-03-01' });
    expect(activeFilterCount(o)).toBe(2);
    const request = { query: 'lightho', offset: 0, limit: 20, sort: o.sort, filters: { state: 'unread', tag: 'x', ...optionFilters(o) } };
    expect(SearchRequestSchema.safeParse(request).success).toBe(true);
  });

  it('an order the list does not have (oldest, title) lists the clips through the search with nothing typed; newest is the list', () => {
    for (const sort of ['relevance', 'saved'] as const) {
      expect(sortsBeyondList({ sort })).toBe(false);
      expect(asksSomething({ query: ' ', sort, filters: { state: 'all', tag: null } })).toBe(false);
    }
    for (const sort of ['oldest', 'title'] as const) {
      expect(sortsBeyondList({ sort })).toBe(true);
      expect(asksSomething({ query: '', sort, filters: { state: 'unread', tag: 'x' } })).toBe(true);
    }
    expect(asksSomething({ query: '', filters: { site: 'a.example' } })).toBe(true);
  });
});
