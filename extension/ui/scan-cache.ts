/**
 * The last whole-list read of a page, kept while the list is not mounted (search results
 * replace it), so that coming back to the list shows it at once instead of reading every row
 * of the index again: at 10,000 clips that read took ~100-200 ms of the page's one thread,
 * and it ran right as the user typed the next query (bench:library's search p95 was 246 ms
 * against the background's own 16 ms).
 *
 * Kept data is valid only until the index announces a write: every announcement bumps an
 * epoch, and a read is kept with the epoch it started in. A write announced while a read
 * runs therefore makes that read stale too (the safe direction: one read too many).
 *
 * The one channel that hears announcements feeds both this cache and the mounted list
 * (`listen`): a list with a channel of its own, opened at mount, missed an announcement
 * posted just before it (a new BroadcastChannel gets only later messages) while the cache's
 * channel had not delivered it yet, and showed a stale list (an archived clip still in it).
 */
export interface ScanCache<F, T> {
  /** The epoch now: take it before a read starts, and keep the data with it. */
  epoch(): number;
  /** The index announced a write: everything kept so far is stale, and every listener hears it. */
  changed(): void;
  /** Calls `listener` on each `changed()` until the returned function is called. */
  listen(listener: () => void): () => void;
  /** Keeps `data`, read in `filter` by a read that started in `epoch`. */
  keep(filter: F, data: T, epoch: number): void;
  /** The kept data when it is `filter`'s and no write was announced since its read started. */
  take(filter: F): T | null;
}

/** A cache for one list (`same` compares filters). */
export function scanCache<F, T>(same: (a: F, b: F) => boolean): ScanCache<F, T> {
  let now = 0;
  let kept: { filter: F; data: T; epoch: number } | null = null;
  const listeners = new Set<() => void>();
  return {
    epoch: () => now,
    changed: () => {
      now++;
      for (const l of [...listeners]) l();
    },
    listen: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    keep: (filter, data, epoch) => void (kept = { filter, data, epoch }),
    take: (filter) => (kept && kept.epoch === now && same(kept.filter, filter) ? kept.data : null),
  };
}
