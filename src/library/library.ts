import { getHeads } from '@automerge/automerge/slim';
import type { DocHandle, Repo } from '@automerge/automerge-repo/slim';
import type { ExtractedPage } from '../capture/types';
import type { ClipIndex, ClipRow } from '../index-db/clip-index';
import type { ClipView, SaveOutcome } from '../protocol/schemas';
import type { ClipDocV1 } from '../schema/clip-doc';
import { CLIP_SCHEMA_VERSION } from '../schema/clip-doc';
import { asDocUrl, newClipId, type ClipId, type DocUrl } from '../schema/ids';
import { LIBRARY_SCHEMA_VERSION, type LibraryDoc, type LibraryEntryV1 } from '../schema/library-doc';
import { clipMigrations, libraryMigrations, migrate, migrationState } from '../schema/migrations';
import { chooseCanonical, clipKey, normalizeUrl } from '../url/normalize';
import type { BatchingStorage } from '../storage/write-batch';
import { AppFailure } from '../util/result';
import { Mutex } from '../util/mutex';
import { applyCapture, initClip, summarize, toView, type Filing } from './clip-record';
import { HandleCache } from './handle-cache';

const ROOT_HEADS = 'rootHeads';
const REINDEX_BATCH = 100;

export interface LibraryOptions {
  readonly repo: Repo;
  readonly index: ClipIndex;
  readonly now?: () => number;
  /** Clip documents kept loaded at most (LRU). */
  readonly maxLoadedClips?: number;
  /**
   * The Repo's storage adapter when it can group writes (see `WriteBatch`): each action's
   * documents are then written in one durable transaction. Without it, flushes run one
   * after another and nothing more is done to make them durable.
   */
  readonly storage?: BatchingStorage;
}

/** For storage that cannot group writes: each flush is awaited in turn. */
const SEQUENTIAL: BatchingStorage = {
  beginBatch: () => ({ queued: (_id, settled) => settled.then(() => undefined), commit: async () => undefined }),
};

/**
 * The library: the one writer of clip documents, the root document and the index.
 *
 * Durability contract: every mutating method resolves only after the Automerge
 * changes it made are written to storage in one durable batch (a clip document and the
 * root entry that points to it land together or not at all), and only then writes the
 * derived index row; a process killed between the two leaves an index the next start
 * reconciles. Writes run one at a time.
 */
export class Library {
  private readonly mutex = new Mutex();
  private readonly cache: HandleCache;
  private readonly now: () => number;
  private readonly storage: BatchingStorage;
  /** Serialises storage batches (one open batch at a time), also for reads that migrate a document. */
  private readonly persistLock = new Mutex();
  /** Documents of a batch that failed to commit: written first with the next batch. */
  private unpersisted: Array<DocHandle<unknown>> = [];
  private readonly byKey = new Map<string, ClipId>();
  private keyMapHeads = '';
  private indexedHeadsCache: string | null = null;
  private readonly readOnly: boolean;

  private constructor(
    private readonly repo: Repo,
    readonly index: ClipIndex,
    private readonly root: DocHandle<LibraryDoc>,
    opts: LibraryOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.storage = opts.storage ?? SEQUENTIAL;
    this.cache = new HandleCache(repo, opts.maxLoadedClips ?? 16);
    this.readOnly = migrationState(root.doc().schemaVersion, LIBRARY_SCHEMA_VERSION) === 'too-new';
    this.rebuildKeyMap();
  }

  /**
   * Opens the library whose root document is `rootUrl`, or creates one when it is null.
   * The caller persists `url` (a new root is flushed before this resolves).
   */
  static async open(opts: LibraryOptions, rootUrl: DocUrl | null): Promise<{ library: Library; url: DocUrl; created: boolean }> {
    const { repo } = opts;
    const storage = opts.storage ?? SEQUENTIAL;
    let root: DocHandle<LibraryDoc>;
    let created = false;
    if (rootUrl) {
      try {
        root = await repo.find<LibraryDoc>(rootUrl);
      } catch {
        throw new AppFailure('storage-failed', `The library document ${rootUrl} could not be loaded from this browser's storage.`);
      }
    } else {
      root = repo.create<LibraryDoc>();
      root.change((d) => {
        d.schema = 'commonplace/library';
        d.schemaVersion = LIBRARY_SCHEMA_VERSION;
        d.createdAt = (opts.now ?? Date.now)();
        d.clips = {};
      });
      await persistHandles(repo, storage, [root]);
      created = true;
    }
    if (migrationState(root.doc().schemaVersion, LIBRARY_SCHEMA_VERSION) === 'needs-migration') {
      root.change((d) => void migrate(d as unknown as Record<string, unknown>, libraryMigrations, LIBRARY_SCHEMA_VERSION));
      await persistHandles(repo, storage, [root]);
    }
    const library = new Library(repo, opts.index, root, opts);
    return { library, url: root.url as DocUrl, created };
  }

  get url(): DocUrl {
    return this.root.url as DocUrl;
  }

  /** Entries of the root document, deleted ones included. */
  entries(): Record<string, LibraryEntryV1> {
    return this.root.doc().clips;
  }

  /** Documents the Repo holds in memory, other than the root (what the LRU bounds). */
  get loadedClips(): number {
    return Object.keys(this.repo.handles).length - 1;
  }

  /** Where a capture is filed: canonical URL when same-site, and its de-duplication key. */
  fileCapture(page: ExtractedPage): Filing {
    const url = chooseCanonical(page.pageUrl, page.canonicalUrl);
    return { url, pageUrl: normalizeUrl(page.pageUrl), key: clipKey(page.kind, url, page.kind === 'selection' ? page.text : undefined) };
  }

  /** Saves a capture: updates the clip already filed under the same key, or creates one. Durable on resolve. */
  save(page: ExtractedPage): Promise<SaveOutcome> {
    return this.mutex.run(async () => {
      this.assertWritable();
      const filing = this.fileCapture(page);
      const now = this.now();
      const existing = this.keyMap().get(filing.key);
      const entry = existing ? this.entries()[existing] : undefined;
      if (existing && entry) {
        const restore = entry.deletedAt !== null;
        let before: string | null = null;
        const row = await this.cache.use<ClipDocV1, ClipRow>(entry.doc, async (h) => {
          h.change((d) => applyCapture(d, page, filing, now));
          if (restore) before = this.changeRoot((d) => void (d.clips[existing]!.deletedAt = null));
          await this.persist(restore ? [h, this.root] : [h]);
          return summarize(existing, this.entries()[existing]!, h.doc(), filing.pageUrl);
        });
        if (before !== null) await this.putRowAfterRootChange(row, before);
        else await this.index.put(row);
        return { clip: row, created: false };
      }
      const id = newClipId();
      const handle = this.repo.create<ClipDocV1>();
      handle.change((d) => initClip(d, id, page, filing, now));
      const newEntry: LibraryEntryV1 = { doc: handle.url as DocUrl, key: filing.key, addedAt: now, deletedAt: null };
      const before = this.changeRoot((d) => void (d.clips[id] = newEntry));
      this.byKey.set(filing.key, id);
      await this.persist([handle, this.root]);
      await this.cache.adopt(handle);
      const row = summarize(id, newEntry, handle.doc(), filing.pageUrl);
      await this.putRowAfterRootChange(row, before);
      return { clip: row, created: true };
    });
  }

  /** The saved clip for a page URL, if any (by key, then by the URL the page was captured from). */
  async findByUrl(rawUrl: string): Promise<ClipRow | null> {
    let url: string;
    try {
      url = normalizeUrl(rawUrl);
    } catch {
      return null;
    }
    const id = this.keyMap().get(url);
    const row = id ? await this.index.get(id) : await this.index.findByUrl(url);
    return row && row.deletedAt === null ? row : null;
  }

  /** Loads a clip for reading. */
  async get(id: ClipId): Promise<ClipView> {
    const entry = this.requireEntry(id);
    return this.cache.use<ClipDocV1, ClipView>(entry.doc, async (h) => {
      const state = migrationState(h.doc().schemaVersion, CLIP_SCHEMA_VERSION);
      if (state === 'needs-migration' && !this.readOnly) {
        h.change((d) => void migrate(d as unknown as Record<string, unknown>, clipMigrations, CLIP_SCHEMA_VERSION));
        await this.persist([h]);
      }
      const doc = h.doc();
      return toView(summarize(id, entry, doc, safeNormalize(doc.pageUrl)), doc, state === 'too-new');
    });
  }

  /** Soft-deletes (or restores) a clip. The document is kept, so undo and merges lose nothing. */
  setDeleted(id: ClipId, deleted: boolean): Promise<ClipRow> {
    return this.mutex.run(async () => {
      this.assertWritable();
      this.requireEntry(id);
      const at = deleted ? this.now() : null;
      const before = this.changeRoot((d) => void (d.clips[id]!.deletedAt = at));
      await this.persist([this.root]);
      const row = await this.rowFor(id);
      await this.putRowAfterRootChange(row, before);
      return row;
    });
  }

  markRead(id: ClipId, read: boolean): Promise<ClipRow> {
    return this.mutex.run(async () => {
      this.assertWritable();
      const entry = this.requireEntry(id);
      const row = await this.cache.use<ClipDocV1, ClipRow>(entry.doc, async (h) => {
        h.change((d) => void (d.readAt = read ? this.now() : null));
        await this.persist([h]);
        return summarize(id, entry, h.doc(), safeNormalize(h.doc().pageUrl));
      });
      await this.index.put(row);
      return row;
    });
  }

  /**
   * Brings the derived index in line with the root document. Cheap when nothing
   * changed (compares the root's heads with those recorded at the last reconcile);
   * otherwise loads only the clips whose rows are missing or stale, a batch at a time.
   */
  reconcileIndex(force = false): Promise<{ updated: number; removed: number; missing: number }> {
    return this.mutex.run(async () => {
      const heads = JSON.stringify(getHeads(this.root.doc()));
      if (!force && (await this.indexedHeads()) === heads) return { updated: 0, removed: 0, missing: 0 };
      const stamps = await this.index.stamps();
      const stale: ClipId[] = [];
      const patch: ClipRow[] = [];
      for (const [id, entry] of Object.entries(this.entries())) {
        const s = stamps.get(id);
        stamps.delete(id);
        if (!force && s && s.doc === entry.doc && s.deletedAt === entry.deletedAt) continue;
        if (!force && s && s.doc === entry.doc) {
          const row = await this.index.get(id);
          if (row) {
            patch.push({ ...row, deletedAt: entry.deletedAt });
            continue;
          }
        }
        stale.push(id as ClipId);
      }
      const removed = [...stamps.keys()];
      await this.index.remove(removed);
      await this.index.putMany(patch);
      let missing = 0;
      for (let i = 0; i < stale.length; i += REINDEX_BATCH) {
        const rows = await Promise.all(stale.slice(i, i + REINDEX_BATCH).map((id) => this.rowFor(id).catch(() => null)));
        const found = rows.filter((r): r is ClipRow => r !== null);
        missing += rows.length - found.length;
        await this.index.putMany(found);
      }
      if (missing === 0) {
        await this.index.setMeta(ROOT_HEADS, heads);
        this.indexedHeadsCache = heads;
      }
      return { updated: stale.length - missing + patch.length, removed: removed.length, missing };
    });
  }

  /** Drops the index and rebuilds every row from the documents. */
  async rebuildIndex(): Promise<number> {
    await this.index.clear();
    this.indexedHeadsCache = null;
    await this.reconcileIndex(true);
    return this.index.count();
  }

  private async rowFor(id: ClipId): Promise<ClipRow> {
    const entry = this.requireEntry(id);
    return this.cache.use<ClipDocV1, ClipRow>(entry.doc, (h) => summarize(id, entry, h.doc(), safeNormalize(h.doc().pageUrl)));
  }

  private requireEntry(id: ClipId): LibraryEntryV1 {
    const entry = this.entries()[id];
    if (!entry || !asDocUrl(entry.doc)) throw new AppFailure('not-found', 'That clip is not in this library (it may have been deleted on another device).');
    return entry;
  }

  /**
   * Changes the root in memory (the caller persists it), keeping the key map current.
   * Returns the heads before, for `putRowAfterRootChange`.
   */
  private changeRoot(fn: (d: LibraryDoc) => void): string {
    const before = this.heads();
    const keyMapWasCurrent = this.keyMapHeads === before;
    this.root.change(fn);
    if (keyMapWasCurrent) this.keyMapHeads = this.heads();
    return before;
  }

  /**
   * Writes the changes of `handles` in one durable storage batch. After a failed batch
   * (full disk) its documents are written again with the next one, first, so a root
   * entry is never stored without the clip document it points to.
   */
  private persist(handles: ReadonlyArray<DocHandle<unknown>>): Promise<void> {
    return this.persistLock.run(async () => {
      const all = new Map<string, DocHandle<unknown>>();
      for (const h of [...this.unpersisted, ...handles]) if (this.repo.handles[h.documentId]) all.set(h.documentId, h);
      try {
        await persistHandles(this.repo, this.storage, [...all.values()]);
        this.unpersisted = [];
      } catch (e) {
        this.unpersisted = [...all.values()];
        throw e;
      }
    });
  }

  /**
   * Writes the index row for a root change. If the index was reconciled up to `before`,
   * the same transaction records that it now is up to the current heads; otherwise the
   * marker stays stale and the next start reconciles. Either way a crash in between
   * leaves nothing the next start cannot repair.
   */
  private async putRowAfterRootChange(row: ClipRow, before: string): Promise<void> {
    const now = this.heads();
    const advance = (await this.indexedHeads()) === before;
    await this.index.put(row, advance ? { [ROOT_HEADS]: now } : undefined);
    if (advance) this.indexedHeadsCache = now;
  }

  /** The root heads the index was last reconciled with (read once, then kept in step with our own writes). */
  private async indexedHeads(): Promise<string | undefined> {
    if (this.indexedHeadsCache === null) this.indexedHeadsCache = (await this.index.getMeta(ROOT_HEADS)) ?? '';
    return this.indexedHeadsCache;
  }

  private heads(): string {
    return JSON.stringify(getHeads(this.root.doc()));
  }

  /** key → clip id, rebuilt only when the root changed other than through this library (e.g. sync). */
  private keyMap(): Map<string, ClipId> {
    if (this.keyMapHeads !== this.heads()) this.rebuildKeyMap();
    return this.byKey;
  }

  private rebuildKeyMap(): void {
    this.keyMapHeads = this.heads();
    this.byKey.clear();
    const entries = Object.entries(this.entries()).sort((a, b) => a[1].addedAt - b[1].addedAt || (a[0] < b[0] ? -1 : 1));
    // The oldest entry for a key wins, so merged libraries de-duplicate the same way everywhere.
    for (const [id, e] of entries) if (!this.byKey.has(e.key)) this.byKey.set(e.key, id as ClipId);
  }

  private assertWritable(): void {
    if (this.readOnly) {
      throw new AppFailure('internal', 'This library was written by a newer version of Commonplace. Update the extension to change it; reading still works.');
    }
  }
}

function safeNormalize(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    return url;
  }
}

/**
 * Flushes `handles` in order into one storage batch and commits it: all of their
 * changes are durable when this resolves, or none are recorded as stored when it
 * rejects (their next flush writes them again).
 */
async function persistHandles(repo: Repo, storage: BatchingStorage, handles: ReadonlyArray<DocHandle<unknown>>): Promise<void> {
  const batch = storage.beginBatch();
  const flushes: Array<Promise<void>> = [];
  let failure: { error: unknown } | null = null;
  try {
    for (const h of handles) {
      const flushed = repo.flush([h.documentId]);
      flushes.push(flushed);
      await batch.queued(h.documentId, flushed);
    }
  } catch (error) {
    failure = { error };
  }
  // Committed even after a failed flush, so no buffered write is left waiting.
  const results = await Promise.allSettled([batch.commit(), ...flushes]);
  if (failure) throw failure.error;
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}
