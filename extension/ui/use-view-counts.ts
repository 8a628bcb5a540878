import { useEffect, useRef, useState } from 'preact/hooks';
import type { LibraryFacets } from '../../src/schema/clip-summary';
import type { ViewId } from '../../src/schema/ids';
import { SEARCH_CHANGED_CHANNEL } from '../../src/schema/plain-values';
import type { SavedView, ViewSpec } from '../../src/schema/saved-view';
import { filterCounts } from './ListFilters';
import { optionFilters } from './search-options';

/** How many clips a view's list holds; `exact` false when the search could only estimate it ("about"). */
export interface ViewCount {
  readonly count: number;
  readonly exact: boolean;
}

/** How long after the panel's first paint, and after the last change announced, searched views are counted. */
const COUNT_AFTER_MS = 1_000;
/** How long before views left uncounted (the index rebuilding, a failed call) are asked again. */
const RETRY_MS = 3_000;

/** Whether a view's list is the filter bar's alone (a state and a tag, in any order): counted from the library's counts, with no search. */
export const countedFromFacets = (s: ViewSpec): boolean => s.query.trim() === '' && s.site.trim() === '' && !s.from && !s.to;

/** The count of a view made of a state and a tag, as the filter bar counts that choice. */
export const facetCount = (facets: LibraryFacets, s: ViewSpec): number => filterCounts(facets, { state: s.state, tag: s.tag }).states[s.state];

/** The key of what a searched view asks (two views asking the same are counted once). */
const askKey = (s: ViewSpec) => JSON.stringify([s.query.trim(), s.state, s.tag, s.site.trim(), s.from, s.to]);

/**
 * Each saved view's count, shown on its chip. A view of a state and a tag is counted from the
 * library's counts the filter bar already has (`facets`), at once and as they change. A view with
 * words, a site or dates is counted by the search (`search`, one result asked, its total): a
 * second after the panel's first paint, one view at a time, and again a second after the
 * background announces that the search index took in a change (`SEARCH_CHANGED_CHANNEL`). While
 * the index is rebuilt, or when a search fails, that view shows no count rather than a wrong one,
 * and is asked again 3 s later.
 */
export function useViewCounts(views: readonly SavedView[], facets: LibraryFacets | null): ReadonlyMap<ViewId, ViewCount> {
  const [searched, setSearched] = useState<ReadonlyMap<string, ViewCount>>(new Map());
  const [changes, setChanges] = useState(0);
  const asks = [...new Set(views.filter((v) => !countedFromFacets(v.spec)).map((v) => askKey(v.spec)))].sort();
  const asksKey = JSON.stringify(asks);
  // What each key asks, as the views are now (read by the count run, which follows `asksKey`, not `views`).
  const specs = useRef(new Map<string, ViewSpec>());
  specs.current = new Map(views.map((v) => [askKey(v.spec), v.spec]));

  useEffect(() => {
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(SEARCH_CHANGED_CHANNEL);
    if (channel) channel.onmessage = () => setChanges((n) => n + 1);
    return () => channel?.close();
  }, []);

  useEffect(() => {
    if (asks.length === 0) return;
    let alive = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const timer = setTimeout(async () => {
      const { background } = await import('../messaging');
      const next = new Map<string, ViewCount>();
      let missing = false;
      for (const key of asks) {
        const s = specs.current.get(key);
        if (!s || !alive) continue;
        const res = await background('search', { query: s.query, offset: 0, limit: 1, filters: { state: s.state, tag: s.tag, ...optionFilters(s) } });
        if (res.ok && res.value.status === 'ready') next.set(key, { count: res.value.total, exact: res.value.totalExact });
        else missing = true;
      }
      if (!alive) return;
      setSearched(next);
      // Not counted (the index rebuilding, the background restarting): asked again a little later, until it is.
      if (missing) retry = setTimeout(() => setChanges((n) => n + 1), RETRY_MS);
    }, COUNT_AFTER_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
      clearTimeout(retry);
    };
  }, [asksKey, changes]);

  const out = new Map<ViewId, ViewCount>();
  for (const v of views) {
    if (countedFromFacets(v.spec)) {
      if (facets) out.set(v.id, { count: facetCount(facets, v.spec), exact: true });
    } else {
      const c = searched.get(askKey(v.spec));
      if (c) out.set(v.id, c);
    }
  }
  return out;
}
