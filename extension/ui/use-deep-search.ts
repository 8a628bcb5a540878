import { useEffect, useRef, useState } from 'preact/hooks';
import type { DeepSearchRequest, DeepSearchStep } from '../../src/schema/deep-search';
import { background } from '../messaging';
import type { SearchAsk } from './use-search';

/** How long each step of the deep search may run in the background before it answers (progress shows between steps). */
export const DEEP_STEP_MS = 300;

/** Where a deep search is: idle (not asked), running (with progress), done, stopped, or failed. */
export interface DeepSearchState {
  readonly phase: 'idle' | 'running' | 'done' | 'stopped' | 'failed';
  /** Clips found, in the order found, none twice. */
  readonly hits: DeepSearchStep['hits'];
  /** Clips passing the filters searched so far, of `total`. */
  readonly scanned: number;
  readonly total: number;
  readonly error: string | null;
}

const IDLE: DeepSearchState = { phase: 'idle', hits: [], scanned: 0, total: 0, error: null };

/**
 * The deep search of `ask` (src/search/deep-search.ts): `start` asks `searchDeep` step after step
 * (each resumes at the cursor the last one answered; nothing is held in the background between
 * them) until the whole library is searched or `stop` is called, adding the hits not already in
 * `shown` (the regular results) nor found before. A new `ask` (typing, a filter) cancels it and
 * goes back to idle; an answer to an older run is dropped.
 */
export function useDeepSearch(ask: SearchAsk, shown: ReadonlySet<string>): { state: DeepSearchState; start: () => void; stop: () => void } {
  const key = JSON.stringify([ask.query, ask.filters ?? null, ask.sort ?? null]);
  const [state, setState] = useState<DeepSearchState>(IDLE);
  const run = useRef(0);
  const shownRef = useRef(shown);
  shownRef.current = shown;

  useEffect(() => {
    run.current++;
    setState(IDLE);
    return () => void run.current++;
  }, [key]);

  const start = () => {
    const mine = ++run.current;
    setState({ ...IDLE, phase: 'running' });
    void (async () => {
      let cursor: string | null = null;
      const seen = new Set<string>();
      for (;;) {
        const request: DeepSearchRequest = { query: ask.query, cursor, budgetMs: DEEP_STEP_MS, ...(ask.filters && { filters: ask.filters }), ...(ask.sort && { sort: ask.sort }) };
        const res = await background('searchDeep', request);
        if (mine !== run.current) return;
        if (!res.ok) return setState((s) => ({ ...s, phase: 'failed', error: res.error.message }));
        const step: DeepSearchStep = res.value;
        const fresh = step.hits.filter((h) => !seen.has(h.clip.id) && !shownRef.current.has(h.clip.id));
        for (const h of fresh) seen.add(h.clip.id);
        setState((s) => ({ phase: step.next === null ? 'done' : 'running', hits: fresh.length > 0 ? [...s.hits, ...fresh] : s.hits, scanned: step.scanned, total: step.total, error: null }));
        if (step.next === null) return;
        cursor = step.next;
      }
    })();
  };

  const stop = () => {
    run.current++;
    setState((s) => (s.phase === 'running' ? { ...s, phase: 'stopped' } : s));
  };

  return { state, start, stop };
}
