import { getBackend, getHeads, init, load, loadIncremental, save, saveSince, type Doc, type Heads } from '@automerge/automerge/slim';
import { concatBytes, releaseBytes } from '../util/bytes';
import { DocHandle, type Chunk, type Repo, type StorageAdapterInterface, type StorageKey } from '@automerge/automerge-repo/slim';
import type { WriteWatcher } from './index-coverage';
import { reportedToCommitter } from '../storage/write-batch';

/** A storage adapter that can free the bytes of chunks it read (`IndexedDBStorageAdapter.releaseChunk`). */
export interface ChunkReleaser {
  /** Frees `data` if it is a chunk this adapter read from its store and handed out; false (left alone) otherwise. */
  releaseChunk(data: Uint8Array): boolean;
}

/**
 * How the Repo loads and saves documents, replacing automerge-repo 2.5.6's own
 * `StorageSubsystem` document methods (`loadDoc`, `saveDoc`, `removeDoc`; its key/value and
 * sync-state methods are kept, `loadSyncState` wrapped only to answer "none" for a document
 * `expectNew` named). Same storage layout (`[id, 'snapshot', hash]` and
 * `[id, 'incremental', hash]` chunks), so either reads what the other wrote. Why:
 *
 * - **Loading.** automerge-repo loads every document with `loadIncremental(init(), bytes)`,
 *   which applies the whole history with patches: measured on the 16 catalogs of a
 *   10,000-clip library (Node), 6.8 s against 1.7 s for `load(bytes)`, and it left Chromium's
 *   Automerge memory at 133 MB (WebAssembly memory never shrinks). `load` is used here; a
 *   binary `load` refuses (a change whose dependencies are missing) falls back to
 *   `loadIncremental`, which queues such changes as automerge-repo does.
 * - **Compaction.** automerge-repo writes one incremental chunk per save and folds them into a
 *   snapshot only once they outweigh it; a catalog (a small change per save) then carries
 *   dozens of chunks. Here a document is also compacted once it has `MAX_INCREMENTALS` of them.
 *
 * - **Patches kept alive.** Automerge's JS keeps a change's patches on the document state every
 *   object made in that change points to (`mostRecentPatch`, so that an immediate `diff` is free):
 *   a catalog entry kept its save's ~30 patches for as long as it lived, ~20 MB at 10,000 clips
 *   (the background's heap snapshot). Once a handle's change or update has returned (its diff
 *   is done), they are dropped (`forgetPatchesAfterChanges`).
 *
 * Saves of one document run one after another; a save writes the changes since the heads this
 * process last loaded or stored (or everything, as a snapshot, when it knows none).
 */
export class DocStorage {
  /** Heads of what storage holds for each document, as far as this process knows. */
  private readonly stored = new Map<string, Heads>();
  /** The chunks this process loaded or wrote for each document. */
  private readonly chunks = new Map<string, Array<{ key: StorageKey; snapshot: boolean; size: number }>>();
  private readonly queue = new Map<string, Promise<void>>();
  /** Documents `adopt` stored, loaded already, until the Repo loads them. */
  private readonly adopted = new Map<string, { doc: Doc<unknown>; key: StorageKey; size: number }>();
  /** Documents `expectNew` named, not stored here: loads and sync-state loads answer "none" without reading storage. */
  private readonly fresh = new Set<string>();
  /** Per document, the heads the last chunk handed to storage was made from (heads: an older document object reads as the newest). */
  private readonly handed = new Map<string, Heads>();
  /** Told before every chunk is written or removed (the index's coverage record goes first: index-coverage.ts). */
  watcher: WriteWatcher | null = null;

  constructor(private readonly adapter: StorageAdapterInterface) {}

  /**
   * Makes `repo` load and save documents through a `DocStorage` over `adapter` (the adapter the
   * Repo was made with). Returns it. automerge-repo reads `repo.storageSubsystem` at every load
   * and save, so replacing its document methods on that object is enough.
   */
  static install(repo: Repo, adapter: StorageAdapterInterface, watcher: WriteWatcher | null = null): DocStorage {
    const sub = repo.storageSubsystem as unknown as Record<string, unknown> | undefined;
    if (!sub) throw new Error('The Repo has no storage.');
    const mine = new DocStorage(adapter);
    mine.watcher = watcher;
    installed.set(repo, mine);
    forgetPatchesAfterChanges();
    sub.loadDoc = (id: string) => mine.loadDoc(id);
    sub.saveDoc = (id: string, doc: Doc<unknown>) => mine.saveDoc(id, doc);
    sub.removeDoc = (id: string) => mine.removeDoc(id);
    const loadSyncState = sub.loadSyncState as (id: string, storageId: string) => Promise<unknown>;
    sub.loadSyncState = (id: string, storageId: string) => (mine.fresh.has(id) ? Promise.resolve(undefined) : loadSyncState.call(sub, id, storageId));
    repo.on('delete-document', ({ documentId }) => mine.forget(documentId));
    return mine;
  }

  /** The heads of the state of `id` the last chunk handed to storage was made from (undefined: none since this process began). */
  lastWritten(id: string): Heads | undefined {
    return this.handed.get(id);
  }

  /**
   * Hands storage, now, the changes of `doc` since `since` (one chunk; in an open batch, they land
   * with it): for a batch holding an older state of it from a save under way before it began, the
   * newer one's flush waiting behind that save (persist.ts). That flush puts the same key and bytes.
   */
  async bufferSince(id: string, doc: Doc<unknown>, since: Heads): Promise<void> {
    const heads = getHeads(doc);
    const binary = saveSince(doc, since);
    if (binary.byteLength === 0) return;
    const key = [id, 'incremental', await hashOf(binary)];
    const done = this.watcher ? await this.watcher.beginWrite() : null;
    this.handed.set(id, heads);
    void this.adapter.save(key, binary).then(
      () => done?.(),
      () => done?.(),
    );
  }

  /** The `DocStorage` installed on `repo`, if any. */
  static of(repo: Repo): DocStorage | undefined {
    return installed.get(repo);
  }

  /** Most incremental chunks a document keeps before it is compacted into one snapshot. */
  static readonly MAX_INCREMENTALS = 32;

  /**
   * Stores a saved document (`Automerge.save`'s bytes) under `id` before the Repo loads it — a
   * joining browser's catalogs, from the library's catalog snapshot — checked by loading it and
   * kept for the Repo's next load of `id` (one load, not two). False, storing nothing, when
   * something of `id` is stored or loaded here already, or the bytes do not load.
   */
  async adopt(id: string, bytes: Uint8Array): Promise<boolean> {
    if (this.stored.has(id) || this.adopted.has(id) || (await this.adapter.loadRange([id])).length > 0) return false;
    let doc: Doc<unknown>;
    try {
      doc = load(bytes);
    } catch {
      return false;
    }
    const key = [id, 'snapshot', await hashOf(bytes)];
    await this.writing(() => this.adapter.save(key, bytes));
    this.adopted.set(id, { doc, key, size: bytes.byteLength });
    return true;
  }

  /**
   * Tells this storage that nothing of `id` is stored here (another device's list or catalog
   * snapshot, about to be fetched and read once): the Repo's load of it, and of its sync
   * states, answer "none" at once instead of reading storage, where a read waited ~5-40 ms
   * behind the writes of the sync under way (a joining browser's path to its first list).
   * Ignored for a document this process has loaded, stored or adopted; cleared once anything
   * of it is saved or removed. A chunk a crash left behind is removed with the document.
   */
  expectNew(id: string): void {
    if (!this.stored.has(id) && !this.chunks.has(id) && !this.adopted.has(id)) this.fresh.add(id);
  }

  /** The document stored under `id`, or null when there is none. */
  async loadDoc<T>(id: string): Promise<Doc<T> | null> {
    if (this.fresh.has(id)) {
      this.chunks.set(id, []);
      return null;
    }
    const kept = this.adopted.get(id);
    if (kept) {
      this.adopted.delete(id);
      this.chunks.set(id, [{ key: kept.key, snapshot: true, size: kept.size }]);
      this.stored.set(id, getHeads(kept.doc));
      skipLoadDiff(kept.doc);
      return kept.doc as Doc<T>;
    }
    const { doc, chunks } = await this.read<T>(id);
    this.chunks.set(id, chunks);
    if (!doc) return null;
    this.stored.set(id, getHeads(doc));
    skipLoadDiff(doc);
    return doc;
  }

  /**
   * The document stored under `id`, loaded apart from the Repo (no handle, not synced, never
   * saved), for a pass that reads it once; null when none is stored. The caller frees it
   * (`free`) when done, so Automerge's memory holds one such document at a time.
   */
  async peek<T>(id: string): Promise<Doc<T> | null> {
    return (await this.read<T>(id)).doc;
  }

  private async read<T>(id: string): Promise<{ doc: Doc<T> | null; chunks: Array<{ key: StorageKey; snapshot: boolean; size: number }> }> {
    const snapshots = await this.adapter.loadRange([id, 'snapshot']);
    const incrementals = await this.adapter.loadRange([id, 'incremental']);
    const all: Chunk[] = [...snapshots, ...incrementals].filter((c) => c.data !== undefined);
    const chunks = all.map((c) => ({ key: c.key, snapshot: c.key[1] === 'snapshot', size: c.data!.byteLength }));
    if (all.length === 0) return { doc: null, chunks };
    const bytes = concatBytes(all.map((c) => c.data!));
    try {
      return { doc: load<T>(bytes), chunks };
    } catch {
      return { doc: loadIncremental(init<T>(), bytes), chunks };
    } finally {
      // Now in Automerge's memory: the copy made here (several chunks), and the chunks the
      // adapter read for this call (`releaseChunk`), freed at once, not at the next collection.
      if (all.length > 1) releaseBytes(bytes);
      const adapter = this.adapter as StorageAdapterInterface & Partial<ChunkReleaser>;
      if (adapter.releaseChunk) for (const c of all) adapter.releaseChunk(c.data!);
    }
  }

  /** Stores what `doc` has that storage does not: an incremental chunk, or one snapshot replacing every chunk. */
  saveDoc(id: string, doc: Doc<unknown>): Promise<void> {
    this.fresh.delete(id);
    const run = (this.queue.get(id) ?? Promise.resolve())
      .then(() => this.write(id, doc))
      // A failed batch commit is the batch's committer's to report (write-batch.ts): not also an unhandled rejection from automerge-repo's throttled save.
      .catch((e: unknown) => {
        if (!reportedToCommitter(e)) throw e;
      });
    const settled = run.catch(() => undefined);
    this.queue.set(id, settled);
    void settled.then(() => this.queue.get(id) === settled && this.queue.delete(id));
    return run;
  }

  /** Removes every chunk and sync state of a document. */
  async removeDoc(id: string): Promise<void> {
    this.forget(id);
    await this.writing(async () => {
      await this.adapter.removeRange([id, 'snapshot']);
      await this.adapter.removeRange([id, 'incremental']);
      await this.adapter.removeRange([id, 'sync-state']);
    });
  }

  /** How many chunks of each kind this process knows a document has (tests, diagnostics). */
  chunkCount(id: string): { snapshots: number; incrementals: number } {
    const list = this.chunks.get(id) ?? [];
    const snapshots = list.filter((c) => c.snapshot).length;
    return { snapshots, incrementals: list.length - snapshots };
  }

  /** Runs a write to storage, announced to the watcher first. */
  private async writing(write: () => Promise<void>): Promise<void> {
    const done = this.watcher ? await this.watcher.beginWrite() : null;
    try {
      await write();
    } finally {
      done?.();
    }
  }

  private forget(id: string): void {
    this.handed.delete(id);
    this.fresh.delete(id);
    this.stored.delete(id);
    this.chunks.delete(id);
    this.adopted.delete(id);
  }

  private async write(id: string, doc: Doc<unknown>): Promise<void> {
    const heads = getHeads(doc);
    const since = this.stored.get(id);
    if (since && sameHeads(since, heads)) return;
    const list = this.chunks.get(id) ?? [];
    if (!since || shouldCompact(list)) return this.compact(id, doc, heads, list);
    const binary = saveSince(doc, since);
    if (binary.byteLength === 0) return;
    const key = [id, 'incremental', await hashOf(binary)];
    await this.writing(() => (this.handed.set(id, heads), this.adapter.save(key, binary)));
    list.push({ key, snapshot: false, size: binary.byteLength });
    this.chunks.set(id, list);
    this.stored.set(id, heads);
  }

  private async compact(id: string, doc: Doc<unknown>, heads: Heads, list: ReadonlyArray<{ key: StorageKey }>): Promise<void> {
    const binary = save(doc);
    const key = [id, 'snapshot', await hashOf(new TextEncoder().encode(heads.join(',')))];
    // The snapshot holds everything: the chunks it replaces go (a crash before leaves extra chunks, which loading tolerates).
    const old = list.filter((c) => c.key[2] !== key[2]);
    await this.writing(async () => {
      this.handed.set(id, heads);
      await this.adapter.save(key, binary);
      for (const c of old) await this.adapter.remove(c.key);
    });
    this.chunks.set(id, [{ key, snapshot: true, size: binary.byteLength }]);
    this.stored.set(id, heads);
  }
}

/**
 * Documents just loaded whose first diff from empty heads is skipped. automerge-repo hands a
 * loaded document to its handle as an update from an empty one, and the handle computes the
 * patches of that update (`A.diff(doc, [], heads)`: the whole document, measured 5.7 s of 13 s
 * loading a 10,000-clip library's catalogs in Node) only to emit them as a `change` event, which
 * nothing here listens to (loads need no patches: every reader reads `doc()`). So the first such
 * diff of a document this class loaded answers no patches; every other diff is Automerge's.
 */
const loadedBackends = new WeakSet<object>();
const installed = new WeakMap<Repo, DocStorage>();
let diffPatched = false;

function skipLoadDiff(doc: Doc<unknown>): void {
  if (!diffPatched) {
    diffPatched = true;
    const proto = Object.getPrototypeOf(getBackend(init())) as { diff: (this: object, before: Heads, after: Heads) => unknown };
    const diff = proto.diff;
    proto.diff = function (this: object, before: Heads, after: Heads) {
      if (before.length === 0 && loadedBackends.delete(this)) return [];
      return diff.call(this, before, after);
    };
  }
  loadedBackends.add(getBackend(doc) as object);
}

/**
 * Drops the patches Automerge's JS keeps on a document state after each change (see the class's
 * TSDoc): every `DocHandle.change` and `update` (local changes, and those sync brings), once it
 * has returned, since by then the handle has emitted them. Installed once, on the prototype.
 */
let patchesForgotten = false;
function forgetPatchesAfterChanges(): void {
  if (patchesForgotten) return;
  patchesForgotten = true;
  const STATE = Symbol.for('_am_meta');
  const proto = DocHandle.prototype as unknown as Record<'change' | 'update', (this: DocHandle<unknown>, ...args: unknown[]) => unknown>;
  for (const name of ['change', 'update'] as const) {
    const original = proto[name];
    proto[name] = function (this: DocHandle<unknown>, ...args: unknown[]) {
      const result = original.apply(this, args);
      // A handle fixed at some heads (its URL names them) makes a new view at every doc(): leave it.
      if (this.isReady() && !this.url.includes('#')) {
        const state = (this.doc() as Record<symbol, { mostRecentPatch?: unknown } | undefined>)[STATE];
        if (state?.mostRecentPatch) state.mostRecentPatch = undefined;
      }
      return result;
    };
  }
}

/** Compact when there is no real snapshot yet, when the incrementals outweigh it, or when there are many of them. */
function shouldCompact(list: ReadonlyArray<{ snapshot: boolean; size: number }>): boolean {
  let snap = 0;
  let inc = 0;
  let count = 0;
  for (const c of list) {
    if (c.snapshot) snap += c.size;
    else {
      inc += c.size;
      count++;
    }
  }
  return snap < 1024 || inc >= snap || count >= DocStorage.MAX_INCREMENTALS;
}

function sameHeads(a: Heads, b: Heads): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((h) => s.has(h));
}


async function hashOf(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
