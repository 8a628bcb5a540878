import type { Chunk, StorageKey } from '@automerge/automerge-repo/slim';
import { journalStorageKey, type JournalStorage } from './journal';

/**
 * One durable write for one user action. While a batch is open, a storage adapter
 * buffers every save and remove instead of writing it; `commit()` writes them all in
 * one atomic, durable transaction. Why: a new clip is a clip document chunk plus a
 * root document chunk; written together they cannot be half-written by a killed
 * worker (no root entry pointing at a missing document), and one transaction costs
 * one round trip and one disk flush instead of three.
 *
 * A buffered save's promise settles only when the batch commits (and rejects if the
 * commit fails), so automerge-repo records a chunk as stored only once it is: after a
 * failed commit its next save writes the same changes again.
 */
export interface WriteBatch {
  /**
   * Resolves once a write for `documentId` is buffered in this batch, or when `settled`
   * settles first (a flush with nothing to write). Rejects if `settled` rejects first.
   */
  queued(documentId: string, settled: Promise<unknown>): Promise<void>;
  /** Removes a journal record (see `JournalStorage`) in the batch's transaction: it goes only if the batch lands. */
  discardJournal(key: string): void;
  /** Removes every chunk of a document in the batch's transaction (an unreferenced document left by a crash). */
  removeDocument(documentId: string): void;
  /** Writes everything buffered in one durable transaction; idempotent. Rejects if it fails (full disk). */
  commit(): Promise<void>;
}

/** A storage adapter that can group writes (see `WriteBatch`), one batch at a time, and keeps a journal beside them. */
export interface BatchingStorage extends JournalStorage {
  beginBatch(): WriteBatch;
  /**
   * The keys stored under each prefix (no values), read together in one transaction, in key
   * order; what is committed only (an open batch's writes are not seen). Cheap: how a start
   * tells whether documents changed since the index was derived from them, without loading them.
   */
  listKeys(prefixes: readonly StorageKey[]): Promise<StorageKey[][]>;
}

export type BatchOp =
  | { readonly kind: 'put'; readonly key: StorageKey; readonly data: Uint8Array }
  | { readonly kind: 'delete'; readonly key: StorageKey }
  | { readonly kind: 'deleteRange'; readonly prefix: StorageKey };

export function startsWith(key: StorageKey, prefix: StorageKey): boolean {
  return prefix.length <= key.length && prefix.every((p, i) => key[i] === p);
}

const sameKey = (a: StorageKey, b: StorageKey): boolean => a.length === b.length && startsWith(a, b);

/**
 * The buffered writes of an open batch, shared by the adapters: records operations in
 * order, answers reads as if they were already written, and settles the writers'
 * promises when the adapter has committed (or failed to).
 */
export class OpenBatch {
  readonly ops: BatchOp[] = [];
  private readonly pending: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private readonly docs = new Set<string>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private settled = false;

  /** Buffers `op`. The returned promise settles at commit when `untilCommit`, else at once. */
  add(op: BatchOp, untilCommit: boolean): Promise<void> {
    this.ops.push(op);
    const doc = String((op.kind === 'deleteRange' ? op.prefix : op.key)[0]);
    this.docs.add(doc);
    for (const wake of this.waiters.get(doc) ?? []) wake();
    this.waiters.delete(doc);
    if (!untilCommit) return Promise.resolve();
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  queued(documentId: string, settled: Promise<unknown>): Promise<void> {
    if (this.docs.has(documentId)) return Promise.resolve();
    return Promise.race([
      new Promise<void>((resolve) => {
        const list = this.waiters.get(documentId) ?? [];
        list.push(resolve);
        this.waiters.set(documentId, list);
      }),
      settled.then(() => undefined),
    ]);
  }

  /** What a read of `key` sees from this batch: its bytes, null when deleted, undefined when untouched. */
  read(key: StorageKey): Uint8Array | null | undefined {
    for (let i = this.ops.length - 1; i >= 0; i--) {
      const op = this.ops[i]!;
      if (op.kind === 'put' && sameKey(op.key, key)) return op.data;
      if (op.kind === 'delete' && sameKey(op.key, key)) return null;
      if (op.kind === 'deleteRange' && startsWith(key, op.prefix)) return null;
    }
    return undefined;
  }

  /** `stored` (a range read from storage) as it will be once this batch is written. */
  overlay(prefix: StorageKey, stored: Chunk[]): Chunk[] {
    const byKey = new Map(stored.map((c) => [JSON.stringify(c.key), c]));
    for (const op of this.ops) {
      if (op.kind === 'put' && startsWith(op.key, prefix)) byKey.set(JSON.stringify(op.key), { key: op.key, data: op.data });
      else if (op.kind === 'delete') byKey.delete(JSON.stringify(op.key));
      else if (op.kind === 'deleteRange') for (const [k, c] of byKey) if (startsWith(c.key, op.prefix)) byKey.delete(k);
    }
    return [...byKey.values()];
  }

  /** Settles every writer waiting for the commit: resolved, or rejected with `error`. */
  settle(error?: unknown): void {
    if (this.settled) return;
    this.settled = true;
    if (error !== undefined && typeof error === 'object' && error !== null) reportedByCommit.add(error);
    for (const p of this.pending) {
      if (error === undefined) p.resolve();
      else p.reject(error);
    }
  }
}

/** Errors a batch's `commit()` rejected with: its committer has them (see {@link reportedToCommitter}). */
const reportedByCommit = new WeakSet<object>();

/**
 * Whether `error` is a failed batch commit, which the batch's `commit()` already gave to the
 * code that opened the batch (every user of `beginBatch` awaits its commit). A write that was
 * buffered in that batch may then drop the error: automerge-repo's throttled background save
 * (`void` in its Repo) would otherwise end as an unhandled rejection while the committer
 * reports the same failure to the user. The write is still not recorded as stored, so the next
 * save writes it again.
 */
export function reportedToCommitter(error: unknown): boolean {
  return typeof error === 'object' && error !== null && reportedByCommit.has(error);
}

/** Where an adapter keeps its open batch (null when writes go straight through). */
export interface BatchSlot {
  batch: OpenBatch | null;
}

/**
 * `beginBatch()` as both adapters implement it: buffers into a new batch held in `slot`
 * until `commit()`, which hands the operations to `write` (which must store all of
 * them atomically and durably, or reject having stored none).
 */
export function beginBatchIn(slot: BatchSlot, write: (ops: readonly BatchOp[]) => Promise<void>): WriteBatch {
  if (slot.batch) throw new Error('A storage write batch is already open.');
  const batch = new OpenBatch();
  slot.batch = batch;
  let committed: Promise<void> | null = null;
  const commit = async (): Promise<void> => {
    if (slot.batch === batch) slot.batch = null;
    try {
      await write(batch.ops);
    } catch (e) {
      batch.settle(e);
      throw e;
    }
    batch.settle();
  };
  return {
    queued: (documentId, settled) => batch.queued(documentId, settled),
    discardJournal: (key) => void batch.add({ kind: 'delete', key: journalStorageKey(key) }, false),
    removeDocument: (documentId) => void batch.add({ kind: 'deleteRange', prefix: [documentId] }, false),
    commit: () => (committed ??= commit()),
  };
}
