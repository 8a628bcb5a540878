import type { Repo } from '@automerge/automerge-repo/slim';
import type { ClipIndex } from '../index-db/clip-index';
import type { ExtractedPage, Filing } from '../schema/capture';
import type { CaptureRecord } from '../schema/capture-record';
import type { ClipDocV1 } from '../schema/clip-doc';
import { CLIP_SCHEMA_VERSION } from '../schema/clip-doc';
import type { ClipSummary, ClipView, SaveOutcome } from '../schema/clip-summary';
import { newClipId, type ClipId, type DocUrl } from '../schema/ids';
import type { LibraryEntryV1 } from '../schema/library-doc';
import { migrationState } from '../schema/migrations';
import type { BatchingStorage } from '../storage/write-batch';
import { chooseCanonical } from '../url/canonical';
import { clipKey, normalizeUrl } from '../url/normalize';
import { CaptureJournal, journalKey, rowOfRecord, viewOfRecord } from './capture-journal';
import { toView } from './clip-record';
import { ClipWriter } from './clip-writer';
import { HandleCache } from './handle-cache';
import { IndexRows, rowOf } from './index-rows';
import { Persister } from './persist';
import { LibraryRoot } from './root';

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
 * The library: what the background asks of the clips. Reads go straight to the documents
 * and the index; every write goes through one path, `ClipWriter` (lock, drain, look up,
 * load, change, persist, index), except a save's first phase, the journal record.
 *
 * Durability contract: every mutating method resolves only once what it did is durable. A
 * save is durable as a journal record (`CaptureJournal`), written beside its index row;
 * the documents follow at once, in one batch that also discards the record, and a process
 * killed before that replays the record on its next start (`open`). Writes run one at a
 * time, and each sees every write before it.
 */
export class Library {
  private readonly cache: HandleCache;
  private readonly rows: IndexRows;
  private readonly writer: ClipWriter;
  /** The capture journal (its `hold` is what the test build's `debugHoldDocumentWrites` calls). */
  readonly journal: CaptureJournal;

  private constructor(
    private readonly repo: Repo,
    readonly index: ClipIndex,
    private readonly root: LibraryRoot,
    journal: CaptureJournal,
    private readonly now: () => number,
    opts: LibraryOptions,
  ) {
    this.journal = journal;
    this.cache = new HandleCache(repo, opts.maxLoadedClips ?? 16);
    this.rows = new IndexRows(index, root);
    this.writer = new ClipWriter(repo, root, this.cache, new Persister(repo, opts.storage), this.rows, journal);
  }

  /**
   * Opens the library whose root document is `rootUrl`, or creates one when it is null, and
   * replays the capture journal. The caller persists `url` (a new root is durable before
   * this resolves). Migrations run inside the write lock.
   */
  static async open(opts: LibraryOptions, rootUrl: DocUrl | null): Promise<{ library: Library; url: DocUrl; created: boolean }> {
    const now = opts.now ?? Date.now;
    const journal = new CaptureJournal(opts.storage);
    const { root, created } = await LibraryRoot.open(opts.repo, rootUrl, now(), () => journal.newClipRows());
    if (created) await new Persister(opts.repo, opts.storage).persist([root.handle]);
    const library = new Library(opts.repo, opts.index, root, journal, now, opts);
    await library.writer.migrateRoot();
    await journal.load((id) => !!root.entries()[id]);
    if (journal.unreadable > 0) console.warn(`Commonplace: ${journal.unreadable} journal record(s) written by another version were left as they are.`);
    root.rebuildKeyMap();
    return { library, url: root.url, created };
  }

  get url(): DocUrl {
    return this.root.url;
  }

  /** Entries of the root document, deleted ones included. */
  entries(): Readonly<Record<string, LibraryEntryV1>> {
    return this.root.entries();
  }

  /** How many clips the root lists, deleted ones included. */
  entryCount(): number {
    return Object.keys(this.root.entries()).length;
  }

  /** Documents the Repo holds in memory, other than the root (what the LRU bounds). */
  get loadedClips(): number {
    return Object.keys(this.repo.handles).length - 1;
  }

  /** Captures journaled and not yet written into the documents (0 once writes settle). */
  get pendingCaptures(): number {
    return this.journal.size;
  }

  /** Where a capture is filed: canonical URL when same-site, and its de-duplication key. */
  fileCapture(page: ExtractedPage): Filing {
    const url = chooseCanonical(page.pageUrl, page.canonicalUrl);
    return { url, pageUrl: normalizeUrl(page.pageUrl), key: clipKey(page.kind, url, page.kind === 'selection' ? page.text : undefined) };
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

  /** Resolves once every write queued before it has finished (the journal drained as far as it can be). */
  settled(): Promise<void> {
    return this.writer.run(() => this.writer.drain().catch(() => undefined), false);
  }

  /** Soft-deletes (or restores) a clip. The document is kept, so undo and merges lose nothing. */
  setDeleted(id: ClipId, deleted: boolean): Promise<ClipSummary> {
    const at = deleted ? this.now() : null;
    return this.writer.change(id, { root: (e) => void (e.deletedAt = at) });
  }

  /** Marks a clip read (now) or unread. */
  markRead(id: ClipId, read: boolean): Promise<ClipSummary> {
    const at = read ? this.now() : null;
    return this.writer.change(id, { clip: (d) => void (d.readAt = at) });
  }

  /** The saved clip for a page URL, if any (by key, then by the URL the page was captured from). */
  async findByUrl(rawUrl: string): Promise<ClipSummary | null> {
    let url: string;
    try {
      url = normalizeUrl(rawUrl);
    } catch {
      return null;
    }
    const id = this.root.clipForKey(url);
    const row = id ? await this.index.get(id) : await this.index.findByUrl(url);
    return row && row.deletedAt === null ? row : null;
  }

  /** Loads a clip for reading (a capture still journaled is written first, or read from its record). */
  async get(id: ClipId): Promise<ClipView> {
    if (this.journal.has(id)) await this.settled();
    const record = this.root.entries()[id] ? undefined : this.journal.latest(id);
    if (record) return viewOfRecord(record);
    const entry = this.root.requireEntry(id, this.journal.has(id));
    const read = () =>
      this.cache.use<ClipDocV1, { view: ClipView; state: string }>(entry.doc, (h) => {
        const doc = h.doc();
        const state = migrationState(doc.schemaVersion, CLIP_SCHEMA_VERSION);
        return { view: toView(rowOf(id, entry, doc), doc, state === 'too-new'), state };
      });
    const first = await read();
    if (first.state !== 'needs-migration' || this.root.readOnly) return first.view;
    await this.writer.migrateClip(id);
    return (await read()).view;
  }

  /**
   * Brings the derived index in line with the root document: cheap when nothing changed,
   * otherwise loads only the clips whose rows are missing or stale.
   */
  reconcileIndex(force = false): Promise<{ updated: number; removed: number; missing: number }> {
    return this.writer.run(async () => {
      await this.writer.drain().catch(() => undefined);
      return this.rows.reconcile(force, (id) => this.rowFor(id), (id) => this.journal.newClipRows().has(id));
    }, false);
  }

  /** Drops the index and rebuilds every row from the documents. */
  rebuildIndex(): Promise<number> {
    return this.writer.run(async () => {
      await this.writer.drain().catch(() => undefined);
      return this.rows.rebuild((id) => this.rowFor(id), [...this.journal.newClipRows().values()]);
    }, false);
  }

  /** Phase one of `save`: the journal record and the index row, written side by side. */
  private async journalCapture(page: ExtractedPage): Promise<SaveOutcome> {
    const filing = this.fileCapture(page);
    const at = this.now();
    const existing = this.root.clipForKey(filing.key);
    if (existing && !this.journal.newClipRows().has(existing)) await this.writer.assertClipWritable(existing);
    const base = existing ? await this.currentRow(existing) : null;
    const clipId = existing ?? newClipId();
    const handle = existing ? null : this.repo.create<ClipDocV1>();
    const doc = (base?.doc ?? handle!.url) as DocUrl;
    const record: CaptureRecord = { v: 1, key: journalKey(at), op: existing ? 'update' : 'create', clipId, doc, at, filing, page: { ...page } };
    const row = rowOfRecord(record, base);
    const isNew = !existing || this.journal.newClipRows().has(clipId);
    await this.journal.append(record, row, isNew, handle, this.index.put(row), async (indexed) => {
      // Nothing was saved: take the row back and drop the new document.
      if (indexed) await this.rows.takeBack(clipId, base);
      if (handle) this.repo.delete(handle.documentId);
    });
    if (!existing) this.root.claimKey(filing.key, clipId);
    return { clip: row, created: !existing };
  }

  /** The row a re-capture starts from: a journaled new clip's, else the index's (or the document's). */
  private async currentRow(id: ClipId): Promise<ClipSummary> {
    const journaled = this.journal.newClipRows().get(id);
    if (journaled) return journaled;
    const entry = this.root.requireEntry(id, false);
    const row = await this.index.get(id);
    if (row && row.doc === entry.doc) return { ...row, deletedAt: entry.deletedAt };
    return this.rowFor(id);
  }

  private rowFor(id: ClipId): Promise<ClipSummary> {
    const entry = this.root.requireEntry(id, this.journal.has(id));
    return this.cache.use<ClipDocV1, ClipSummary>(entry.doc, (h) => rowOf(id, entry, h.doc()));
  }
}
