import { useEffect, useState } from 'preact/hooks';
import { INDEX_CHANGED_CHANNEL } from '../../src/index-db/list-query';
import type { LibraryFacets } from '../../src/schema/clip-summary';

/** At most one `libraryFacets` call per this many ms while the index keeps changing (an import writes thousands of rows). */
const THROTTLE_MS = 700;

/**
 * The last counts this page got, and the index announcements since (one channel for the page,
 * whose listeners are the mounted hooks): the list and the search view mount in turn as the
 * user types and clears a query, and each mount asked the background again, beside the search.
 */
let lastFacets: LibraryFacets | null = null;
let lastEpoch = -1;
let epoch = 0;
const listeners = new Set<() => void>();
/** The call in flight and the index epoch it was made at: hooks mounted together (the list, the saved views) share it. */
let inFlight: { epoch: number; answer: Promise<Awaited<ReturnType<typeof askFacets>>> } | null = null;
const askFacets = async () => (await import('../messaging')).background('libraryFacets', {});
/** One `libraryFacets` call per index epoch, however many hooks ask at once. */
function facetsAsOf(asOf: number) {
  if (inFlight?.epoch !== asOf) {
    const answer = askFacets().finally(() => void (inFlight?.answer === answer && (inFlight = null)));
    inFlight = { epoch: asOf, answer };
  }
  return inFlight.answer;
}
if (typeof BroadcastChannel !== 'undefined') {
  new BroadcastChannel(INDEX_CHANGED_CHANNEL).onmessage = () => {
    epoch++;
    for (const l of [...listeners]) l();
  };
}

/**
 * The library's counts per state and per tag (`libraryFacets`), asked once and again after
 * index writes (announced on `INDEX_CHANGED_CHANNEL`), throttled: at most one call per 700 ms,
 * and always one after the last write; hooks asking at once (the list's filter bar and the saved
 * views) share one call. The protocol client loads lazily, so a list that shows counts does not
 * wait for zod to paint. `refresh` asks again now (after a rename, say).
 */
export function useFacets(): { facets: LibraryFacets | null; error: string | null; refresh: () => void } {
  const [facets, setFacets] = useState<LibraryFacets | null>(lastFacets);
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
      const asOf = epoch;
      try {
        const res = await facetsAsOf(asOf);
        if (res.ok) ((lastFacets = res.value), (lastEpoch = asOf));
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
    listeners.add(schedule);
    // Counts got since the last index write are current: asked again only when asked to (`refresh`).
    if (!(asked === 0 && lastFacets && lastEpoch === epoch)) void ask();
    return () => {
      alive = false;
      clearTimeout(timer);
      listeners.delete(schedule);
    };
  }, [asked]);
  return { facets, error, refresh: () => setAsked((n) => n + 1) };
}
