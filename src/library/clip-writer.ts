import type { DocHandle } from '@automerge/automerge-repo/slim';
import { textOfHtml } from '../capture/text';
import type { Filing } from '../schema/capture';
import type { CatalogDocV1, CatalogEntryV1 } from '../schema/catalog-doc';
import type { CaptureRecord } from '../schema/capture-record';
import type { ClipSummary } from '../schema/clip-summary';
import { CATALOG_SCHEMA_VERSION, catalogSlot } from '../schema/catalog-doc';
import { migrationState } from '../schema/migrations';
import { newClipId, type ClipId, type ContentShardId } from '../schema/ids';
import { AppFailure } from '../util/result';
import type { Mutex } from '../util/mutex';
import type { CaptureJournal } from './capture-journal';
import type { Catalogs } from './catalogs';
import { applyCapture, fileOf, newEntry, str } from './clip-record';
import { importedEntry, mergeAddsSomething, mergeImported, replaceStandIn, standInReplacement, tagsLeftOut, type ImportCapture, type ImportOutcome, type MergeLoss } from './import-entry';
import { isStandIn, STAND_IN_MAX_WORDS } from './stand-in';
import { reanchorAll } from './highlights';
import { bySlot } from './organise';
import type { ContentStore } from './content-store';
import { afterCommit, clipAtPageUrl, rowOf, type IndexRows } from './index-rows';
import type { BatchExtras, Persister } from './persist';
import type { LibraryRoot } from './root';

/** One change to a clip's catalog entry (its state, tags, highlights…), made in place. */
export type EntryChange = (entry: CatalogEntryV1) => void;

/**
 * The one path every change to a clip goes through: the write lock, the journal drained
 * first (so every write sees every save before it), the entry looked up (refused when a
 * newer version wrote its catalog), the change, one durable batch for every document it
 * touched, the row derived (`rowOf`) and indexed. Resolves only once the change is durable
 * (a failed row write after that is logged, `afterCommit`: the next reconcile lists it).
 */
export class ClipWriter {
  constructor(
    private readonly lock: Mutex,
    private readonly root: LibraryRoot,
    private readonly catalogs: Catalogs,
    private readonly content: ContentStore,
    private readonly persister: Persister,
    private readonly rows: IndexRows,
    private readonly journal: CaptureJournal,
  ) {}

  /**
   * Runs `task` alone, after every write queued before it. `write`: the task changes the
   * library, so a read-only library refuses it, and the journal is drained before it.
   */
  run<T>(task: () => Promise<T>, write = true): Promise<T> {
    return this.lock.run(async () => {
      if (write) {
        this.assertWritable();
        await this.drain().catch(() => undefined);
      }
      return task();
    });
  }

  /** Changes one clip's entry through the one path; `locked`: the caller holds the write lock already (a save's first phase). */
  change(id: ClipId, fn: EntryChange, locked = false): Promise<ClipSummary> {
    return locked ? this.apply(id, fn) : this.run(() => this.apply(id, fn));
  }

  /**
   * Changes many clips' entries (a tag renamed across the library): one change per catalog, then
   * `also` (other documents' changes made in memory, under the lock), one durable batch for all
   * of them, then their rows. Refused as a whole (`read-only`) when a newer version wrote one of their catalogs; ids with no entry are skipped.
   */
  changeMany(ids: readonly ClipId[], fn: EntryChange, also: () => Array<DocHandle<unknown>> = () => []): Promise<void> {
    return this.run(async () => {
      const present = ids.filter((id) => this.catalogs.entry(id));
      if (present.some((id) => this.catalogs.readOnly(id))) throw tooNew();
      const groups = bySlot(present);
      const before = new Map<number, string>();
      for (const [slot, group] of groups) before.set(slot, this.catalogs.change(group[0]!, (clips) => group.forEach((id) => fn(clips[id]!))));
      await this.persister.persist([...also(), ...[...groups.values()].map((group) => this.catalogs.handleOf(group[0]!))]);
      // Only listed entries have rows: the hidden duplicate of a page saved on two devices offline gets none.
      this.catalogs.ensureKeyMap();
      const listed = (id: ClipId) => this.catalogs.isListed(this.catalogs.entry(id)!);
      for (const [slot, group] of groups) await afterCommit(this.rows.writeSlot(slot, group.filter(listed).map((id) => rowOf(this.catalogs.entry(id)!)), before.get(slot)!));
    });
  }

  /**
   * Runs `task` on one clip's entry under the lock; `commit` changes the entry together with
   * other documents `task` changed in memory (a media document, the root), in one durable batch.
   */
  changeWith<T>(id: ClipId, task: (entry: CatalogEntryV1, commit: (fn: EntryChange, also: Array<DocHandle<unknown>>) => Promise<ClipSummary>) => Promise<T>): Promise<T> {
    return this.run(async () => {
      this.assertClipWritable(id);
      return task(this.catalogs.entry(id)!, (fn, also) => this.apply(id, fn, also));
    });
  }

  /**
   * Runs `task` under the write lock (refused, `read-only`, in a library a newer version wrote; the
   * journal drained first); `commit` makes the root's in-memory changes durable in one batch. For
   * marks in the root that are no clip's (a media document retired, media-retire.ts).
   */
  withRoot<T>(task: (commit: () => Promise<void>) => Promise<T>): Promise<T> {
    return this.run(() => task(() => this.persister.persist([this.root.handle])));
  }

  /**
   * Deletes documents from this device's storage (every chunk and sync state) in one durable
   * batch, after every queued write. The caller has unloaded them (`HandleCache.discard`).
   */
  removeDocuments(ids: readonly string[]): Promise<void> {
    return this.run(() => this.persister.persist([], { remove: ids }), false);
  }

  /** Which of `ids` this device has in storage (any committed chunk). */
  async storedDocuments(ids: readonly string[]): Promise<string[]> {
    const keys = await this.persister.storage.listKeys(ids.map((id) => [id]));
    return ids.filter((_, i) => (keys[i]?.length ?? 0) > 0);
  }

  /** Writes journaled captures into the documents (the caller holds the lock). */
  drain(): Promise<void> {
    return this.journal.drain((r) => this.writeCapture(r));
  }

  /** Refuses (`read-only`) a clip whose catalog a newer version wrote; `not-found` when there is no such clip. */
  assertClipWritable(id: ClipId): void {
    this.requireEntry(id);
    if (this.catalogs.readOnly(id)) throw tooNew();
  }

  private async apply(id: ClipId, fn: EntryChange, also: Array<DocHandle<unknown>> = [], extras: BatchExtras = {}): Promise<ClipSummary> {
    this.assertClipWritable(id);
    const before = this.catalogs.change(id, (clips) => fn(clips[id]!));
    await this.persister.persist([...also, this.catalogs.handleOf(id)], extras);
    const entry = this.catalogs.entry(id)!;
    const row = rowOf(entry);
    this.catalogs.ensureKeyMap();
    // A hidden duplicate (not listed) changed: its catalog's marker moves on, and it still has no row.
    await afterCommit(this.catalogs.isListed(entry) ? this.rows.write(row, before) : this.rows.writeSlot(catalogSlot(id), [], before));
    return row;
  }

  /**
   * Phase two of a save: the article appended (compressed) to this device's content
   * document, the entry made or updated (a deleted clip is restored), the superseded
   * article deleted, and the journal record discarded — all in one batch.
   */
  private async writeCapture(r: CaptureRecord): Promise<void> {
    const { clipId: id, at, filing, page } = r;
    const html = await this.content.compress(page.html);
    const bytes = new TextEncoder().encode(page.html).byteLength;
    // A version 1 record names the document its new clip was given then: nothing refers to it now.
    const extras: BatchExtras = { discard: [r.key], remove: r.v === 1 && r.op === 'create' ? [r.doc.slice('automerge:'.length)] : [] };
    await this.content.append(id, html, bytes, at, r.key, async ({ shard, rev, handle, opened }) => {
      const ref = { shard, rev, bytes };
      const docs: Array<DocHandle<unknown>> = opened ? [handle, this.root.handle] : [handle];
      const existing = this.catalogs.entry(id);
      if (!existing) {
        const before = this.catalogs.change(id, (clips) => void (clips[id] = newEntry(id, page, filing, at, ref)));
        await this.persister.persist([...docs, this.catalogs.handleOf(id)], extras);
        await afterCommit(this.rows.write(rowOf(this.catalogs.entry(id)!), before));
        return;
      }
      const old = existing.content ? { shard: existing.content.shard, rev: existing.content.rev } : null;
      const update: EntryChange = (e) => {
        applyCapture(e, page, filing, at, ref);
        // The text changed: its highlights are found again in it now (those not found stay, as orphans).
        reanchorAll(e, page.text);
        if (e.deletedAt !== null) e.deletedAt = null;
      };
      if (!old || (old.shard === shard && old.rev === rev)) return void (await this.apply(id, update, docs, extras));
      await this.content.remove(old.shard, old.rev, (superseded) => this.apply(id, update, superseded ? [...docs, superseded] : docs, extras));
    });
  }

  /**
   * Writes imported clips in one durable batch: their articles appended to content documents,
   * their entries (with tags, states and highlights) added with one change per catalog, every
   * touched document committed together, then their rows indexed. All or nothing: a crash
   * before the commit leaves the library as it was (the importer resumes from its cursor).
   * An item whose page the library (or this batch) already holds, by its key or by its own
   * address (a page saved from the browser under its canonical link), or a restored clip whose
   * own id the library holds (`heldById`), is reported as a
   * duplicate of that clip and merged into it in the same batch (`mergeImported`: its tags and
   * the highlights the clip lacks; tags it has no room for counted in `tagsLeftOut`). A `mergeOnly` item (the file listed its page before) never
   * makes a clip of its own. A held clip whose article is an importer's stand-in (src/library/stand-in.ts:
   * a link imported without its article, a restored clip the export held without one) gets the
   * item's real article in the same batch (`replaceStandIn`), the stand-in deleted, and the item
   * is reported as `filled`, not as a duplicate; any other article the library holds is never
   * replaced by an import.
   */
  importBatch(items: ReadonlyArray<Omit<ImportCapture, 'filing'>>): Promise<ImportOutcome[]> {
    return this.run(async () => {
      if (this.catalogs.all.some((h) => migrationState(h.doc().schemaVersion, CATALOG_SCHEMA_VERSION) === 'too-new')) throw tooNew();
      const outcomes: ImportOutcome[] = [];
      const writes: Array<{ id: ClipId; write: (clips: CatalogDocV1['clips']) => void }> = [];
      const touched = new Map<string, DocHandle<unknown>>();
      /** This batch's new clips, by key and by page address, with their article's text. */
      const mine = new Map<string, { id: ClipId; text: string }>();
      /** Held clips whose stand-in this batch replaces, with their new article's text; the stand-ins, deleted in the batch. */
      const replaced = new Map<ClipId, string>();
      const superseded: Array<{ shard: ContentShardId; rev: string }> = [];
      for (const raw of items) {
        let item: ImportCapture;
        try {
          item = { ...raw, filing: fileOf(raw.page) };
        } catch (e) {
          outcomes.push({ kind: 'failed', reason: e instanceof Error ? e.message : String(e) });
          continue;
        }
        const ours = mine.get(item.filing.key) ?? (item.page.kind === 'selection' ? undefined : mine.get(item.filing.pageUrl));
        const held = ours?.id ?? this.heldById(item) ?? (await this.heldFor(item));
        if (held !== undefined || item.mergeOnly) {
          const entry = held === undefined || ours ? undefined : this.catalogs.entry(held);
          const standIn = held === undefined ? undefined : replaced.get(held);
          const fills = entry !== undefined && standIn === undefined && !item.mergeOnly && (await this.holdsStandIn(entry, item));
          // The merge tells its outcome the tags the clip had no room for (`tagsLeftOut`), when it is written.
          const outcome: ImportOutcome & MergeLoss = fills ? { kind: 'filled', clip: held! } : held !== undefined ? { kind: 'duplicate', clip: held } : { kind: 'duplicate' };
          outcomes.push(outcome);
          if (fills) {
            const old = await this.replaceArticle(held!, entry, item, touched, (w) => writes.push(w), outcome);
            if (old) superseded.push(old);
            replaced.set(held!, item.page.text);
          } else if (held !== undefined && (ours || standIn !== undefined || (entry && mergeAddsSomething(entry, item)))) {
            const text = ours ? ours.text : (standIn ?? (await this.articleText(entry!)));
            writes.push({ id: held, write: (clips) => void (clips[held] && mergeImported(clips[held], item, text, outcome)) });
          } else if (entry && tagsLeftOut(entry, item.tags) > 0) outcome.tagsLeftOut = tagsLeftOut(entry, item.tags);
          continue;
        }
        const own = item.restore?.id ?? item.id;
        const id = own && !this.catalogs.entry(own) && !this.journal.has(own) && !writes.some((w) => w.id === own) ? own : newClipId();
        mine.set(item.filing.key, { id, text: item.page.text });
        if (item.page.kind !== 'selection' && !mine.has(item.filing.pageUrl)) mine.set(item.filing.pageUrl, { id, text: item.page.text });
        outcomes.push({ kind: 'imported', clip: id });
        const ref = await this.appendForBatch(id, item.page.html, item.savedAt, `import-${id}`, touched);
        writes.push({ id, write: (clips) => void (clips[id] = importedEntry(id, item, ref)) });
      }
      // One change per catalog: a change costs a hash and a header in every sync, whatever its size.
      const bySlot = new Map<number, typeof writes>();
      for (const w of writes) bySlot.set(catalogSlot(w.id), [...(bySlot.get(catalogSlot(w.id)) ?? []), w]);
      const befores = new Map<number, string>();
      // The stand-ins replaced are deleted from their documents in the same batch, their documents held until it is durable.
      await this.content.removeAll(superseded, async (held) => {
        for (const [slot, group] of bySlot) {
          befores.set(slot, this.catalogs.change(group[0]!.id, (clips) => {
            for (const w of group) w.write(clips);
          }));
          touched.set(this.catalogs.handle(slot).documentId, this.catalogs.handle(slot));
        }
        for (const h of held) touched.set(h.documentId, h);
        if (touched.size > 0) await this.persister.persist([...touched.values()]);
      });
      for (const [slot, group] of bySlot) await afterCommit(this.rows.writeSlot(slot, [...new Set(group.map((w) => w.id))].map((id) => rowOf(this.catalogs.entry(id)!)), befores.get(slot)!));
      return outcomes;
    });
  }

  /**
   * A restored clip (a Commonplace export's) that the library holds by its own id: that clip (or
   * the one listed for its key, when it is a hidden duplicate), whatever key its page makes now.
   * A selection's key is made from its text, which is a stand-in when the export held no article.
   */
  private heldById(item: ImportCapture): ClipId | undefined {
    const id = item.restore?.id;
    const e = id ? this.catalogs.entry(id) : undefined;
    if (!id || !e) return undefined;
    this.catalogs.ensureKeyMap();
    return this.catalogs.isListed(e) ? id : (this.catalogs.clipForKey(String(e.key)) ?? id);
  }

  /** Whether `e` (a clip an import item is a duplicate of) holds a stand-in article, in the library, that the item's real article replaces. */
  private async holdsStandIn(e: CatalogEntryV1, item: ImportCapture): Promise<boolean> {
    if (e.deletedAt !== null || isStandIn(item.page.extractor, item.page.text)) return false;
    if (e.content?.extractor !== 'text' || !(e.content.wordCount <= STAND_IN_MAX_WORDS)) return false;
    const text = await this.articleText(e);
    return text !== null && isStandIn(e.content.extractor, text);
  }

  /**
   * Appends an imported article (`html`) for clip `id` to this device's content document, in an
   * import batch: the document joins `touched` (the batch persists it), and where the article is
   * comes back for the entry's write. A new content document and the root entry naming it are
   * written together, now: the rest of the batch takes longer than automerge-repo waits before
   * saving the root on its own, and a root stored before the document it names cannot be opened.
   */
  private async appendForBatch(id: ClipId, html: string, at: number, rev: string, touched: Map<string, DocHandle<unknown>>): Promise<{ shard: ContentShardId; rev: string; bytes: number }> {
    const compressed = await this.content.compress(html);
    const bytes = new TextEncoder().encode(html).byteLength;
    return this.content.append(id, compressed, bytes, at, rev, async ({ shard, rev, handle, opened }) => {
      touched.set(handle.documentId, handle);
      if (opened) await this.persister.persist([handle, this.root.handle]);
      return { shard, rev, bytes };
    });
  }

  /**
   * Appends `item`'s article to replace clip `id`'s stand-in and queues the entry's write
   * (`replaceStandIn`); returns where the stand-in is, for the batch to delete. A selection is filed
   * under the key its real text makes, unless another clip holds that key.
   */
  private async replaceArticle(id: ClipId, e: CatalogEntryV1, item: ImportCapture, touched: Map<string, DocHandle<unknown>>, queue: (w: { id: ClipId; write: (clips: CatalogDocV1['clips']) => void }) => void, loss: MergeLoss): Promise<{ shard: ContentShardId; rev: string } | null> {
    const page = standInReplacement(e, item.page);
    let filing: Filing = { key: str(e.key), url: str(e.url), pageUrl: str(e.pageUrl) };
    const own = page.kind === 'selection' && page.text.trim() !== '' ? fileOf(page) : null;
    if (own && (this.catalogs.clipForKey(own.key) ?? id) === id) filing = own;
    const at = item.restore?.capturedAt ?? item.savedAt;
    const ref = await this.appendForBatch(id, page.html, at, `import-${id}-${newClipId()}`, touched);
    queue({ id, write: (clips) => void (clips[id] && replaceStandIn(clips[id], item, page, filing, at, ref, loss)) });
    return e.content?.shard ? { shard: e.content.shard as ContentShardId, rev: String(e.content.rev) } : null;
  }

  /** The library's clip of an imported item's page: by its key, else (not a selection) by the page's own address. */
  private async heldFor(item: ImportCapture): Promise<ClipId | undefined> {
    const held = this.catalogs.clipForPage(item.filing, item.page.kind);
    return held !== undefined || item.page.kind === 'selection' ? held : clipAtPageUrl(this.rows.index, this.catalogs, item.filing.pageUrl);
  }

  /** The text of a clip's stored article, or null when it cannot be read here. */
  private async articleText(e: CatalogEntryV1): Promise<string | null> {
    if (!e.content?.shard) return null;
    return this.content.read(e.content.shard as ContentShardId, e.content.rev).then(textOfHtml, () => null);
  }

  private requireEntry(id: ClipId): CatalogEntryV1 {
    const entry = this.catalogs.entry(id);
    if (entry) return entry;
    if (this.journal.has(id)) {
      throw new AppFailure('storage-failed', "This clip is saved, but writing it into the library failed (the browser's storage refused it). Commonplace retries; free some disk space if this persists.");
    }
    throw new AppFailure('not-found', 'That clip is not in this library (it may have been deleted on another device).');
  }

  /**
   * From now on this library refuses writes with `why` (`interrupted`): it has been merged into
   * a library this browser joined, which takes its place. A write queued behind the join would
   * otherwise land here, reported saved, in documents no longer shown: refused, the user does it
   * again in the joined library.
   */
  retire(why = 'This browser has just joined another library, and this change was made while it did: it was not saved. Do it again.'): void {
    this.retiredWhy = why;
  }
  private retiredWhy: string | null = null;

  private assertWritable(): void {
    if (this.retiredWhy !== null) throw new AppFailure('interrupted', this.retiredWhy);
    if (this.root.readOnly) {
      throw new AppFailure('read-only', 'This library was written by a newer version of Commonplace. Update the extension to change it; reading still works.');
    }
  }
}

const tooNew = () => new AppFailure('read-only', 'This clip was changed by a newer version of Commonplace. Update the extension to edit it; reading still works.');
