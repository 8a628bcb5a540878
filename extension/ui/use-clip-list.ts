import { useEffect, useState } from 'preact/hooks';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { INDEX_CHANGED_CHANNEL, readLiveRowsWhere, type ListFilter } from '../../src/index-db/list-query';
import { loadFilter, sameFilter } from './list-filter-store';

/** The first screen's rows, requested as soon as this module loads: the index read overlaps page start-up. */
export const FIRST_PAGE = 50;
/** The filter the first page was read with (the one the list was last left on). */
export const initialFilter: ListFilter = typeof localStorage === 'undefined' ? { state: 'all', tag: null } : loadFilter();
performance.mark('cp-list-prefetch-start');
let prefetched: Promise<ClipSummary[]> | null = typeof indexedDB === 'undefined' ? null : readLiveRowsWhere(indexedDB, initialFilter, 0, FIRST_PAGE);
let prefetchedRows: ClipSummary[] | null = null;
/**
 * Settles when the first page has been read (or failed to be). The side panel renders
 * once this settles, so its first render already holds the rows: no "Loading…" frame,
 * and no frame's wait for an effect to ask for them.
 */
export const firstPageRead: Promise<void> = prefetched
  ? prefetched.then(
      (rows) => {
        performance.mark('cp-list-prefetch-end');
        prefetchedRows = rows;
      },
      () => undefined,
    )
  : Promise.resolve();
// A write announced before the list subscribes must not be missed: remember it and re-read.
let changedBeforeSubscribe = false;
let early: BroadcastChannel | null = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(INDEX_CHANGED_CHANNEL);
if (early) early.onmessage = () => void (changedBeforeSubscribe = true);

/**
 * The reading list in `filter`, live: rows come straight from the derived index, which only
 * the background writes; it announces each write on a broadcast channel and the list
 * re-reads. `limit` grows as the user scrolls, so a 10,000-clip library renders its first
 * screen from one small index read. A new filter keeps the rows shown until its own are read.
 */
export function useClipList(limit: number, filter: ListFilter): { rows: ClipSummary[] | null; shown: ListFilter; error: string | null } {
  const first = limit === FIRST_PAGE && sameFilter(filter, initialFilter);
  // The rows with the filter they were read for (the list says which one it shows while the next is read).
  const [read, setRead] = useState<{ rows: ClipSummary[] | null; filter: ListFilter }>(() => ({ rows: first ? prefetchedRows : null, filter }));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    let again = false;
    let running = false;
    const load = async () => {
      if (running) return void (again = true);
      running = true;
      try {
        do {
          again = false;
          performance.mark('cp-list-read-start');
          const pre = first ? prefetched : null;
          prefetched = null;
          const next = await (pre ?? readLiveRowsWhere(indexedDB, filter, 0, limit));
          performance.mark('cp-list-read-end');
          if (alive) (setRead({ rows: next, filter }), setError(null));
        } while (again && alive);
      } catch (e) {
        if (alive) setError(e instanceof Error ? e.message : String(e));
      } finally {
        running = false;
      }
    };
    const channel = new BroadcastChannel(INDEX_CHANGED_CHANNEL);
    channel.onmessage = () => void load();
    early?.close();
    early = null;
    void load().then(() => {
      if (changedBeforeSubscribe) {
        changedBeforeSubscribe = false;
        void load();
      }
    });
    return () => {
      alive = false;
      channel.close();
    };
  }, [limit, filter.state, filter.tag]);
  return { rows: read.rows, shown: read.filter, error };
}
