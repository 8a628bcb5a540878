import type { ClipFields } from './fields';
import type { SortOrder } from '../schema/plain-values';
import { parseQuery, type ParsedQuery } from './query';
import { withFilters, type SearchFilters } from './search-filters';
import { SearchIndex, type IndexOptions } from './search-index';
import type { SnapshotProblem } from './snapshot';
import { containsPhrases, snippetOf, titleMarks, type Mark, type Snippet } from './snippet';
import type { SearchIndexStore } from './store';
import { toAppError, type AppError } from '../util/result';

/**
 * `rebuilding`: the index is being (re)built, results may be incomplete; say so rather than
 * "nothing found". `failed`: the last rebuild failed (`ClipSearch.failure` says why and what to
 * do); the index is empty and the store cleared until a `rebuild` succeeds.
 */
export type SearchStatus = 'ready' | 'rebuilding' | 'failed';

/**
 * What a failed rebuild tells the user: a full disk in the project's storage-full words, else the
 * error with the way out. Plain data, so the background can keep it after dropping the index.
 */
export function rebuildFailureOf(e: unknown): AppError {
  const error = toAppError(e);
  if (error.code === 'storage-full') return { code: error.code, message: `Rebuilding the search index failed: ${error.message}` };
  return { code: error.code, message: `Rebuilding the search index failed: ${error.message.replace(/\.?$/, '.')} Try again; if it keeps failing, restart the browser.` };
}

/** One result as the side panel shows it. */
export interface ClipSearchHit {
  readonly id: string;
  readonly score: number;
  /** The passage to show with the matches to mark; null when asked for none or its text is not stored. */
  readonly snippet: Snippet | null;
  /** The query's words in the hit's title (`titleOf`'s; none without it), to mark where the title is shown. */
  readonly titleMarks: readonly Readonly<Mark>[];
}

/** A page of results. */
export interface ClipSearchResults {
  readonly status: SearchStatus;
  /** The parsed query; its `problems` are for the user ("… is ignored: …"). */
  readonly query: ParsedQuery;
  readonly hits: readonly ClipSearchHit[];
  /** Clips matching (an upper bound when `totalExact` is false: a phrase query checks order only as far as the page needs). */
  readonly total: number;
  readonly totalExact: boolean;
  /** Whether the page is partial because of `snippetsFor`: hits past it left without the passage they have to mark, or (a phrase) left out; asked again without it, the page is whole. */
  readonly snippetsLeft: boolean;
}

/** Options of `ClipSearch.search`. */
export interface SearchPageOptions {
  readonly offset?: number;
  /** Results per page (default 50). */
  readonly limit?: number;
  /** The order when the query has no `sort:`. */
  readonly sort?: SortOrder;
  /** Filters chosen outside the typed text (the filter bar, the search controls), combined with the typed ones (`withFilters`). */
  readonly filters?: SearchFilters;
  /** Cut a snippet for each hit (default true). */
  readonly snippets?: boolean;
  /**
   * Only the page's first this many hits get a snippet (default: all): the rows a side panel shows
   * at first, so a keystroke's answer reads and cuts no text for rows below the fold (reading the
   * texts is most of a word search's time in the background). `snippetsLeft` then says the others
   * have one to give. A phrase query reads its candidates' texts for the check: it checks only
   * until this many pass, so its page holds that many hits (each with its passage), and
   * `snippetsLeft` says the rest of the page may follow.
   */
  readonly snippetsFor?: number;
  /** A hit's title, when known: a copy of it heading the clip's text is left out of the snippet (`snippetOf`). */
  readonly titleOf?: (id: string) => string | undefined;
}

/** Candidates of a phrase query checked for the phrase, past the offset, at most (the rest are not results). */
export const MAX_PHRASE_CHECKS = 1000;
/**
 * Clips `upsertAll` (a rebuild, a catch-up) reads between two text writes and progress reports.
 * Small, so a batch's texts are written before the allocations of the clips after them outlive
 * them (each clip is indexed as it comes, only its text waits for the write): with 250, they
 * lived through two young collections and were promoted, a pile of dead text the next full
 * collection finds (right after eight rebuilds of 10,000 clips the background's JS heap had a
 * median of 83 MB with 250, 59 MB with 32; each rebuild ~8% slower: bench:library --rebuild-readings 8).
 */
const BATCH = 32;
/** Snippet texts kept in memory (the most recently shown), so a query typed on, or asked again, reads none from the store. */
const TEXT_CACHE = 200;

/**
 * The search index with its persistence: what the background holds. Open it from a store
 * (`open`: a usable snapshot, or `rebuilding` with the reason), keep it current (`upsert`,
 * `remove`, local or synced changes alike), `search` for pages of results with snippets,
 * `save` a snapshot (after a rebuild, and debounced after changes: the caller decides when),
 * and `rebuild` from the documents with progress.
 */
export class ClipSearch {
  private building = false;
  private failed: AppError | null = null;
  /** The snippet texts last read from the store, least recently used first (at most `TEXT_CACHE`). */
  private readonly texts = new Map<string, string>();

  private constructor(
    private index: SearchIndex,
    readonly store: SearchIndexStore,
    private readonly opts: IndexOptions,
    /** Why the stored index was not used at open (null: it was). */
    readonly openProblem: SnapshotProblem | null,
  ) {}

  /**
   * Reads the stored index. On any problem (none stored, an older version, damage, a store that
   * fails to read) the search starts empty with status `rebuilding` and `openProblem` saying why:
   * the caller then runs `rebuild`. Never throws.
   */
  static async open(store: SearchIndexStore, opts: IndexOptions = {}): Promise<ClipSearch> {
    let r: ReturnType<typeof SearchIndex.restore>;
    try {
      r = SearchIndex.restore(await store.load(), opts);
    } catch {
      r = { ok: false, problem: 'corrupt' };
    }
    const search = new ClipSearch(r.ok ? r.index : new SearchIndex(opts), store, opts, r.ok ? null : r.problem);
    search.building = !r.ok;
    return search;
  }

  get status(): SearchStatus {
    return this.failed ? 'failed' : this.building ? 'rebuilding' : 'ready';
  }

  /** Why the last rebuild failed, in words for the user (null unless `status` is `failed`). */
  get failure(): AppError | null {
    return this.failed;
  }

  /** The index in memory (its `revOf`, `ids` and `size` tell the caller what to re-feed after a restart). */
  get memory(): SearchIndex {
    return this.index;
  }

  /** Adds or replaces clips: searchable when this resolves, their snippet texts stored. */
  async upsert(clips: ClipFields | readonly ClipFields[]): Promise<void> {
    await this.put(Array.isArray(clips) ? (clips as readonly ClipFields[]) : [clips as ClipFields]);
  }

  /**
   * Adds or replaces every clip `clips` yields, each searchable as soon as it is read; their
   * snippet texts are stored `BATCH` at a time (`onBatch(done)` after each). Resolves with the
   * number of clips once the last texts are stored. Holds no clip and no text across its awaits:
   * a clip's text is garbage once it is indexed and handed to the store, which copies it at once
   * (what keeps a rebuild's texts from being promoted to the old generation: bench:library --heap-survivors).
   */
  async upsertAll(clips: Iterable<ClipFields> | AsyncIterable<ClipFields>, onBatch?: (done: number) => void): Promise<number> {
    let texts: { id: string; text: string }[] = [];
    let done = 0;
    // The batch handed to the store and dropped before the write is awaited.
    const flush = async () => {
      const written = this.stored(texts);
      texts = [];
      await written;
      onBatch?.(done);
    };
    for await (const clip of clips) {
      texts.push(this.indexed(clip));
      if (++done % BATCH === 0) await flush();
    }
    await flush();
    return done;
  }

  /** Indexes `list` and hands its texts to the store: synchronous up to the store's promise, returned. */
  private put(list: readonly ClipFields[]): Promise<void> {
    return this.stored(list.map((c) => this.indexed(c)));
  }

  /**
   * Hands indexed clips' texts to the store (synchronous up to its promise). When the store
   * refuses them (a full disk), the clips stay searchable but lose their version (`forgetRev`):
   * a snapshot saved later does not count them current, so the next open feeds them again and
   * stores their texts. The error is rethrown.
   */
  private stored(texts: readonly { id: string; text: string }[]): Promise<void> {
    const ids = texts.map((t) => t.id);
    return this.store.putTexts(texts).catch((e: unknown) => {
      for (const id of ids) this.index.forgetRev(id);
      throw e;
    });
  }

  /** Indexes one clip (searchable at once): its snippet text, also updated in the cache if shown lately. */
  private indexed(clip: ClipFields): { id: string; text: string } {
    const text = this.index.add(clip);
    if (this.texts.has(clip.id)) this.texts.set(clip.id, text);
    return { id: clip.id, text };
  }

  /** Removes clips (purged ones; a soft-deleted clip may also be upserted with `deleted: true`). */
  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      this.index.remove(id);
      this.texts.delete(id);
    }
    await this.store.deleteTexts(ids);
  }

  /**
   * Writes the index as it is now; resolves once stored. Refused (rejects) unless `ready`: an
   * index being rebuilt, or left by a failed rebuild, lacks clips, and its snapshot would load
   * later as valid but incomplete.
   */
  async save(): Promise<void> {
    if (this.status !== 'ready') throw new Error(`The search index is not saved while ${this.status}.`);
    await this.store.save(this.index.snapshotStream());
  }

  /**
   * Rebuilds from `clips` (every clip of the library, from the documents): the store is cleared,
   * the index starts empty, status is `rebuilding` until the last clip is in and the snapshot is
   * saved. `onProgress(done)` after each batch. Changes arriving meanwhile (`upsert`, `remove`)
   * apply to the index being built, so none is lost.
   *
   * On any failure (a full disk, a store that cannot be opened, an error in `clips`) the status
   * becomes `failed` with `failure` in words, the index is emptied and the store cleared (as far
   * as it lets: the snapshot is written last, in one transaction, so none that loads is left),
   * and the error is rethrown. A later `rebuild` (or a new `open` on the store) starts again.
   */
  async rebuild(clips: Iterable<ClipFields> | AsyncIterable<ClipFields>, onProgress?: (done: number) => void): Promise<void> {
    this.building = true;
    this.failed = null;
    this.texts.clear();
    this.index = new SearchIndex(this.opts);
    try {
      await this.store.clear();
      await this.upsertAll(clips, onProgress);
      await this.store.save(this.index.snapshotStream());
      this.building = false;
    } catch (e) {
      this.failed = rebuildFailureOf(e);
      this.building = false;
      this.index = new SearchIndex(this.opts);
      this.texts.clear();
      // The texts written so far take room a full disk needs back; the store is derived data.
      await this.store.clear().catch(() => undefined);
      throw e;
    }
  }

  /**
   * A page of results for what the user typed (see `parseQuery` and `SearchIndex.search`),
   * inside `opts.filters` (only `input` is parsed: the filters are data, `withFilters`). With
   * quoted phrases, candidates are checked in order against their stored text (title, notes and
   * the indexed article) until the page is full, and those without the phrase are left out
   * (at most `MAX_PHRASE_CHECKS` candidates past the offset: the best-ranked ones).
   * Each hit on the page gets a snippet from its stored text, when there are words to mark: a
   * search of filters only (`state:unread`, an order with nothing typed) reads no text and its hits
   * have none (they show their own excerpt), which spares the store's read on the background's
   * one thread, the slowest part of those searches at 10,000 clips. Never throws on a bad query.
   */
  async search(input: string, opts: SearchPageOptions = {}): Promise<ClipSearchResults> {
    const offset = Math.max(0, opts.offset ?? 0);
    const limit = Math.max(0, opts.limit ?? 50);
    // Only as many as the page needs are ordered; with phrases, only as far as the check reads (`rank`).
    const parsed = withFilters(parseQuery(input, { sort: opts.sort, cjk: this.index.cjk }), opts.filters);
    const ranked = parsed.phrases.length > 0 ? this.index.rank(parsed) : this.index.search(parsed, { limit: offset + limit });
    const q = ranked.query;
    let page = 'hits' in ranked ? ranked.hits.slice(offset, offset + limit) : [];
    let total = ranked.total;
    let totalExact = true;
    let texts = new Map<string, string>();
    let snippetsLeft = false;
    if ('take' in ranked) {
      // With `snippetsFor`, only that many are checked for at first (the rows shown first).
      const want = opts.snippetsFor === undefined ? limit : Math.min(limit, Math.max(1, opts.snippetsFor));
      const kept: typeof page = [];
      let passing = 0;
      let i = 0;
      // Batches that double, from the page's size (20, 40, 80…): a phrase most candidates have
      // costs one read of a page of texts (the first batch was 50: 2.5× the text read for a
      // page of 20, ~60 ms of a phrase search at 10,000 clips); one most lack, a few reads.
      let size = Math.max(want, 10);
      while (kept.length < want && i < offset + MAX_PHRASE_CHECKS) {
        const batch = ranked.take(Math.min(size, offset + MAX_PHRASE_CHECKS - i));
        if (batch.length === 0) break;
        size *= 2;
        const got = await this.textsOf(batch.map((h) => h.id), false);
        for (const h of batch) {
          i++;
          const text = got.get(h.id);
          if (text !== undefined && !containsPhrases(text, q.phrases, this.index.cjk)) continue;
          if (passing++ >= offset && kept.length < want) {
            kept.push(h);
            if (text !== undefined) texts.set(h.id, text);
          }
        }
      }
      page = kept;
      totalExact = i >= ranked.total;
      if (totalExact) total = passing;
      snippetsLeft = want < limit && kept.length === want && (!totalExact || passing > offset + want);
    } else if (opts.snippets !== false && page.length > 0 && !q.filterOnly) {
      const first = opts.snippetsFor === undefined ? page : page.slice(0, Math.max(0, opts.snippetsFor));
      texts = await this.textsOf(first.map((h) => h.id));
      snippetsLeft = first.length < page.length;
    }
    const hits = page.map((h) => {
      const text = opts.snippets === false ? undefined : texts.get(h.id);
      const title = opts.titleOf?.(h.id);
      const cjk = this.index.cjk;
      return { id: h.id, score: h.score, snippet: text === undefined ? null : snippetOf(text, q, { cjk, title }), titleMarks: title === undefined ? [] : titleMarks(title, q, cjk) };
    });
    return { status: this.status, query: q, hits, total, totalExact, snippetsLeft };
  }

  /** Snippet texts: from memory when shown lately, else from the store (then kept, when `keep`: not those a phrase check only reads). */
  private async textsOf(ids: readonly string[], keep = true): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const id of ids) {
      const t = this.texts.get(id);
      if (t === undefined) missing.push(id);
      else {
        this.texts.delete(id);
        this.texts.set(id, t);
        out.set(id, t);
      }
    }
    if (missing.length > 0) {
      for (const [id, t] of await this.store.getTexts(missing)) {
        out.set(id, t);
        if (keep) this.texts.set(id, t);
      }
      for (const id of this.texts.keys()) {
        if (this.texts.size <= TEXT_CACHE) break;
        this.texts.delete(id);
      }
    }
    return out;
  }
}
