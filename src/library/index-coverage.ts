import type { DocumentId, Repo, StorageKey } from '@automerge/automerge-repo/slim';
import type { ClipIndex } from '../index-db/clip-index';
import { LibraryFacetsSchema, type LibraryFacets } from '../schema/clip-summary';
import { JOURNAL_PREFIX } from '../storage/journal';
import type { BatchingStorage } from '../storage/write-batch';
import type { CaptureJournal } from './capture-journal';
import type { Catalogs } from './catalogs';
import type { ClipWriter } from './clip-writer';
import type { IndexRows } from './index-rows';

/** The index's meta key under which `metaCoverageStore` keeps the record (JSON). */
export const COVERAGE_KEY = 'coverage';
/** How long after the last write the record is written again. */
export const COVERAGE_DELAY_MS = 1_000;

/**
 * What the derived index was made from, recorded so that a background starting again can answer
 * from the index without loading a single document, and know it is right to: the library, the
 * stored chunks of each catalog (a fingerprint of their keys: any write to a catalog adds or
 * replaces a chunk), and the counts per state and tag (`facets`) the catalogs gave then.
 *
 * It is true while nothing was written since: `CoverageKeeper` removes it (and waits for that)
 * before any index row is written (`guard`) and before any document chunk is (`invalidate`,
 * which the Repo's `DocStorage` calls), and writes it again, under the library's write lock,
 * once writes have settled. A start reads it (`coveredState`: one small read), and checks it
 * against the storage's keys (`verifyCoverage`: the catalogs' chunk keys and the capture
 * journal's, keys only, one transaction).
 */
export interface IndexCoverage {
  readonly v: 1;
  /** The library's root document URL. */
  readonly root: string;
  /** Per catalog document id, the fingerprint of its stored chunks' keys. */
  readonly docs: Readonly<Record<string, string>>;
  readonly facets: LibraryFacets;
  /** When it was recorded (ms since the epoch). */
  readonly at: number;
}

/** Where the record is kept: somewhere a start reads fast (the extension: storage.local). */
export interface CoverageStore {
  read(): Promise<string | undefined>;
  write(json: string): Promise<void>;
  remove(): Promise<void>;
}

/** A `CoverageStore` in the index's own meta table (tests, and wherever nothing faster exists). */
export function metaCoverageStore(index: Pick<ClipIndex, 'getMeta' | 'setMeta'>): CoverageStore {
  return {
    read: () => index.getMeta(COVERAGE_KEY),
    write: (json) => index.setMeta(COVERAGE_KEY, json),
    remove: () => index.setMeta(COVERAGE_KEY, undefined),
  };
}

/**
 * The fingerprint of a document's stored chunks: their keys (snapshots and incrementals; sync
 * states do not count), sorted, hashed (two 32-bit FNV-1a hashes: it tells one set of chunk
 * keys from another, it guards against no adversary).
 */
export function fingerprintOf(keys: readonly StorageKey[]): string {
  const names = keys.filter((k) => k[1] === 'snapshot' || k[1] === 'incremental').map((k) => `${k[1]}/${k[2]}`);
  names.sort();
  const text = `${names.length}\n${names.join('\n')}`;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

/** A stored record, checked; null for anything else (missing, damaged, another version's). */
export function parseCoverage(raw: string | undefined): IndexCoverage | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<IndexCoverage>;
    if (v.v !== 1 || typeof v.root !== 'string' || typeof v.at !== 'number' || !v.docs || typeof v.docs !== 'object') return null;
    if (Object.values(v.docs).some((f) => typeof f !== 'string')) return null;
    const facets = LibraryFacetsSchema.safeParse(v.facets);
    return facets.success ? { v: 1, root: v.root, docs: { ...v.docs }, facets: facets.data, at: v.at } : null;
  } catch {
    return null;
  }
}

/** The record, if there is one for the library `rootUrl` (this browser's): one read of `store`, no document, no index. */
export async function coveredState(store: Pick<CoverageStore, 'read'>, rootUrl: string | null): Promise<IndexCoverage | null> {
  if (!rootUrl) return null;
  const cov = parseCoverage(await store.read());
  return cov && cov.root === rootUrl && Object.keys(cov.docs).length > 0 ? cov : null;
}

/**
 * Whether the stored documents are still what `cov` says: every catalog's chunk keys unchanged,
 * and no capture journaled (a capture not yet written into the documents). Reads keys only.
 */
export async function verifyCoverage(cov: IndexCoverage, storage: Pick<BatchingStorage, 'listKeys'>): Promise<boolean> {
  const ids = Object.keys(cov.docs);
  const lists = await storage.listKeys([...ids.map((id) => [id]), JOURNAL_PREFIX]);
  if (lists[ids.length]!.length > 0) return false;
  return ids.every((id, i) => fingerprintOf(lists[i]!) === cov.docs[id]);
}

/** What `CoverageKeeper.record` needs of the library. */
export interface CoverageSource {
  /** Runs `task` under the library's write lock, after every queued write. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Inside the lock: writes journaled captures into the documents and brings the index in line with the catalogs; false when a capture is still journaled. */
  settle(): Promise<boolean>;
  readonly root: string;
  /** The catalog documents' ids. */
  catalogIds(): string[];
  /** Makes what the catalogs hold in memory stored (nothing to do when it is). */
  flush(ids: string[]): Promise<void>;
  /** The catalogs' heads, as one string (to see that nothing changed meanwhile). */
  heads(): string;
  facets(): LibraryFacets;
}

/** What is told of every write that could change what the record describes (see `CoverageKeeper.beginWrite`). */
export interface WriteWatcher {
  beginWrite(): Promise<() => void>;
}

/**
 * Keeps the coverage record true (see `IndexCoverage`). Every write to the index's rows (through
 * `guard`) and to the documents' chunks (`DocStorage` calls `beginWrite`) first removes the record
 * and waits until that is done; the record is written again (`record`) under the library's write
 * lock once writes have settled, `delayMs` after the last one, and only if no write ran or began
 * meanwhile. One per process: a library `follow`s it, and another one (after a join) takes over.
 */
export class CoverageKeeper implements WriteWatcher {
  /** Whether a record may be stored now (at a start: not known, so assumed). */
  private covered = true;
  /** Writes begun and not yet done. */
  private inflight = 0;
  /** Bumped by every write begun. */
  private generation = 0;
  /** Record writes and removals, in order. */
  private queue: Promise<void> = Promise.resolve();
  private removal: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private source: CoverageSource | null = null;
  /** Set while `record` runs: what it writes itself schedules no second record. */
  private recording = false;

  constructor(
    private readonly storage: Pick<BatchingStorage, 'listKeys'>,
    private readonly store: CoverageStore,
    private readonly delayMs = COVERAGE_DELAY_MS,
  ) {}

  /**
   * Before a write that may change what the record describes: removes the record (once, then
   * until it is written again) and resolves when that is done. Call what it returns once the
   * write has landed or failed. Rejects, and the write must not happen, if the removal fails.
   */
  async beginWrite(): Promise<() => void> {
    this.generation++;
    this.inflight++;
    if (this.covered) {
      this.covered = false;
      this.removal = this.enqueue(() => this.store.remove());
    }
    try {
      await this.removal;
    } catch (e) {
      this.covered = true;
      this.inflight--;
      throw e;
    }
    return () => {
      this.inflight--;
      if (!this.recording) this.schedule();
    };
  }

  /** `index`, with every row write announced first (`beginWrite`): what the library writes through. */
  guard(index: ClipIndex): ClipIndex {
    const around = async <T>(write: () => Promise<T>): Promise<T> => {
      const done = await this.beginWrite();
      try {
        return await write();
      } finally {
        done();
      }
    };
    return {
      get: (id) => index.get(id),
      put: (row, meta) => around(() => index.put(row, meta)),
      putMany: async (rows, meta) => (rows.length === 0 ? undefined : around(() => index.putMany(rows, meta))),
      remove: async (ids) => (ids.length === 0 ? undefined : around(() => index.remove(ids))),
      findByUrl: (url) => index.findByUrl(url),
      findByKey: (key) => index.findByKey(key),
      list: (opts) => index.list(opts),
      ids: () => index.ids(),
      count: () => index.count(),
      clear: () => around(() => index.clear()),
      putPreview: (rows, meta) => around(() => index.putPreview(rows, meta)),
      previewRows: () => index.previewRows(),
      hasPreview: () => index.hasPreview(),
      clearPreview: () => around(() => index.clearPreview()),
      getMeta: (key) => index.getMeta(key),
      setMeta: (key, value) => index.setMeta(key, value),
      setMetaMany: (entries) => index.setMetaMany(entries),
    };
  }

  /** Keeps the record for this library from now on (one is written soon). */
  follow(source: CoverageSource): void {
    this.source = source;
    this.schedule();
  }

  /** Stops writing records for `source` (it is closed; another library takes over the index). */
  unfollow(source: CoverageSource | null = this.source): void {
    if (this.source !== source) return;
    this.source = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The source followed now (null: none). */
  get following(): CoverageSource | null {
    return this.source;
  }

  /** Writes the record `delayMs` after the last call. */
  schedule(): void {
    if (!this.source) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.record().catch((e) => console.warn('Commonplace: the index coverage record could not be written; the next start opens the library first.', e));
    }, this.delayMs);
  }

  /**
   * Writes the record now, under the write lock: captures written, the index reconciled, the
   * catalogs stored; then their chunk keys read and the counts taken. Resolves true when
   * written; false (and another try is scheduled by the next write) when something was
   * written meanwhile or a capture stays journaled.
   */
  async record(): Promise<boolean> {
    const src = this.source;
    if (!src) return false;
    return src.run(async () => {
      if (this.source !== src) return false;
      this.recording = true;
      try {
        return await this.recordLocked(src);
      } finally {
        this.recording = false;
      }
    });
  }

  private async recordLocked(src: CoverageSource): Promise<boolean> {
    if (!(await src.settle())) return false;
    const ids = src.catalogIds();
    // The index was just brought in line with the catalogs at these heads; the record holds only if they are what is stored.
    const heads = src.heads();
    await src.flush(ids);
    const generation = this.generation;
    if (this.inflight > 0) return false;
    const lists = await this.storage.listKeys(ids.map((id) => [id]));
    const docs: Record<string, string> = {};
    for (let i = 0; i < ids.length; i++) docs[ids[i]!] = fingerprintOf(lists[i]!);
    const record: IndexCoverage = { v: 1, root: src.root, docs, facets: src.facets(), at: Date.now() };
    if (src.heads() !== heads || this.generation !== generation || this.inflight > 0 || this.source !== src) return false;
    // From here a write begun removes the record after this write of it (the queue keeps the order).
    this.covered = true;
    await this.enqueue(() => this.store.write(JSON.stringify(record)));
    return true;
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** A library's `CoverageSource`: its write lock, journal, index rows, catalogs and counts. */
export function coverageSource(
  repo: Pick<Repo, 'flush'>,
  root: string,
  catalogs: Catalogs,
  writer: ClipWriter,
  rows: IndexRows,
  journal: CaptureJournal,
  facets: () => LibraryFacets,
): CoverageSource {
  return {
    root,
    run: (task) => writer.run(task, false),
    settle: async () => {
      await writer.drain().catch(() => undefined);
      if (journal.size > 0) return false;
      await rows.reconcile(false, (id) => journal.newClipRows().has(id));
      return true;
    },
    catalogIds: () => catalogs.all.map((h) => h.documentId),
    flush: (ids) => repo.flush(ids as DocumentId[]),
    heads: () => catalogs.all.map((_, slot) => catalogs.heads(slot)).join('|'),
    facets,
  };
}
