import type { DocHandle, Repo, StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import { textOfHtml } from '../capture/text';
import type { ClipIndex } from '../index-db/clip-index';
import type { ExtractedPage, Filing } from '../schema/capture';
import type { ClipSummary, ClipView, SaveOutcome } from '../schema/clip-summary';
import { newDeviceId, type ClipId, type DocUrl } from '../schema/ids';
import type { BatchingStorage } from '../storage/write-batch';
import { Mutex } from '../util/mutex';
import { AppFailure } from '../util/result';
import { CaptureJournal, viewOfRecord } from './capture-journal';
import { journalCapture } from './save-capture';
import { Catalogs } from './catalogs';
import { fileOf, toView } from './clip-record';
import { ClipWriter } from './clip-writer';
import { ContentStore } from './content-store';
import { documentBytes } from './document-bytes';
import { HandleCache } from './handle-cache';
import { ClipHighlights } from './clip-highlights';
import { ClipMedia } from './clip-media';
import type { ImportCapture, ImportOutcome } from './import-entry';
import { IndexRows, liveRowForUrl, rowOf, type Reconciled } from './index-rows';
import { CoverageKeeper, coverageSource, metaCoverageStore } from './index-coverage';
import { joinLibrary, type JoinedLibrary, type JoinOptions } from './join';
import { ListSnapshots } from './list-snapshot';
import { migrateV1 } from './migrate-v1';
import { ClipOrganiser } from './organise';
import { syncDocsOf } from './sync-docs';
import { deepScan, searchFeed, searchRevs, type DeepScanOptions, type DeepScanStep } from './search-feed';
import type { ClipFields } from '../search/fields';
import { Persister } from './persist';
import { LibraryRoot } from './root';
import { SavedViews } from './saved-views';
import { followRoot, healRoot } from './root-heal';
import { followMediaConflicts, writableMediaRefs } from './media-refs';
import { scanHiddenMedia } from './media-scan';

export interface LibraryOptions {
  readonly repo: Repo;
  readonly index: ClipIndex;
  readonly now?: () => number;
  /** Content documents kept loaded at most (LRU). */
  readonly maxLoadedDocs?: number;
  /**
   * The Repo's storage adapter: it groups each action's document writes into one durable
   * transaction (`WriteBatch`) and keeps the capture journal (`JournalStorage`), which is
   * what makes a save durable before its documents are written.
   */
  readonly storage: BatchingStorage & StorageAdapterInterface;
  /** This device's id: the content documents it appends to carry it. A fresh one when absent. */
  readonly device?: string;
  /** Keeps the index's coverage record (index-coverage.ts); by default one in the index's meta table. */
  readonly coverage?: CoverageKeeper;
  /** Progress of a schema migration at open (clips moved of all). */
  readonly onMigration?: (moved: number, total: number) => void;
}

/**
 * The library: what the background asks of the clips. Reads go straight to the catalogs,
 * the content documents and the index; every write goes through one path, `ClipWriter`,
 * except a save's first phase, the journal record.
 *
 * Durability contract: every mutating method resolves only once what it did is durable. A
 * save is durable as a journal record (`CaptureJournal`), then listed by its index row;
 * the documents follow at once, in one batch that also discards the record, and a process
 * killed before that replays the record on its next start (`open`). Writes run one at a
 * time, and each sees every write before it.
 */
export class Library {
  private readonly rows: IndexRows;
  private readonly content: ContentStore;
  private readonly writer: ClipWriter;
  /** The clips' highlights: listed, added and changed through the one write path. */
  readonly highlights: ClipHighlights;
  /** Tags, archived, favourites and notes, through the one write path; counts per state and tag. */
  readonly organise: ClipOrganiser;
  readonly media: ClipMedia; // saved images and snapshots (clip-media.ts)
  readonly views: SavedViews; // the side panel's saved views, kept in the root (saved-views.ts)
  /** The list documents this device makes for browsers joining the library (list-snapshot.ts). */
  readonly lists: ListSnapshots;
  private reconcileTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly unfollowRoot: () => void;
  private closed = false;
  /** Hears the clips another device changed (through sync), once the index has them; null: not known which. */
  onSyncedChange: ((clips: ClipId[] | null) => void) | null = null;
  /** Hears every change to the root (a saved view made here or through sync, a new document listed). */
  onRootChange: (() => void) | null = null;

  private constructor(
    private readonly repo: Repo,
    readonly index: ClipIndex,
    private readonly root: LibraryRoot,
    private readonly catalogs: Catalogs,
    /** The capture journal (its `hold` is what the test build's `debugHoldDocumentWrites` calls). */
    readonly journal: CaptureJournal,
    private readonly now: () => number,
    lock: Mutex,
    private readonly persister: Persister,
    private readonly cache: HandleCache,
    device: string,
    /** Keeps the index's coverage record (index-coverage.ts): what lets a start answer from the index alone. */
    readonly coverage: CoverageKeeper,
  ) {
    this.rows = new IndexRows(index, catalogs);
    this.content = new ContentStore(repo, root, cache, device);
    this.writer = new ClipWriter(lock, root, catalogs, this.content, persister, this.rows, journal);
    this.views = new SavedViews(root, persister, (t) => this.writer.run(t), now);
    this.organise = new ClipOrganiser(catalogs, this.writer, now, (from, to) => this.views.retagInMemory(from, to));
    this.media = new ClipMedia(repo, root, catalogs, cache, device, this.writer, now);
    this.lists = new ListSnapshots({ repo, root, catalogs, persister, cache, device, now, run: (t) => this.writer.run(t, false), removeDocuments: (ids) => this.writer.removeDocuments(ids), meta: index });
    this.highlights = new ClipHighlights(catalogs, this.content, this.writer, now, async (id) => void (this.journal.has(id) && (await this.settled())));
    // A catalog changed by another device (through sync) brings the index in step, once the burst is over.
    for (const h of catalogs.all) h.on('heads-changed', this.indexSoon);
    // Maps two devices made at once (map-conflicts.ts): the root's and clips' media and views healed as merges bring them.
    const follows = [followRoot(root, (t) => this.writer.run(t, false), persister, () => this.onRootChange?.()), followMediaConflicts(catalogs.all, this.healMedia)];
    this.unfollowRoot = () => follows.forEach((stop) => stop());
    coverage.follow(coverageSource(repo, root.url, catalogs, this.writer, this.rows, journal, () => this.organise.facets()));
  }

  /**
   * Stops following the documents (another library replaces this one on the same Repo): no
   * timer or listener of this library runs afterwards, so it never writes the shared index.
   * Writes already queued still finish.
   */
  close(): void {
    for (const h of this.catalogs.all) h.off('heads-changed', this.indexSoon);
    this.unfollowRoot();
    this.coverage.unfollow();
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    this.reconcileTimer = null;
    this.closed = true;
  }

  /** Reconciles the index shortly (coalescing bursts of remote changes). Our own writes index themselves. */
  private readonly indexSoon = (): void => {
    if (this.reconcileTimer || this.closed) return;
    this.reconcileTimer = setTimeout(() => {
      this.reconcileTimer = null;
      this.reconcileIndex()
        .then((r) => (r.updated > 0 || r.removed > 0 ? this.onSyncedChange?.(r.changed) : undefined))
        .catch((e) => console.error('Commonplace: the index could not follow a synced change; it is reconciled at the next start.', e));
    }, 50);
  };

  /** The documents sync moves: root and catalogs (always loaded), content documents (a few at a time). Only reads. */
  syncDocs() {
    return syncDocsOf(this.root, this.catalogs, this.cache, this.media, this.lists);
  }

  /** Makes `listener` (sync's `localChange`) hear each batch this library writes, once durable; a second call replaces it. */
  onLocalChange(listener: (handles: ReadonlyArray<DocHandle<unknown>>) => void): void {
    this.persister.onPersisted = (handles) => (this.lists.noteLocal(handles), listener(handles));
  }

  /**
   * Merges this library into another one, found by its URL through the connected sync servers (see `joinLibrary`),
   * after every queued write: in memory, with the batch that makes it durable. The caller persists it before making
   * `url` this browser's library. Once merged, writes queued behind the join are refused here (they would not show).
   */
  join(url: DocUrl, onStep?: JoinOptions['onStep']): Promise<JoinedLibrary> {
    const opts = { rows: this.rows, keep: (id: ClipId) => this.journal.newClipRows().has(id), onStep };
    return this.writer.run(() => joinLibrary(this.repo, this.persister, { root: this.root, catalogs: this.catalogs }, url, opts).then((j) => (this.writer.retire(), j)));
  }

  /**
   * Opens the library whose root document is `rootUrl`, or creates one when it is null;
   * migrates an older library inside the write lock, then replays the capture journal. The
   * caller persists `url` (a new library is durable before this resolves).
   */
  static async open(opts: LibraryOptions, rootUrl: DocUrl | null): Promise<{ library: Library; url: DocUrl; created: boolean }> {
    const { repo } = opts;
    const now = opts.now ?? Date.now;
    const device = opts.device ?? newDeviceId();
    const lock = new Mutex();
    const persister = new Persister(repo, opts.storage);
    const cache = new HandleCache(repo, opts.maxLoadedDocs ?? 8);
    const coverage = opts.coverage ?? new CoverageKeeper(opts.storage, metaCoverageStore(opts.index));
    const journal = new CaptureJournal(opts.storage, coverage);
    const { root, created } = await LibraryRoot.open(repo, rootUrl, now());
    if (created) await persister.persist(created);
    await lock.run(() => migrateV1({ repo, storage: opts.storage, root, persister, cache, device, now, progress: opts.onMigration }));
    if (root.version < 2) throw new AppFailure('read-only', 'This library was written by a newer version of Commonplace. Update the extension to open it.');
    const catalogs = await Catalogs.open(repo, root.catalogs(), () => journal.newClipRows());
    const library = new Library(repo, coverage.guard(opts.index), root, catalogs, journal, now, lock, persister, cache, device, coverage);
    await journal.load((id) => !!catalogs.entry(id));
    if (journal.unreadable > 0) console.warn(`Commonplace: ${journal.unreadable} journal record(s) written by another version were left as they are.`);
    catalogs.rebuildKeyMap();
    await healRoot(root, (t) => lock.run(t), persister);
    return { library, url: root.url, created: !!created };
  }

  get url(): DocUrl {
    return this.root.url;
  }

  /** Counts of the clips listed (a second entry for the same page, from an offline merge, is not counted). */
  counts = (): { live: number; deleted: number } => this.catalogs.counts();
  /** How many entries the catalogs hold, deleted and unlisted ones (a second entry for one page) included. */
  entryCount = (): number => this.catalogs.entryCount();

  /** Ids of every clip the catalogs list, deleted ones included. */
  clipIds = (): ClipId[] => [...this.catalogs.entries()].map((e) => e.id);

  /** Once per library on this device, heals media references hidden by merges older than their follower (media-scan.ts); null: scanned before, or closed. */
  healHiddenMedia = (): Promise<number | null> =>
    this.closed ? Promise.resolve(null) : scanHiddenMedia({ entries: () => this.catalogs.entries(), readOnly: (id) => this.catalogs.readOnly(id), heal: this.healMedia, meta: this.index, url: this.url });
  /** One durable write making these clips' visible `media` hold every concurrent version's references. */
  private readonly healMedia = (ids: ClipId[]): Promise<void> => this.writer.changeMany(ids, (e) => void writableMediaRefs(e));

  /** Documents the Repo holds in memory beyond the root and the catalogs (what the LRU bounds). */
  get loadedClips(): number {
    return Object.keys(this.repo.handles).length - 1 - this.catalogs.all.length;
  }

  /** Captures journaled and not yet written into the documents (0 once writes settle). */
  get pendingCaptures(): number {
    return this.journal.size;
  }

  /** Where a capture is filed: canonical URL when same-site, and its de-duplication key. */
  fileCapture(page: ExtractedPage): Filing {
    return fileOf(page);
  }

  /**
   * Saves a capture: updates the clip already filed under the same key, or creates one.
   * Resolves once the capture is durable and listed (its journal record and index row);
   * the documents are written right after, in the same turn of the write lock, and a
   * failure there loses nothing: the record stays and is written by the next call or start.
   */
  save(page: ExtractedPage): Promise<SaveOutcome> {
    return new Promise<SaveOutcome>((resolve, reject) => {
      let answered = false;
      this.writer
        .run(async () => {
          const outcome = await this.journalCapture(page);
          answered = true;
          resolve(outcome);
          // Let the answer go out first: the documents' change is synchronous work that would hold it back.
          await new Promise((r) => setTimeout(r, 0));
          await this.writer.drain();
        })
        .catch((e: unknown) => {
          if (!answered) reject(e);
          else console.error('Commonplace: a saved capture is not yet written into its document; it stays journaled and is retried.', e);
        });
    });
  }

  /** Imports clips in one durable batch: per item, in order, imported, duplicate, or failed with its reason. */
  importBatch(items: ReadonlyArray<Omit<ImportCapture, 'filing'>>): Promise<ImportOutcome[]> {
    return this.writer.importBatch(items);
  }

  /** Resolves once every write queued before it has finished (the journal drained as far as it can be). */
  settled(): Promise<void> {
    return this.writer.run(() => this.writer.drain().catch(() => undefined), false);
  }

  /** Hears the clips whose index rows changed — local writes and synced changes alike (null: maybe all); what search follows. */
  set onClipsChanged(fn: ((ids: ClipId[] | null) => void) | null) {
    this.rows.onWritten = fn;
  }

  /** The clips `ids` (or all) as search input, articles read a content document at a time, texts cut past `textChars` (search-feed.ts). */
  searchFeed(ids?: readonly ClipId[], textChars?: number): AsyncGenerator<ClipFields> {
    return searchFeed(this.catalogs, this.content, ids, textChars);
  }

  /** One step of a deep scan (search-feed.ts): the wanted clips' long articles, a content document at a time, from a cursor. */ readonly deepScan = (opts: DeepScanOptions): Promise<DeepScanStep> => deepScan(this.catalogs, this.content, opts);
  /** The index rows of these clips, made from their entries in memory (no database read); unknown ids left out. */
  rowsOf(ids: readonly string[]): ClipSummary[] {
    return ids.flatMap((id) => {
      const e = this.catalogs.entry(id as ClipId);
      return e ? [rowOf(e)] : [];
    });
  }

  /** Every clip's search version (search-feed.ts `searchRev`), to find what a stored search index misses. */
  searchRevs(): Map<ClipId, string> {
    return searchRevs(this.catalogs);
  }

  /** The binary of one of the library's documents, after every queued write; null for a URL that is not one of them (document-bytes.ts). */
  async documentBytes(url: string): Promise<Uint8Array | null> {
    await this.settled();
    return documentBytes(this.root, this.catalogs, this.cache, url);
  }

  /** Soft-deletes (or restores) a clip. Its entry and article are kept, so undo and merges lose nothing. */
  setDeleted(id: ClipId, deleted: boolean): Promise<ClipSummary> {
    const at = deleted ? this.now() : null;
    return this.writer.change(id, (e) => void (e.deletedAt = at));
  }

  /** Marks a clip read (now) or unread. */
  markRead(id: ClipId, read: boolean): Promise<ClipSummary> {
    const at = read ? this.now() : null;
    return this.writer.change(id, (e) => void (e.readAt = at));
  }

  /** The saved clip for a page URL, if any (by key, then by the URL the page was captured from). */
  findByUrl(rawUrl: string): Promise<ClipSummary | null> {
    return liveRowForUrl(this.index, rawUrl, (key) => this.catalogs.clipForKey(key as never));
  }

  /** Loads a clip for reading (a capture still journaled is written first, or read from its record). */
  async get(id: ClipId): Promise<ClipView> {
    if (this.journal.has(id)) await this.settled();
    const entry = this.catalogs.entry(id);
    if (!entry) {
      const record = this.journal.latest(id);
      if (record) return viewOfRecord(record, null);
      throw new AppFailure('not-found', 'That clip is not in this library (it may have been deleted on another device).');
    }
    const html = await this.content.read(entry.content.shard, entry.content.rev);
    return toView(entry, html, textOfHtml(html), this.catalogs.readOnly(id));
  }

  /** Brings the derived index in line with the catalogs: cheap when nothing changed. */
  reconcileIndex(force = false): Promise<Reconciled> {
    return this.writer.run(async () => {
      await this.writer.drain().catch(() => undefined);
      return this.rows.reconcile(force, (id) => this.journal.newClipRows().has(id));
    }, false);
  }

  /** Drops the index and rebuilds every row from the catalogs. */
  rebuildIndex(): Promise<number> {
    return this.writer.run(async () => {
      await this.writer.drain().catch(() => undefined);
      return this.rows.rebuild([...this.journal.newClipRows().values()]);
    }, false);
  }

  /** Phase one of `save`: the journal record, then (once it is durable) the index row (save-capture.ts). */
  private journalCapture(page: ExtractedPage): Promise<SaveOutcome> {
    return journalCapture({ catalogs: this.catalogs, journal: this.journal, writer: this.writer, index: this.index, now: this.now }, page);
  }
}
