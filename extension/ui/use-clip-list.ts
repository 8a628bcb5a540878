import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import type { ClipRow } from '../../src/index-db/clip-index';
import { IndexDatabase, listLive } from '../../src/index-db/dexie-clip-index';

let db: IndexDatabase | null = null;

/**
 * The reading list, live: rows come straight from the derived index (the background
 * writes it; Dexie broadcasts changes to every extension page). `limit` grows as the
 * user scrolls, so a 10,000-clip library renders its first screen from one small query.
 */
export function useClipList(limit: number): { rows: ClipRow[] | null; error: string | null } {
  const [rows, setRows] = useState<ClipRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    db ??= new IndexDatabase();
    const sub = liveQuery(() => listLive(db!, 0, limit)).subscribe({
      next: (r) => setRows(r),
      error: (e) => setError(e instanceof Error ? e.message : String(e)),
    });
    return () => sub.unsubscribe();
  }, [limit]);
  return { rows, error };
}
