import { useEffect, useState } from 'preact/hooks';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { INDEX_CHANGED_CHANNEL, readLiveRows } from '../../src/index-db/list-query';

/**
 * The reading list, live: rows come straight from the derived index, which only the
 * background writes; it announces each write on a broadcast channel and the list
 * re-reads. `limit` grows as the user scrolls, so a 10,000-clip library renders its
 * first screen from one small index range.
 */
/** The first screen's rows, requested as soon as this module loads: the index read overlaps page start-up. */
export const FIRST_PAGE = 50;
performance.mark('cp-list-prefetch-start');
let prefetched: Promise<ClipSummary[]> | null = typeof indexedDB === 'undefined' ? null : readLiveRows(indexedDB, 0, FIRST_PAGE);
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

export function useClipList(limit: number): { rows: ClipSummary[] | null; error: string | null } {
  const [rows, setRows] = useState<ClipSummary[] | null>(() => (limit === FIRST_PAGE ? prefetchedRows : null));
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
          const first = limit === FIRST_PAGE ? prefetched : null;
          prefetched = null;
          const next = await (first ?? readLiveRows(indexedDB, 0, limit));
          performance.mark('cp-list-read-end');
          if (alive) (setRows(next), setError(null));
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
  }, [limit]);
  return { rows, error };
}
