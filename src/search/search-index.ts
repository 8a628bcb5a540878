import { compareTitles } from './compare-titles';
import { clipTermsOf, DEFAULT_TEXT_CHARS, type ClipFacts, type ClipFields } from './fields';
import { InvertedIndex } from './inverted-index';
import { defaultCjkMode, type CjkMode } from './normalize';
import { inProgress, type SortOrder } from '../schema/plain-values';
import { parseQuery, type ParsedQuery, type QueryFilters } from './query';
import { CHUNK_CHARS, collectSnapshot, decodeSnapshot, encodeSnapshotStream, type Snapshot, type SnapshotProblem, type SnapshotStream } from './snapshot';
import type { StoredSnapshot } from './store';

/** How an index cuts clips; a stored index cut otherwise is `outdated` and rebuilt. */
export interface IndexOptions {
  /** Characters of each article's text indexed (default `DEFAULT_TEXT_CHARS`). */
  readonly textChars?: number;
  /** How CJK runs are cut (default: `defaultCjkMode()` of this runtime). */
  readonly cjk?: CjkMode;
}

/** One result: a clip id and its relevance (0 for a filter-only list). */
export interface SearchHit {
  readonly id: string;
  readonly score: number;
}

/** The clips matching a query, in order: all of them, or the first `limit` asked for. */
export interface RankedResults {
  /** The parsed query (its `problems` say what was ignored). */
  readonly query: ParsedQuery;
  readonly hits: readonly SearchHit[];
  /** How many clips match (`hits` holds all of them unless a `limit` cut it). */
  readonly total: number;
}

/** Whether a clip (its facts) passes a query's filters; deleted clips never do. What `search` and the deep search (deep-search.ts) both apply. */
export function passes(f: ClipFacts, q: QueryFilters): boolean {
  if (f.deleted) return false;
  if (q.state !== null && f.state !== q.state) return false;
  if (q.notArchived && f.state === 'archived') return false;
  if (q.favorite && !f.favorite) return false;
  if (q.reading && (f.state !== 'unread' || !inProgress(f.progress))) return false;
  if (q.after !== null && f.savedAt < q.after) return false;
  if (q.before !== null && f.savedAt >= q.before) return false;
  for (const t of q.tags) if (!f.tags.includes(t)) return false;
  if (q.sites.length > 0 && !q.sites.some((s) => onSite(f.host, s))) return false;
  if (q.site !== null && !onSite(f.host, q.site)) return false;
  return true;
}

const onSite = (host: string, site: string) => host === site || host.endsWith(`.${site}`);

const bySaved = (a: ClipFacts, b: ClipFacts) => b.savedAt - a.savedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** By length (`sign` 1: shortest first, -1: longest first), clips of unknown length (links saved without an article) last either way, then newest first. */
const byWords = (sign: 1 | -1) => (a: ClipFacts, b: ClipFacts) => (a.words === 0) !== (b.words === 0) ? (a.words === 0 ? 1 : -1) : sign * (a.words - b.words) || bySaved(a, b);
/** Title A–Z, numbers by their value (compare-titles.ts); the same title newest first. */
const byTitle = (a: ClipFacts, b: ClipFacts) => compareTitles(a.title, b.title) || bySaved(a, b);

const SHORTEST = byWords(1);
const LONGEST = byWords(-1);
/** Most recently published first; clips whose page gave no date (or none that reads) last, newest saved first. */
const byPublished = (a: ClipFacts, b: ClipFacts) =>
  a.published === b.published ? bySaved(a, b) : a.published === null ? 1 : b.published === null ? -1 : b.published - a.published || bySaved(a, b);

/** Furthest read first (`progress`, 0-100); clips not started last; ties newest saved first. */
const byProgress = (a: ClipFacts, b: ClipFacts) => b.progress - a.progress || bySaved(a, b);

/**
 * How each order but relevance (by score, then as `saved`) compares two slots of `facts`. One
 * function literal per order, each calling its comparator directly, so that V8 can inline each
 * call site. A shared `(a, b) => by(…)` would see every order at one call site; with it, bench:search's
 * filter-only searches (10,000 slots sorted by date) looked slower, though within the host's noise.
 */
const SLOT_ORDERS: Record<Exclude<SortOrder, 'relevance'>, (facts: readonly ClipFacts[]) => (a: number, b: number) => number> = {
  saved: (f) => (a, b) => bySaved(f[a]!, f[b]!),
  oldest: (f) => (a, b) => bySaved(f[b]!, f[a]!),
  title: (f) => (a, b) => byTitle(f[a]!, f[b]!),
  shortest: (f) => (a, b) => SHORTEST(f[a]!, f[b]!),
  longest: (f) => (a, b) => LONGEST(f[a]!, f[b]!),
  published: (f) => (a, b) => byPublished(f[a]!, f[b]!),
  progress: (f) => (a, b) => byProgress(f[a]!, f[b]!),
};

/**
 * The first `k` of `items` in `cmp` order, sorted, in a new array: all of them sorted when `k` covers them,
 * else a bounded heap (O(n log k)): a page of 20 out of 10,000 matches costs no full sort.
 */
export function firstK<T>(items: ArrayLike<T> & Iterable<T>, k: number, cmp: (a: T, b: T) => number): T[] {
  if (k >= items.length) return Array.from(items).sort(cmp);
  if (k <= 0) return [];
  // A max-heap (by cmp) of the best k so far: its root is the worst kept.
  const heap: T[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (cmp(heap[i]!, heap[p]!) <= 0) return;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && cmp(heap[l]!, heap[m]!) > 0) m = l;
      if (r < heap.length && cmp(heap[r]!, heap[m]!) > 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (cmp(item, heap[0]!) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(cmp);
}

/**
 * The search index of a library, in memory: add, replace or remove one clip at a time, search
 * with a query string (`parseQuery`), and write or read a snapshot for persistence. Synchronous
 * and pure (no storage, no browser): `ClipSearch` adds the store, snippets and phrase checks.
 */
/** How `q`'s hits are ordered, as items of `scores` and `facts` (by slot, or by position in a copy). */
function orderOf(q: ParsedQuery, scores: ArrayLike<number>, facts: readonly ClipFacts[]): (a: number, b: number) => number {
  const sort = q.sort === 'relevance' && q.filterOnly ? 'saved' : q.sort;
  return sort === 'relevance' ? (a, b) => scores[b]! - scores[a]! || bySaved(facts[a]!, facts[b]!) : SLOT_ORDERS[sort](facts);
}

/**
 * `0 … n-1` in `cmp`'s order, sorted only as far as taken: a heap made in linear time, then
 * one item out per `log n` steps. Taking all gives `Array.from({length: n}).sort(cmp)`'s order
 * for an order with no ties (the index's orders all end on the clip's id).
 */
export function lazyOrder(n: number, cmp: (a: number, b: number) => number): { take(k: number): number[] } {
  const heap = Int32Array.from({ length: n }, (_, i) => i);
  let size = n;
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && cmp(heap[l]!, heap[m]!) < 0) m = l;
      if (r < size && cmp(heap[r]!, heap[m]!) < 0) m = r;
      if (m === i) return;
      const t = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = t;
      i = m;
    }
  };
  for (let i = (size >> 1) - 1; i >= 0; i--) down(i);
  return {
    take(k) {
      const out: number[] = [];
      while (out.length < k && size > 0) {
        out.push(heap[0]!);
        heap[0] = heap[--size]!;
        down(0);
      }
      return out;
    },
  };
}

export class SearchIndex {
  readonly textChars: number;
  readonly cjk: CjkMode;
  private ix = new InvertedIndex();

  constructor(opts: IndexOptions = {}) {
    this.textChars = opts.textChars ?? DEFAULT_TEXT_CHARS;
    this.cjk = opts.cjk ?? defaultCjkMode();
  }

  /** Clips indexed (deleted ones included when they were added as deleted). */
  get size(): number {
    return this.ix.size;
  }

  /**
   * Adds a clip, or replaces it (same id): searchable as soon as this returns. Returns the text
   * its snippets are cut from, for the store (`SearchIndexStore.putTexts`).
   */
  add(fields: ClipFields): string {
    const c = clipTermsOf(fields, { textChars: this.textChars, cjk: this.cjk });
    this.ix.add(c);
    return c.snippetText;
  }

  /** Takes a clip out; false when it was not indexed. */
  remove(id: string): boolean {
    return this.ix.remove(id);
  }

  has(id: string): boolean {
    return this.ix.slotOf.has(id);
  }

  /** The caller's version of an indexed clip (`ClipFields.rev`), or undefined when it is not indexed. */
  revOf(id: string): string | undefined {
    const slot = this.ix.slotOf.get(id);
    return slot === undefined ? undefined : this.ix.slots[slot]!.rev;
  }

  /**
   * Keeps a clip searchable but no longer current: its version becomes '' (none), so a snapshot
   * saved now does not claim it, and the caller's catch-up by version (`revOf`) feeds it again
   * at the next open. For a clip whose snippet text the store refused (a full disk): saved as
   * current, it would stay without its text for good.
   */
  forgetRev(id: string): void {
    const slot = this.ix.slotOf.get(id);
    const facts = slot === undefined ? null : this.ix.slots[slot];
    if (slot !== undefined && facts) this.ix.slots[slot] = { ...facts, rev: '' };
  }

  /** Ids of every indexed clip (to find those the documents no longer list). */
  ids(): string[] {
    return [...this.ix.slotOf.keys()];
  }

  /**
   * Every clip matching `query` (a string is parsed with `parseQuery`): holding every term (and a
   * term starting with the prefix) in any field, and passing every filter; deleted clips never.
   * Ordered by `sort` (the query's `sort:`, else `opts.sort`, else relevance, or saved date for a
   * filter-only query): relevance is the sum over terms of idf × field weights (title > site,
   * byline, tags > highlights and notes > article, with the article count saturated as in BM25),
   * ties by newest saved. Phrases are only required as words here (`ClipSearch` checks order).
   * `limit`: only the first `limit` hits are ordered and returned (`total` still counts all).
   */
  search(query: string | ParsedQuery, opts: { sort?: SortOrder; limit?: number } = {}): RankedResults {
    const { q, n, slots, scores, facts } = this.candidates(query, opts.sort);
    const ordered = firstK(slots.subarray(0, n), opts.limit ?? n, orderOf(q, scores, facts));
    return { query: q, hits: ordered.map((slot) => ({ id: facts[slot]!.id, score: scores[slot]! })), total: n };
  }

  /**
   * `search`'s hits in the same order, ordered only as far as they are taken (`take(k)`: the next
   * `k`, fewer at the end). For a phrase check, which reads candidates until its page is full, most
   * often after the first few: ordering the 1,000 it may reach before reading any cost more than
   * the check. The candidates are copied out of the index's reusable buffers, so another search,
   * or a change to the index, between two takes changes nothing here.
   */
  rank(query: string | ParsedQuery, opts: { sort?: SortOrder } = {}): { query: ParsedQuery; total: number; take(k: number): SearchHit[] } {
    const { q, n, slots, scores, facts } = this.candidates(query, opts.sort);
    const own = { slots: slots.slice(0, n), scores: new Float64Array(n), facts: new Array<ClipFacts>(n) };
    for (let i = 0; i < n; i++) {
      own.scores[i] = scores[own.slots[i]!]!;
      own.facts[i] = facts[own.slots[i]!]!;
    }
    const cmp = orderOf(q, own.scores, own.facts);
    const heap = lazyOrder(n, cmp);
    return { query: q, total: n, take: (k) => heap.take(k).map((i) => ({ id: own.facts[i]!.id, score: own.scores[i]! })) };
  }

  /** The candidates of `query` passing its filters, first `n` of the index's reusable `slots` (no object per candidate: see `Matches`), with their scores and facts by slot. */
  private candidates(query: string | ParsedQuery, sort: SortOrder | undefined) {
    const q = typeof query === 'string' ? parseQuery(query, { sort, cjk: this.cjk }) : query;
    const m = q.filterOnly ? this.ix.everyLive() : this.ix.match(q.terms, q.prefix);
    const { slots, scores } = m;
    const facts = this.ix.slots as ClipFacts[];
    let n = 0;
    for (let i = 0; i < m.n; i++) {
      const slot = slots[i]!;
      if (passes(facts[slot]!, q.filters)) slots[n++] = slot;
    }
    return { q, n, slots, scores, facts };
  }

  /** The index as a snapshot to store, in chunks of at most `chunkChars` (compacts it first). Linear in the index's size. */
  snapshot(chunkChars = CHUNK_CHARS): Snapshot {
    return collectSnapshot(this.snapshotStream(chunkChars));
  }

  /**
   * `snapshot()` made while it is written (compacts the index first): what a save hands its store,
   * which writes each chunk as it is made and keeps none. Read it synchronously, at once.
   */
  snapshotStream(chunkChars = CHUNK_CHARS): SnapshotStream {
    this.ix.compact();
    this.ix.seal();
    // The postings as they are when the stream reaches them (a view grown meanwhile is brought up to date then).
    const postings = { [Symbol.iterator]: () => this.ix.postings.entries() };
    return encodeSnapshotStream(this.ix.slots, postings, { textChars: this.textChars, cjk: this.cjk, chunkChars });
  }

  /**
   * An index read back from a stored snapshot, or why it cannot be used: `missing` (none stored),
   * `outdated` (another format version, text length or CJK mode), `corrupt` (anything damaged).
   * Never throws; the caller rebuilds on a problem.
   */
  static restore(stored: StoredSnapshot | null, opts: IndexOptions = {}): { ok: true; index: SearchIndex } | { ok: false; problem: SnapshotProblem } {
    const index = new SearchIndex(opts);
    const r = decodeSnapshot(stored, { textChars: index.textChars, cjk: index.cjk });
    if (!r.ok) return r;
    index.ix.load(r.slots, r.postings);
    return { ok: true, index };
  }
}
