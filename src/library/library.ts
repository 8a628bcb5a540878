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
import { journalKey, rowOfRecord, storedRecord, viewOfRecord, type CaptureRecord } from './capture-journal';
import { HandleCache } from './handle-cache';
import { PendingCaptures } from './pending-captures';
import { Persister } from './persist';

const ROOT_HEADS = 'rootHeads';
const REINDEX_BATCH = 100;

export interface LibraryOptions {
  readonly repo: Repo;
  readonly index: ClipIndex;
  readonly now?: () => number;
  /** Clip documents kept loaded at most (LRU). */
  readonly maxLoadedClips?: number;
  /**
   * The Repo's storage adapter: it groups each action's document writes into one durable
   * transaction (`WriteBatch`) and keeps the capture journal (`JournalStorage`), which is
   * what makes a save durable before its documents are written.
   */
  readonly storage: BatchingStorage;
}

/**
 * The library: the one writer of clip documents, the root document and the index.
 *
 * Durability contract: every mutating method resolves only once what it did is
 * durable. A save is durable as a journal record (one strict write of the capture),
 * written beside its index row; the Automerge documents follow at once, in one durable
 * batch that also discards the record (a clip document and the root entry that points
 * to it land together or not at all), and a process killed before that replays the
 * record on its next start (`open`). Other writes resolve after their batch, then write
 * the derived index row; a process killed in between leaves an index the next start
 * reconciles. Writes run one at a time, and each sees every write before it.
 */
export class Library {
  private readonly mutex = new Mutex();
  private readonly cache: HandleCache;
  private readonly now: () => number;
  private readonly persister: Persister;
  private readonly byKey = new Map<string, ClipId>();
  private readonly pending = new PendingCaptures();
  private held = false;
  private keyMapHeads = '';
  private indexedHeadsCache: string | null = null;
  private readonly readOnly: boolean;

  private constructor(
    private readonly repo: Repo,
    readonly index: ClipIndex,
    private readonly root: DocHandle<LibraryDoc>,
    opts: LibraryOptions,
    persister: Persister,
  ) {
    this.now = opts.now ?? Date.now;
    this.persister = persister;
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
    const persister = new Persister(repo, opts.storage);
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
      await persister.persist([root]);
      created = true;
    }
    if (migrationState(root.doc().schemaVersion, LIBRARY_SCHEMA_VERSION) === 'needs-migration') {
      root.change((d) => void migrate(d as unknown as Record<string, unknown>, libraryMigrations, LIBRARY_SCHEMA_VERSION));
      await persister.persist([root]);
    }
    const library = new Library(repo, opts.index, root, opts, persister);
    library.pending.load(await persister.storage.journalEntries(), (id) => !!library.entries()[id]);
    if (library.pending.unreadable > 0) console.warn(`Commonplace: ${library.pending.unreadable} journal record(s) written by another version were left as they are.`);
    library.rebuildKeyMap();
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

  /**
   * Saves a capture: updates the clip already filed under the same key, or creates one.
   *
   * Resolves once the capture is durable and listed: its journal record is written in
   * one strict transaction (see `JournalStorage`), alongside its index row. The Automerge
   * documents are written right after, in the same turn of the write lock (so every later
   * call sees them), in one batch that also discards the record; a background killed
   * before that replays the record on its next start (`open`). A failure of that second
   * step loses nothing either: the record stays and is written by the next call or start.
   */
  save(page: ExtractedPage): Promise<SaveOutcome> {
    return new Promise<SaveOutcome>((resolve, reject) => {
      let answered = false;
      this.mutex
        .run(async () => {
          this.assertWritable();
          const outcome = await this.journalCapture(page);
          answered = true;
          resolve(outcome);
          // Let the answer go out first: the documents' change is synchronous work that would hold it back.
          await new Promise((r) => setTimeout(r, 0));
          await this.drainJournal();
        })
        .catch((e: unknown) => {
          if (!answered) reject(e);
          else console.error('Commonplace: a saved capture is not yet written into its document; it stays journaled and is retried.', e);
        });
    });
  }

  /** Captures journaled and not yet written into the documents (0 once writes settle). */
  get pendingCaptures(): number {
    return this.pending.size;
  }

  /**
   * Tests only: while held, journaled captures are not written into the documents (as if
   * every batch were lost), so a test can stop the background between a save's answer and
   * its documents. Not stored: a restarted background writes them.
   */
  holdDocumentWrites(hold: boolean): void {
    this.held = hold;
  }

  /** Resolves once every write queued before it has finished (the journal drained as far as it can be). */
  settled(): Promise<void> {
    return this.mutex.run(() => this.drainJournal().catch(() => undefined));
  }

  /** Phase one of `save`: the journal record and the index row, written side by side. */
  private async journalCapture(page: ExtractedPage): Promise<SaveOutcome> {
    const filing = this.fileCapture(page);
    const at = this.now();
    const existing = this.keyMap().get(filing.key);
    const base = existing ? await this.currentRow(existing) : null;
    const clipId = existing ?? newClipId();
    const handle = existing ? null : this.repo.create<ClipDocV1>();
    const doc = (base?.doc ?? handle!.url) as DocUrl;
    const record: CaptureRecord = { v: 1, key: journalKey(at), op: existing ? 'update' : 'create', clipId, doc, at, filing, page: { ...page } };
    const row = rowOfRecord(record, base);
    const [journaled, indexed] = await Promise.allSettled([this.persister.storage.appendJournal(record.key, storedRecord(record)), this.index.put(row)]);
    if (journaled.status === 'rejected') {
      // Nothing was saved: take the row back (or leave the index marked for a full reconcile) and drop the new document.
      if (indexed.status === 'fulfilled') {
        await (base ? this.index.put(base) : this.index.remove([clipId])).catch(() => this.index.setMeta(ROOT_HEADS, undefined).catch(() => undefined));
        this.indexedHeadsCache = null;
      }
      if (handle) this.repo.delete(handle.documentId);
      throw journaled.reason;
    }
    this.pending.add(record, row, !existing || !!this.pending.newRow(clipId), handle);
    if (!existing) this.byKey.set(filing.key, clipId);
    return { clip: row, created: !existing };
  }

  /** The row a re-capture starts from: a pending new clip's, else the index's (or the document's). */
  private async currentRow(id: ClipId): Promise<ClipRow> {
    const pendingRow = this.pending.newRow(id);
    if (pendingRow) return pendingRow;
    const entry = this.requireEntry(id);
    const row = await this.index.get(id);
    if (row && row.doc === entry.doc) return { ...row, deletedAt: entry.deletedAt };
    return this.rowFor(id);
  }

  /**
   * Writes journaled captures into the documents, oldest first. A capture that fails
   * stays journaled, and so do later ones for the same clip (their order matters);
   * others go on. Throws the first failure once it is done.
   */
  private async drainJournal(): Promise<void> {
    if (this.pending.size === 0 || this.held) return;
    const blocked = new Set<ClipId>();
    let failure: { error: unknown } | null = null;
    for (const record of this.pending.list()) {
      if (blocked.has(record.clipId)) continue;
      try {
        await this.writeCapture(record);
      } catch (error) {
        blocked.add(record.clipId);
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  /** Phase two: one capture into the clip document and the root, with its record discarded in the same batch. */
  private async writeCapture(r: CaptureRecord): Promise<void> {
    const { clipId: id, at, filing } = r;
    const page = r.page as ExtractedPage;
    const entry = this.entries()[id];
    if (!entry) {
      // A new clip. After a restart its journaled document never held anything: a new one is made, the old removed.
      const handle = this.pending.handle(id) ?? this.repo.create<ClipDocV1>();
      handle.change((d) => initClip(d, id, page, filing, at));
      const newEntry: LibraryEntryV1 = { doc: handle.url as DocUrl, key: filing.key, addedAt: at, deletedAt: null };
      const before = this.changeRoot((d) => void (d.clips[id] = newEntry));
      const orphan = handle.url === r.doc ? [] : [r.doc.slice('automerge:'.length)];
      await this.persister.persist([handle, this.root], { discard: [r.key], remove: orphan });
      this.pending.written(r);
      await this.cache.adopt(handle);
      await this.putRowAfterRootChange(summarize(id, newEntry, handle.doc(), filing.pageUrl), before);
      return;
    }
    const restore = entry.deletedAt !== null;
    let before: string | null = null;
    const row = await this.cache.use<ClipDocV1, ClipRow>(entry.doc, async (h) => {
      h.change((d) => applyCapture(d, page, filing, at));
      if (restore) before = this.changeRoot((d) => void (d.clips[id]!.deletedAt = null));
      await this.persister.persist(restore ? [h, this.root] : [h], { discard: [r.key] });
      return summarize(id, this.entries()[id]!, h.doc(), filing.pageUrl);
    });
    this.pending.written(r);
    if (before !== null) await this.putRowAfterRootChange(row, before);
    else await this.index.put(row);
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

  /** Loads a clip for reading (a capture still journaled is written first, or read from its record). */
  async get(id: ClipId): Promise<ClipView> {
    if (this.pending.has(id)) await this.settled();
    const record = this.entries()[id] ? undefined : this.pending.latest(id);
    if (record) return viewOfRecord(record);
    const entry = this.requireEntry(id);
    return this.cache.use<ClipDocV1, ClipView>(entry.doc, async (h) => {
      const state = migrationState(h.doc().schemaVersion, CLIP_SCHEMA_VERSION);
      if (state === 'needs-migration' && !this.readOnly) {
        h.change((d) => void migrate(d as unknown as Record<string, unknown>, clipMigrations, CLIP_SCHEMA_VERSION));
        await this.persister.persist([h]);
      }
      const doc = h.doc();
      return toView(summarize(id, entry, doc, safeNormalize(doc.pageUrl)), doc, state === 'too-new');
    });
  }

  /** Soft-deletes (or restores) a clip. The document is kept, so undo and merges lose nothing. */
  setDeleted(id: ClipId, deleted: boolean): Promise<ClipRow> {
    return this.mutex.run(async () => {
      this.assertWritable();
      await this.drainJournal().catch(() => undefined);
      this.requireEntry(id);
      const at = deleted ? this.now() : null;
      const before = this.changeRoot((d) => void (d.clips[id]!.deletedAt = at));
      await this.persister.persist([this.root]);
      const row = await this.rowFor(id);
      await this.putRowAfterRootChange(row, before);
      return row;
    });
  }

  markRead(id: ClipId, read: boolean): Promise<ClipRow> {
    return this.mutex.run(async () => {
      this.assertWritable();
      await this.drainJournal().catch(() => undefined);
      const entry = this.requireEntry(id);
      const row = await this.cache.use<ClipDocV1, ClipRow>(entry.doc, async (h) => {
        h.change((d) => void (d.readAt = read ? this.now() : null));
        await this.persister.persist([h]);
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
      await this.drainJournal().catch(() => undefined);
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
      // Rows of new clips still journaled have no root entry yet: they stay.
      const removed = [...stamps.keys()].filter((id) => !this.pending.newRow(id as ClipId));
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
    await this.index.putMany([...this.pending.newClipRows().values()]);
    return this.index.count();
  }

  private async rowFor(id: ClipId): Promise<ClipRow> {
    const entry = this.requireEntry(id);
    return this.cache.use<ClipDocV1, ClipRow>(entry.doc, (h) => summarize(id, entry, h.doc(), safeNormalize(h.doc().pageUrl)));
  }

  private requireEntry(id: ClipId): LibraryEntryV1 {
    const entry = this.entries()[id];
    if (!entry && this.pending.has(id)) {
      throw new AppFailure('storage-failed', "This clip is saved, but writing it into the library failed (the browser's storage refused it). Commonplace retries; free some disk space if this persists.");
    }
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
    // New clips still journaled come after every clip the root knows.
    for (const [id, row] of this.pending.newClipRows()) if (!this.byKey.has(row.key)) this.byKey.set(row.key, id);
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
