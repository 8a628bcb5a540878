import { useEffect, useState } from 'preact/hooks';
import type { ClipRow } from '../../src/index-db/clip-index';
import { INDEX_CHANGED_CHANNEL, readLiveRows } from '../../src/index-db/list-query';

/**
 * The reading list, live: rows come straight from the derived index, which only the
 * background writes; it announces each write on a broadcast channel and the list
 * re-reads. `limit` grows as the user scrolls, so a 10,000-clip library renders its
 * first screen from one small index range.
 */
export function useClipList(limit: number): { rows: ClipRow[] | null; error: string | null } {
  const [rows, setRows] = useState<ClipRow[] | null>(null);
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
          const next = await readLiveRows(indexedDB, 0, limit);
          performance.mark('cp-list-read-end');
          if (alive) (setRows(next), setError(null));
        } while (again && alive);
      } catch (e) {
        if (alive) setError(e instanceof Error ? e.message : String(e));
      } finally {
        running = false;
      }
    };
    void load();
    const channel = new BroadcastChannel(INDEX_CHANGED_CHANNEL);
    channel.onmessage = () => void load();
    return () => {
      alive = false;
      channel.close();
    };
  }, [limit]);
  return { rows, error };
}
