import { useEffect, useState } from 'preact/hooks';
import { INDEX_CHANGED_CHANNEL } from '../../src/index-db/list-query';
import type { LibraryFacets } from '../../src/schema/clip-summary';
import { scanCache } from './scan-cache';

/** At most one `libraryFacets` call per this many ms while the index keeps changing (an import writes thousands of rows). */
const THROTTLE_MS = 700;

/**
 * The last counts this page got, kept until the index announces a write (the same kept-read
 * mechanism as the list's, scan-cache.ts, whose listeners are the mounted hooks): the list and
 * the search view mount in turn as the user types and clears a query, and each mount asked the
 * background again, beside the search.
 */
const lastFacets = scanCache<null, LibraryFacets>(() => true);
if (typeof BroadcastChannel !== 'undefined') new BroadcastChannel(INDEX_CHANGED_CHANNEL).onmessage = () => lastFacets.changed();

/**
 * The library's counts per state and per tag (`libraryFacets`), asked once and again after
 * index writes (announced on `INDEX_CHANGED_CHANNEL`), throttled: at most one call per 700 ms,
 * and always one after the last write. The protocol client loads lazily, so a list that shows
 * counts does not wait for zod to paint. `refresh` asks again now (after a rename, say).
 */
export function useFacets(): { facets: LibraryFacets | null; error: string | null; refresh: () => void } {
  const [facets, setFacets] = useState<LibraryFacets | null>(() => lastFacets.take(null));
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    let running = false;
    let again = false;
    const ask = async () => {
      if (running) return void (again = true);
      running = true;
      last = Date.now();
      const asOf = lastFacets.epoch();
      try {
        const { background } = await import('../messaging');
        const res = await background('libraryFacets', {});
        if (res.ok) lastFacets.keep(null, res.value, asOf);
        if (!alive) return;
        if (res.ok) (setFacets(res.value), setError(null));
        else setError(res.error.message);
      } finally {
        running = false;
        if (again && alive) ((again = false), schedule());
      }
    };
    const schedule = () => {
      if (timer !== undefined) return;
      timer = setTimeout(() => ((timer = undefined), void ask()), Math.max(0, last + THROTTLE_MS - Date.now()));
    };
    const unlisten = lastFacets.listen(schedule);
    // Counts got since the last index write are current: asked again only when asked to (`refresh`).
    if (!(asked === 0 && lastFacets.take(null))) void ask();
    return () => {
      alive = false;
      clearTimeout(timer);
      unlisten();
    };
  }, [asked]);
  return { facets, error, refresh: () => setAsked((n) => n + 1) };
}
