import { useEffect, useRef, useState } from 'preact/hooks';
import type { Marks } from './use-marks';
import { allResultIds, type SearchAsk } from './use-search';

/** How often "Select all" reads the ids again when the results keep changing while it reads them. */
const MAX_READS = 5;

/** What {@link useSelectAll} gives the search results. */
export interface SelectAll {
  /** Marks the loaded rows at once, then every result (read from the background). */
  readonly selectAll: () => Promise<void>;
  /** Why the ids could not be read, shown with the bar; null when they were. */
  readonly error: string | null;
}

/**
 * "Select all" over search results, kept true to them. Another search starts with nothing marked.
 * When the number of results changes (clips archived out of "Unread", deleted in another panel or
 * on another device), what was marked beyond the loaded rows is read again and what left the
 * results is unmarked. A change while "Select all" is still reading the ids makes it read them
 * again, so a clip that left meanwhile is not marked; another search meanwhile drops the read.
 * `read` is the ids' reader (tests pass their own).
 */
export function useSelectAll(ask: SearchAsk, total: number | undefined, marks: Marks, read = allResultIds): SelectAll {
  const askKey = JSON.stringify(ask);
  const [error, setError] = useState<string | null>(null);
  // Bumped whenever the results may have changed: their number, or the search itself.
  const changes = useRef(0);
  const currentAsk = useRef(askKey);
  currentAsk.current = askKey;
  useEffect(() => void changes.current++, [total, askKey]);
  useEffect(() => {
    marks.clear();
    setError(null);
  }, [askKey]);
  useEffect(() => {
    if (total === undefined || !marks.beyondList()) return;
    let alive = true;
    void read(ask).then((all) => alive && !('error' in all) && marks.retain(all.ids));
    return () => void (alive = false);
  }, [total]);

  const selectAll = async () => {
    marks.mark(0, 'all');
    for (let reads = 1; ; reads++) {
      const seen = changes.current;
      const all = await read(ask);
      if (currentAsk.current !== askKey) return;
      if ('error' in all) return setError(all.error);
      if (changes.current !== seen && reads < MAX_READS) continue;
      setError(null);
      return marks.add(all.ids);
    }
  };
  return { selectAll, error };
}
