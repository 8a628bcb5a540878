import { INDEX_CHANGED_CHANNEL, readLiveRowsWhere, type ListFilter } from '../../src/index-db/list-query';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { loadListPosition, type ListPosition } from './last-view';
import { loadFilter } from './list-filter-store';
import { scanList, type ListScan } from './list-window';

/** The first screen's rows: what the side panel reads before anything else. */
export const FIRST_PAGE = 50;
/** Rows read beyond each edge of what is drawn, so a scroll finds them ready. */
export const MARGIN = 30;

/** The side panel's first read of the list: the first page, or (left scrolled down) every id and the rows about that place. */
export type FirstRead = { readonly page: ClipSummary[] } | { readonly scan: ListScan };

/** A first read of the list, started before the panel's code has loaded. */
export interface ListPrefetch {
  /** The filter it reads (the one the list was last left on). */
  readonly filter: ListFilter;
  /** Where that list was left, when it was left scrolled. */
  readonly left: ListPosition | null;
  /** The read (null where there is no IndexedDB). */
  readonly read: Promise<FirstRead> | null;
  /** Whether the index announced a write since the read started (the list then reads again). */
  changedSince(): boolean;
  /** Stops listening for those announcements. */
  close(): void;
}

/** Where the side panel's first script (entrypoints/list-prefetch.ts) leaves its read for the panel's code. */
const GLOBAL_KEY = '__commonplaceListPrefetch';

/** Starts the first read of the list now, listening for index writes announced from this moment. */
export function startListPrefetch(): ListPrefetch {
  performance.mark('cp-list-prefetch-start');
  let changed = false;
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(INDEX_CHANGED_CHANNEL);
  if (channel) channel.onmessage = () => void (changed = true);
  const filter: ListFilter = typeof localStorage === 'undefined' ? { state: 'all', tag: null } : loadFilter();
  const left = typeof localStorage === 'undefined' ? null : loadListPosition(filter);
  const near = (at: number) => (i: number) => i >= at - MARGIN && i <= at + FIRST_PAGE + MARGIN;
  const read: Promise<FirstRead> | null =
    typeof indexedDB === 'undefined'
      ? null
      : left && left.top > 0
        ? scanList(indexedDB, filter, near(left.top)).then((scan) => ({ scan }))
        : readLiveRowsWhere(indexedDB, filter, 0, FIRST_PAGE).then((page) => ({ page }));
  return { filter, left, read, changedSince: () => changed, close: () => channel?.close() };
}

/** Leaves a read started now where `takeListPrefetch` finds it (the side panel's first script). */
export function leaveListPrefetch(): void {
  (globalThis as { [GLOBAL_KEY]?: ListPrefetch })[GLOBAL_KEY] = startListPrefetch();
}

/**
 * The read the side panel's first script started (it runs before the panel's modules are even
 * fetched: 25-40 ms earlier in the 10,000-clip benchmark on the 2-core machine), taken once; else one started now.
 */
export function takeListPrefetch(): ListPrefetch {
  const g = globalThis as { [GLOBAL_KEY]?: ListPrefetch };
  const started = g[GLOBAL_KEY];
  delete g[GLOBAL_KEY];
  return started ?? startListPrefetch();
}
