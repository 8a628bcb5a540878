import type { SearchFiltersInput, SearchSort } from '../../src/schema/search-result';

/**
 * The search controls' choices (the order, a site, a saved-date range), sent with every search as
 * data, never as words appended to the query. Dates are days as a date input gives them
 * (`YYYY-MM-DD`, both ends included) or ''.
 */
export interface SearchOptions {
  readonly sort: SearchSort;
  readonly site: string;
  readonly from: string;
  readonly to: string;
}

/** No site, no dates, by relevance (newest first when nothing is typed). */
export const DEFAULT_SEARCH_OPTIONS: SearchOptions = { sort: 'relevance', site: '', from: '', to: '' };

/** The orders offered, as the sort menu names them (the engine's `SortOrder`). */
export const SORT_LABELS: ReadonlyArray<readonly [SearchSort, string]> = [
  ['relevance', 'Relevance'],
  ['saved', 'Newest'],
  ['oldest', 'Oldest'],
  ['title', 'Title A–Z'],
  ['shortest', 'Shortest first'],
  ['longest', 'Longest first'],
  ['published', 'Recently published'],
  ['progress', 'Most read first'],
];

/** Where the side panel keeps them (this extension's localStorage), beside the list's filter. */
const KEY = 'commonplace-search-options';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Longest site kept (as the request schema allows). */
export const MAX_SITE_CHARS = 300;

/** The choices the search was last left with (restored when the side panel opens again), else the defaults. */
export function loadSearchOptions(): SearchOptions {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Record<keyof SearchOptions, unknown>> | null;
    if (!raw || typeof raw !== 'object') return DEFAULT_SEARCH_OPTIONS;
    const day = (v: unknown) => (typeof v === 'string' && DAY.test(v) ? v : '');
    return {
      sort: SORT_LABELS.find(([s]) => s === raw.sort)?.[0] ?? 'relevance',
      site: typeof raw.site === 'string' ? raw.site.slice(0, MAX_SITE_CHARS) : '',
      from: day(raw.from),
      to: day(raw.to),
    };
  } catch {
    return DEFAULT_SEARCH_OPTIONS;
  }
}

/** Remembers the search controls' choices for the next time the side panel opens. */
export function saveSearchOptions(options: SearchOptions): void {
  try {
    if (sameOptions(options, DEFAULT_SEARCH_OPTIONS)) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, JSON.stringify(options));
  } catch {
    // Storage refused: the search still works, it just opens with the defaults.
  }
}

/** Whether two sets of choices are the same. */
export const sameOptions = (a: SearchOptions, b: SearchOptions) => a.sort === b.sort && a.site === b.site && a.from === b.from && a.to === b.to;

/** Whether the order chosen is one the reading list does not have (oldest first, by title, by length, by publication, by progress): the search lists the clips in it, even with nothing typed. */
export const sortsBeyondList = (o: { readonly sort?: SearchSort }) => o.sort !== undefined && o.sort !== 'relevance' && o.sort !== 'saved';

/**
 * The orders offered when nothing is typed: relevance means newest first then (the list's own
 * order), so it is named so, and "Newest" is not offered twice.
 */
export const LIST_SORT_LABELS: ReadonlyArray<readonly [SearchSort, string]> = [['relevance', 'Newest'], ...SORT_LABELS.filter(([sort]) => sortsBeyondList({ sort }))];

/** How many filters (site, from, to) are set: a search with one shows results even with nothing typed. */
export const activeFilterCount = (o: SearchOptions) => [o.site.trim(), o.from, o.to].filter(Boolean).length;

/** The choices as the request's filter fields (only those set). */
export function optionFilters(o: SearchOptions): Pick<SearchFiltersInput, 'site' | 'from' | 'to'> {
  return {
    ...(o.site.trim() && { site: o.site.trim() }),
    ...(DAY.test(o.from) && { from: o.from }),
    ...(DAY.test(o.to) && { to: o.to }),
  };
}
