import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { SEARCH_CHANGED_CHANNEL } from '../../src/schema/plain-values';
import type { SearchFiltersInput, SearchPage, SearchSort } from '../../src/schema/search-result';
import { background } from '../messaging';
import { sortsBeyondList } from './search-options';

/** Results asked for at first, and added by "More results" (a side panel shows about ten: fewer snippets to read and rows to draw per keystroke). */
export const SEARCH_PAGE = 20;

/** What is searched: the typed text, and the side panel's filters and order as data (never appended to the text). */
export interface SearchAsk {
  readonly query: string;
  readonly filters?: SearchFiltersInput;
  readonly sort?: SearchSort;
}

/** Whether `ask` searches anything: text typed, a site or date chosen in the search controls, or an order the list does not have (every clip in the filter, in it). */
export const asksSomething = (ask: SearchAsk): boolean => ask.query.trim() !== '' || !!(ask.filters?.site || ask.filters?.from || ask.filters?.to) || sortsBeyondList(ask);

/** The `search` call's request for `ask`, from `offset` (`snippets`: only the first this many hits get their passage). */
const searchRequest = (ask: SearchAsk, offset: number, limit: number, snippets?: number) => ({
  query: ask.query,
  offset,
  limit,
  ...(ask.filters && { filters: ask.filters }),
  ...(ask.sort && { sort: ask.sort }),
  ...(snippets !== undefined && snippets < limit && { snippets }),
});

/** Largest page one `search` call answers (`SearchRequestSchema`'s `limit`: a larger one is refused as invalid). */
const MAX_PAGE = 200;

type SearchReply = ReturnType<typeof background<'search'>>;

/**
 * `req.limit` results of `req` from `req.offset`: one `search` call up to {@link MAX_PAGE}, else one
 * call per part of at most that many, their hits joined in order, each clip once (the index may
 * take in a change between two parts). Why: results scrolled past 200 asked for them in one call,
 * which the background refused, and the results gave way to "Search failed" for good. The page
 * says what the first part not `ready` says (rebuilding, failed), else what the first one does.
 */
function searchUpTo(req: ReturnType<typeof searchRequest>): SearchReply {
  if (req.limit <= MAX_PAGE) return background('search', req);
  const parts: SearchReply[] = [];
  for (let offset = req.offset; offset < req.offset + req.limit; offset += MAX_PAGE) {
    const limit = Math.min(MAX_PAGE, req.offset + req.limit - offset);
    const { snippets, ...rest } = req as typeof req & { snippets?: number };
    const left = snippets === undefined ? undefined : Math.max(0, snippets - (offset - req.offset));
    parts.push(background('search', { ...rest, offset, limit, ...(left !== undefined && left < limit && { snippets: left }) }));
  }
  return Promise.all(parts).then((answers) => {
    const failed = answers.find((a) => !a.ok);
    if (failed) return failed;
    const pages = answers.map((a) => (a as Extract<typeof a, { ok: true }>).value);
    const head = pages.find((p) => p.status !== 'ready') ?? pages[0]!;
    const snippetsLeft = pages.some((p) => p.snippetsLeft);
    return { ok: true as const, value: { ...head, totalExact: pages.every((p) => p.totalExact), hits: joinHits(pages.map((p) => p.hits)), ...(snippetsLeft && { snippetsLeft }) } };
  });
}

/** Pages of hits one after the other, each clip once (its first place kept). */
const joinHits = (pages: readonly (readonly SearchPage['hits'][number][])[]): SearchPage['hits'] => {
  const seen = new Set<string>();
  return pages.flat().filter((h) => !seen.has(h.clip.id) && !!seen.add(h.clip.id));
};

/**
 * How many of the first page's hits get their passage in a keystroke's answer: the rows the panel
 * can show at once (a result is at least ~72 px tall: its title, its site and two lines of passage),
 * at least 6. Reading the hits' texts for their passages is most of a word search's time in the
 * background at 10,000 clips; the rows below the fold get theirs `REST_AFTER_MS` later (`useSearch`).
 */
export const firstSnippets = (): number => Math.min(SEARCH_PAGE, Math.max(6, Math.ceil((globalThis.innerHeight || 0) / 72)));

/** How long after a keystroke's answer the passages of its hits below the fold are asked for, unless the search changed meanwhile (typing on). */
export const REST_AFTER_MS = 150;

/** The first page's request for `ask` up to `limit`: only the rows first shown get their passages (a raised limit, being scrolled to, gets them all). */
const pageRequest = (ask: SearchAsk, limit: number) => searchRequest(ask, 0, limit, limit <= SEARCH_PAGE ? firstSnippets() : undefined);

/**
 * The ids of every result of `ask` (not only those loaded), read a page of 200 at a time: what
 * "Select all" marks in the search results. Resolves with an error's message when a page fails.
 */
export async function allResultIds(ask: SearchAsk): Promise<{ ids: string[] } | { error: string }> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const res = await background('search', searchRequest(ask, offset, MAX_PAGE));
    if (!res.ok) return { error: res.error.message };
    ids.push(...res.value.hits.map((h) => h.clip.id));
    if (res.value.hits.length < MAX_PAGE || ids.length >= res.value.total) return { ids };
  }
}

/** The request sent at the keystroke (`searchAhead`), until the search it was sent for takes it up. */
let ahead: { readonly key: string; readonly reply: SearchReply; readonly at: number } | null = null;
/** How long a request sent ahead may wait to be taken up (an older answer may miss a change since). */
const AHEAD_FOR_MS = 1_000;

/** Marks when a search's request left (bench:library reads it: keystroke → request sent). */
const markSent = (query: string) => ((window as unknown as { __cpSearchSentAt?: { query: string; at: number } }).__cpSearchSentAt = { query, at: performance.now() });

/**
 * Sends the first page's request for `ask` at once, from the keystroke's own handler, before the
 * panel draws anything: the render that brings the results in (swapping out the list, at the
 * first keystroke) then overlaps the background's search instead of coming before it. The
 * `useSearch` render for the same request takes this answer instead of asking again; a request
 * never taken up is simply dropped (only the newest is kept).
 */
export function searchAhead(ask: SearchAsk): void {
  if (!asksSomething(ask)) return void (ahead = null);
  const req = pageRequest(ask, SEARCH_PAGE);
  const key = JSON.stringify(req);
  if (ahead?.key === key) return;
  markSent(ask.query);
  ahead = { key, reply: background('search', req), at: performance.now() };
}

/** The reply to `req`: the one `searchAhead` sent for it, else a new call (marked as sent). */
function replyFor(query: string, req: ReturnType<typeof searchRequest>): SearchReply {
  const key = JSON.stringify(req);
  const sent = ahead?.key === key && performance.now() - ahead.at < AHEAD_FOR_MS ? ahead.reply : null;
  ahead = null;
  if (sent) return sent;
  markSent(query);
  return searchUpTo(req);
}

/** What a search asks, as one string: what `SearchState.answered` holds for the page answering it. */
export const searchKey = (ask: SearchAsk): string => JSON.stringify([ask.query, ask.filters ?? null, ask.sort ?? null]);

/** A failed search is asked again this long after (doubled after each failure in a row, up to `RETRY_MAX_MS`). */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 30_000;

/** What a search shows: the page(s) so far, or an error; `at` is when the answer was rendered-ready (benchmarks). */
export interface SearchState {
  readonly query: string;
  /** The request (`SearchAsk` as JSON) the page shown answers. */
  readonly answered: string;
  /** What was typed for the page shown (`query` is what is asked now): its words are the ones its results mark. */
  readonly answeredQuery: string;
  readonly page: SearchPage | null;
  readonly error: string | null;
  readonly loading: boolean;
}

/**
 * Searches as the user types: every keystroke (and every change of the filters or order in
 * `ask`) asks the background (`search`), and an answer to
 * an older keystroke is dropped, so results always match what the box says. `limit` grows with
 * "More results". While the index is rebuilt the search is asked again every second, so results
 * fill in; a change the index took in (`SEARCH_CHANGED_CHANNEL`: a save, an edit, a synced
 * change) asks again too. A failed search (its error shown) is asked again after 2 s, then after
 * longer and longer waits, until it answers.
 */
export function useSearch(ask: SearchAsk, limit: number): SearchState {
  const { query } = ask;
  const key = searchKey(ask);
  const [state, setState] = useState<SearchState>({ query, answered: '', answeredQuery: '', page: null, error: null, loading: false });
  const seq = useRef(0);
  const [tick, setTick] = useState(0);
  // Failed answers in a row, and the wait before the next retry (null: the last answer was not an error).
  const failures = useRef(0);
  const [retry, setRetry] = useState<{ readonly ms: number } | null>(null);
  // The follow-up asking for the passages of the hits below the fold (`REST_AFTER_MS`).
  const rest = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dropRest = () => {
    if (rest.current) clearTimeout(rest.current);
    rest.current = null;
  };
  useEffect(() => dropRest, []);
  // The ask (`tick`) the page shown was read whole at: results added to it are asked for from its end only while it is current.
  const pageTick = useRef(-1);

  // A layout effect: it runs as the render commits. Preact runs a plain effect only after the next
  // frame is painted, which held every keystroke's request back by up to a frame (16 ms).
  useLayoutEffect(() => {
    if (!asksSomething(ask)) return setState({ query, answered: key, answeredQuery: query, page: null, error: null, loading: false });
    const mine = ++seq.current;
    dropRest();
    setState((s) => ({ ...s, query, loading: true }));
    // Scrolled on (the same search, nothing asked again since its page): only the results past those
    // shown are asked for, and added to them. Asking for all of them again at every 20 more made
    // a scroll through thousands of results slower at each step (the whole prefix, 200 per call).
    const shown = state.answered === key && pageTick.current === tick && state.page?.status === 'ready' && !state.page.snippetsLeft ? state.page.hits.length : 0;
    const from = shown > 0 && limit > shown ? shown : 0;
    void (from > 0 ? searchUpTo(searchRequest(ask, from, limit - from)) : replyFor(query, pageRequest(ask, limit))).then((res) => {
      if (mine !== seq.current) return;
      // For bench:library: when the answer came back, beside when its results were rendered (SearchResults).
      (window as unknown as { __cpSearchAnsweredAt?: { query: string; at: number } }).__cpSearchAnsweredAt = { query, at: performance.now() };
      if (res.ok && from > 0) {
        setState((s) => (s.answered === key && s.page ? { ...s, page: { ...res.value, hits: joinHits([s.page.hits, res.value.hits]) }, error: null, loading: false } : s));
        failures.current = 0;
        setRetry(null);
      } else if (res.ok) {
        pageTick.current = tick;
        setState({ query, answered: key, answeredQuery: query, page: res.value, error: null, loading: false });
        failures.current = 0;
        setRetry(null);
        // The rows below the fold came without their passages: asked for once typing has paused.
        if (res.value.snippetsLeft) {
          rest.current = setTimeout(() => {
            rest.current = null;
            void searchUpTo(searchRequest(ask, 0, limit)).then((full) => {
              if (mine === seq.current && full.ok) setState((s) => (s.answered === key ? { ...s, page: full.value } : s));
            });
          }, REST_AFTER_MS);
        }
      } else {
        setState({ query, answered: key, answeredQuery: query, page: null, error: res.error.message, loading: false });
        setRetry({ ms: Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures.current++) });
      }
    });
  }, [key, limit, tick]);

  // Rebuilding: ask again every second until ready.
  useEffect(() => {
    if (state.page?.status !== 'rebuilding') return;
    const timer = setTimeout(() => setTick((t) => t + 1), 1_000);
    return () => clearTimeout(timer);
  }, [state.page]);

  // Failed (the background restarting, a storage error): asked again, 2 s after the first failure and
  // twice as long after each next one (at most 30 s), while the error shows; results replace it.
  useEffect(() => {
    if (!retry) return;
    const timer = setTimeout(() => setTick((t) => t + 1), retry.ms);
    return () => clearTimeout(timer);
  }, [retry]);

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
