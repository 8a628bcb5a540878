import { DEFAULT_FILTER, type ListFilter } from '../../src/index-db/list-query';
import { isTagName } from '../../src/library/tags';
import { LIST_STATES } from '../../src/schema/plain-values';

/** Where the side panel keeps the list's last filter (this extension's localStorage). */
const KEY = 'commonplace-list-filter';

/**
 * The filter the list was last left on (restored when the side panel opens again), else the
 * default. A stored tag no clip can have (empty, blank: `isTagName`) is left out; one longer than
 * the library now keeps, stored before the cap, stays.
 */
export function loadFilter(): ListFilter {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<ListFilter> | null;
    const state = LIST_STATES.find((s) => s === raw?.state);
    const tag = typeof raw?.tag === 'string' && raw.tag.length <= 1_000 && isTagName(raw.tag) ? raw.tag : null;
    return state ? { state, tag } : DEFAULT_FILTER;
  } catch {
    return DEFAULT_FILTER;
  }
}

/** Remembers `filter` for the next time the side panel opens. */
export function saveFilter(filter: ListFilter): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(filter));
  } catch {
    // Storage refused (quota, privacy settings): the list still works, it just opens on the default.
  }
}

/** Whether two filters name the same list. */
export const sameFilter = (a: ListFilter, b: ListFilter) => a.state === b.state && a.tag === b.tag;

/** Where the side panel keeps what was last typed in its search box. */
const QUERY_KEY = 'commonplace-search-query';

/** The search last typed (restored with the filter when the side panel opens again). */
export function loadQuery(): string {
  try {
    return (localStorage.getItem(QUERY_KEY) ?? '').slice(0, 4_000);
  } catch {
    return '';
  }
}

/** Remembers the search box's text for the next time the side panel opens. */
export function saveQuery(query: string): void {
  try {
    if (query) localStorage.setItem(QUERY_KEY, query);
    else localStorage.removeItem(QUERY_KEY);
  } catch {
    // Storage refused: the search still works, it just opens empty.
  }
}
