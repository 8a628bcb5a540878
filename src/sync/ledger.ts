/**
 * The sync ledger: what each server is known to hold, per document, as heads. Derived data
 * (in the index database): losing it only costs a re-check, never a document.
 * Keys: `local:<docId>` (our heads when last written), `server:<storageId>:<docId>` (the heads
 * that server acknowledged; `server:<storageId>#<epoch>:<docId>` once it was found to have lost
 * data, see `serverKey`), `epoch:<storageId>` (that epoch), `refs:<docId>` (a fingerprint of the
 * articles the catalogs expect in a content document), `pass-mark` (the address of this device's
 * pass mark, pass-mark.ts).
 */

/** Where sync keeps what each server is known to hold (derived: losing it only costs a re-check). */
export interface SyncLedger {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Several entries in one write (one transaction), when the store can; else they are set one by one. */
  setMany?(entries: ReadonlyArray<readonly [string, string]>): Promise<void>;
}

/**
 * The key of what server `storageId` acknowledged of document `docId`. A server that lost data it
 * had acknowledged (restored from a backup: same storage id) gets a new `epoch`, so every entry
 * written before it no longer counts and the next pass checks each document with it again.
 */
export const serverKey = (storageId: string, epoch: string | undefined, docId: string): string =>
  epoch ? `server:${storageId}#${epoch}:${docId}` : `server:${storageId}:${docId}`;

/** Heads as one comparable string (order-independent). */
export const headsKey = (heads: readonly string[]): string => [...heads].sort().join(',');

/**
 * A write-through memory copy of a ledger (an entry is cached once stored, or once read).
 * A set of the value already known writes nothing, and the sets of one task are written
 * together (`setMany`): a pass and the servers' acknowledgements set the same entries again
 * and again, and each write was a transaction on the index database's `meta` store, where the
 * writes a joining browser makes to list its new library early wait behind them.
 */
export function cachedLedger(ledger: SyncLedger): SyncLedger {
  const known = new Map<string, string | undefined>();
  let pending: Map<string, string> | null = null;
  let flushed: Promise<void> | null = null;
  const flush = async (batch: Map<string, string>) => {
    const entries = [...batch.entries()];
    if (ledger.setMany) await ledger.setMany(entries);
    else for (const [k, v] of entries) await ledger.set(k, v);
  };
  return {
    async get(key) {
      if (known.has(key)) return known.get(key);
      const v = await ledger.get(key);
      // A set while this read was under way is newer than what it read.
      if (!known.has(key)) known.set(key, v);
      return known.get(key);
    },
    set(key, value) {
      if (known.has(key) && known.get(key) === value && !pending?.has(key)) return flushed ?? Promise.resolve();
      // Known at once (a pass running meanwhile sees it); storage only saves a re-check after a restart.
      known.set(key, value);
      if (!pending) {
        const batch = (pending = new Map());
        const written: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, 0))
          .then(() => {
            pending = null;
            return flush(batch);
          })
          // Refused (a full disk): not stored, so not known either; the next set of these values writes them again
          // (one the next batch already carries stays known: that batch writes it).
          .catch((e: unknown) => {
            for (const [k, v] of batch) if (known.get(k) === v && !pending?.has(k)) known.delete(k);
            throw e;
          })
          // Settled: a later set of a known value waits for nothing (it kept getting this failure, so every pass after one refused write threw).
          .finally(() => void (flushed === written && (flushed = null)));
        flushed = written;
      }
      pending.set(key, value);
      return flushed!;
    },
  };
}

/** A short, stable fingerprint of a set of article keys (FNV-1a over the sorted keys). */
export function fingerprint(revs: readonly string[] | undefined): string {
  let hash = 0x811c9dc5;
  for (const r of [...(revs ?? [])].sort()) {
    for (let i = 0; i < r.length; i++) hash = Math.imul(hash ^ r.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 10, 0x01000193);
  }
  return `${revs?.length ?? 0}:${(hash >>> 0).toString(36)}`;
}
