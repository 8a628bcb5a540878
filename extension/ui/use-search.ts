import { useEffect, useRef, useState } from 'preact/hooks';
import { SEARCH_CHANGED_CHANNEL, type SearchPage } from '../../src/schema/search-result';
import { background } from '../messaging';

/** Results asked for at first, and added by "More results" (a side panel shows about ten: fewer snippets to read and rows to draw per keystroke). */
export const SEARCH_PAGE = 20;

/** What a search shows: the page(s) so far, or an error; `at` is when the answer was rendered-ready (benchmarks). */
export interface SearchState {
  readonly query: string;
  readonly page: SearchPage | null;
  readonly error: string | null;
  readonly loading: boolean;
}

/**
 * Searches as the user types: every keystroke asks the background (`search`), and an answer to
 * an older keystroke is dropped, so results always match what the box says. `limit` grows with
 * "More results". While the index is rebuilt the search is asked again every second, so results
 * fill in; a change the index took in (`SEARCH_CHANGED_CHANNEL`: a save, an edit, a synced
 * change) asks again too.
 */
export function useSearch(query: string, limit: number): SearchState {
  const [state, setState] = useState<SearchState>({ query, page: null, error: null, loading: false });
  const seq = useRef(0);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (query.trim() === '') return setState({ query, page: null, error: null, loading: false });
    const mine = ++seq.current;
    setState((s) => ({ ...s, query, loading: true }));
    void background('search', { query, offset: 0, limit }).then((res) => {
      if (mine !== seq.current) return;
      if (res.ok) setState({ query, page: res.value, error: null, loading: false });
      else setState({ query, page: null, error: res.error.message, loading: false });
    });
  }, [query, limit, tick]);

  // Rebuilding: ask again every second until ready.
  useEffect(() => {
    if (state.page?.status !== 'rebuilding') return;
    const timer = setTimeout(() => setTick((t) => t + 1), 1_000);
    return () => clearTimeout(timer);
  }, [state.page]);

  // The index took in a change (a save, an edit, a synced change): the results may have too.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const channel = new BroadcastChannel(SEARCH_CHANGED_CHANNEL);
    channel.onmessage = () => {
      if (timer) return;
      timer = setTimeout(() => ((timer = null), setTick((t) => t + 1)), 100);
    };
    return () => {
      channel.close();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return state;
}
