import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim';
import { JOURNAL_PREFIX, journalStorageKey } from './journal';
import { beginBatchIn, startsWith, type BatchingStorage, type BatchSlot, type WriteBatch } from './write-batch';
import { releaseBytes } from '../util/bytes';

/**
 * automerge-repo storage in IndexedDB, written for durability rather than reuse of
 * the stock adapter: every write resolves only when its transaction *commits*, and
 * rejects (never hangs) when it aborts — e.g. `QuotaExceededError` on a full disk —
 * so a failed save says so. Writes commit with relaxed durability (in the browser's
 * storage, safe from a killed worker or browser, ~1 ms); `commit()` then makes
 * everything written so far durable against power loss with one strict write
 * (~4-9 ms on the build machine), which the library calls once per user action
 * instead of paying it for every chunk.
 * Keys are stored as arrays, so `loadRange`/`removeRange` are key-range scans.
 * `beginBatch()` groups the writes of one user action into one strict transaction
 * (see `WriteBatch`). Journal records (see `JournalStorage`) are structured-clone values
 * in the same store, under keys outside every document's range.
 */
export class IndexedDBStorageAdapter implements StorageAdapterInterface, BatchingStorage {
  private readonly db: Promise<IDBDatabase>;
  private readonly slot: BatchSlot = { batch: null };
  /** Chunk bytes read from the database and handed out by `loadRange`: the only ones `releaseChunk` frees. */
  private readonly handedOut = new WeakSet<Uint8Array>();

  constructor(
    private readonly factory: IDBFactory,
    readonly dbName = 'commonplace-automerge',
    private readonly store = 'chunks',
  ) {
    this.db = new Promise((resolve, reject) => {
      const req = factory.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(store);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
      req.onblocked = () => reject(new Error('IndexedDB open blocked by another connection'));
    });
  }

  private async tx<T>(
    mode: IDBTransactionMode,
    body: (store: IDBObjectStore) => IDBRequest<T> | void,
    durability: IDBTransactionDurability = 'relaxed',
  ): Promise<T | undefined> {
    const db = await this.db;
    return new Promise<T | undefined>((resolve, reject) => {
      const t = db.transaction(this.store, mode, { durability });
      let result: T | undefined;
      let req: IDBRequest<T> | void;
      try {
        req = body(t.objectStore(this.store));
      } catch (e) {
        // A request refused as it is made (a value that cannot be cloned): the requests made
        // before it must not commit without it (all or nothing), so the transaction is aborted.
        abortQuietly(t);
        return reject(e);
      }
      if (req) req.onsuccess = () => (result = req.result);
      t.oncomplete = () => resolve(result);
      t.onerror = (e) => reject(failureOf(t, (e.target as IDBRequest | null) ?? req));
      t.onabort = () => reject(failureOf(t, req));
    });
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const buffered = this.slot.batch?.read(key);
    if (buffered !== undefined) return buffered ?? undefined;
    const value = await this.tx<unknown>('readonly', (s) => s.get(key));
    return value === undefined ? undefined : toBytes(value);
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    if (this.slot.batch) return this.slot.batch.add({ kind: 'put', key, data }, true);
    await this.tx('readwrite', (s) => s.put(data, key));
  }

  /**
   * Resolves once the delete is *queued*, not committed. automerge-repo removes chunks
   * only after writing the snapshot that supersedes them, one awaited call per chunk;
   * committing each (strict durability) stalled a 10,000-clip library's compaction for
   * seconds. IndexedDB runs later transactions on this store after this one, so every
   * later read already sees the delete; a crash before it commits leaves a superseded
   * chunk, which loading tolerates and the next compaction removes.
   */
  /**
   * Makes every write committed before it durable: one strict write to the same
   * database (its log is flushed in order, so earlier relaxed writes are flushed too).
   */
  async commit(): Promise<void> {
    await this.tx('readwrite', (s) => s.put(new Uint8Array([1]), COMMIT_KEY), 'strict');
  }

  async remove(key: StorageKey): Promise<void> {
    if (this.slot.batch) return this.slot.batch.add({ kind: 'delete', key }, false);
    const db = await this.db;
    const t = db.transaction(this.store, 'readwrite', { durability: 'relaxed' });
    t.objectStore(this.store).delete(key);
    t.onerror = (e) => e.preventDefault();
  }

  async loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    const batch = this.slot.batch;
    const stored = await this.loadStoredRange(keyPrefix);
    return batch ? batch.overlay(keyPrefix, stored) : stored;
  }

  private async loadStoredRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    const db = await this.db;
    return new Promise<Chunk[]>((resolve, reject) => {
      const t = db.transaction(this.store, 'readonly');
      const store = t.objectStore(this.store);
      const range = prefixRange(keyPrefix);
      const out: Chunk[] = [];
      const keysReq = store.getAllKeys(range);
      const valsReq = store.getAll(range);
      t.oncomplete = () => {
        const keys = keysReq.result as StorageKey[];
        const vals = valsReq.result;
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          // Journal records are not chunks (and a throw here would leave the promise unsettled).
          if (!startsWith(key, keyPrefix) || !isBinary(vals[i])) continue;
          const data = toBytes(vals[i]);
          this.handedOut.add(data);
          out.push({ key, data });
        }
        resolve(out);
      };
      t.onerror = (e) => reject(failureOf(t, e.target as IDBRequest | null));
      t.onabort = () => reject(failureOf(t, null));
    });
  }

  /**
   * Frees now (`releaseBytes`) the bytes of a chunk `loadRange` read from the database, for a
   * caller that has copied them (Automerge's `load`) and reads them no more; the caller owns them
   * (each read makes new ones). Anything else, such as a pending batch's chunk a read saw through
   * the overlay, is left alone: false. Why: a pass over every content document (a search rebuild)
   * read ~1 MB of chunks per document, dead outside V8's heap until a collection (issue 12).
   */
  releaseChunk(data: Uint8Array): boolean {
    return this.handedOut.delete(data) && releaseBytes(data);
  }

  async removeRange(keyPrefix: StorageKey): Promise<void> {
    if (this.slot.batch) return this.slot.batch.add({ kind: 'deleteRange', prefix: keyPrefix }, true);
    await this.tx('readwrite', (s) => s.delete(prefixRange(keyPrefix)));
  }

  /**
   * Opens a batch: until its `commit()`, saves and removes are buffered (reads see them),
   * then written with the commit marker in one strict transaction.
   */
  beginBatch(): WriteBatch {
    return beginBatchIn(this.slot, (ops) =>
      this.tx(
        'readwrite',
        (s) => {
          for (const op of ops) {
            if (op.kind === 'put') s.put(op.data, op.key);
            else if (op.kind === 'delete') s.delete(op.key);
            else s.delete(prefixRange(op.prefix));
          }
          s.put(new Uint8Array([1]), COMMIT_KEY);
        },
        'strict',
      ).then(() => undefined),
    );
  }

  async listKeys(prefixes: readonly StorageKey[]): Promise<StorageKey[][]> {
    const db = await this.db;
    return new Promise((resolve, reject) => {
      const t = db.transaction(this.store, 'readonly');
      const store = t.objectStore(this.store);
      const reqs = prefixes.map((p) => store.getAllKeys(prefixRange(p)));
      t.oncomplete = () => resolve(reqs.map((r, i) => (r.result as StorageKey[]).filter((k) => startsWith(k, prefixes[i]!))));
      t.onerror = (e) => reject(failureOf(t, e.target as IDBRequest | null));
      t.onabort = () => reject(failureOf(t, null));
    });
  }

  async appendJournal(key: string, record: unknown): Promise<void> {
    await this.tx('readwrite', (s) => s.put(record, journalStorageKey(key)), 'strict');
  }

  async journalEntries(): Promise<Array<{ key: string; record: unknown }>> {
    const db = await this.db;
    return new Promise((resolve, reject) => {
      const t = db.transaction(this.store, 'readonly');
      const range = prefixRange(JOURNAL_PREFIX);
      const keysReq = t.objectStore(this.store).getAllKeys(range);
      const valsReq = t.objectStore(this.store).getAll(range);
      t.oncomplete = () => {
        const keys = keysReq.result as StorageKey[];
        resolve(keys.flatMap((k, i) => (k.length === JOURNAL_PREFIX.length + 1 ? [{ key: String(k[k.length - 1]), record: valsReq.result[i] }] : [])));
      };
      t.onerror = (e) => reject(failureOf(t, e.target as IDBRequest | null));
      t.onabort = () => reject(failureOf(t, null));
    });
  }

  /** Closes the connection (tests, and before deleting the database). */
  async close(): Promise<void> {
    (await this.db).close();
  }
}

/** Not a document id (those are base58), so automerge-repo never reads or removes it. */
const COMMIT_KEY = ['commonplace', 'commit'];

/** All array keys that start with `prefix`: [prefix] ≤ key < [prefix, []] in IndexedDB key order. */
function prefixRange(prefix: StorageKey): IDBKeyRange {
  // Arrays sort after strings; an empty array as the next element is greater than any string element.
  return IDBKeyRange.bound(prefix, [...prefix, []], false, true);
}

function isBinary(value: unknown): boolean {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new Error('Stored chunk is not binary');
}

/**
 * The error a failed transaction rejects with: the transaction's own, else the failed request's
 * (a request's error reaches the transaction's onerror before the transaction has one), else
 * an AbortError. Never null: a caller shows its name and message.
 */
function failureOf(t: IDBTransaction, req: IDBRequest | null | void): DOMException | Error {
  return t.error ?? (req && 'error' in req ? req.error : null) ?? new DOMException('IndexedDB transaction aborted', 'AbortError');
}

/** Aborts a transaction that may have finished already. */
function abortQuietly(t: IDBTransaction): void {
  try {
    t.abort();
  } catch {
    // Already committed or aborted.
  }
}
