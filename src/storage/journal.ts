import type { StorageKey } from '@automerge/automerge-repo/slim';

/**
 * A write-ahead journal beside the documents, in the same store. Why: a capture is
 * made durable by one small strict write of the capture itself (what the user saw),
 * and the Automerge documents — whose change and save cost 10-30 ms of CPU for a large
 * article — are written right after, in a batch that also removes the record
 * (`WriteBatch.discardJournal`). A background killed in between replays the record on
 * its next start. Records live under `JOURNAL_PREFIX`, outside every document's key
 * range (document ids are base58), so automerge-repo never reads or removes them.
 */
export interface JournalStorage {
  /**
   * Stores `record` (a structured-cloneable value) under `key` in one durable (strict)
   * transaction of its own. Resolves once it is on disk; rejects having stored nothing
   * (full disk). Never part of an open write batch.
   */
  appendJournal(key: string, record: unknown): Promise<void>;
  /** Every record stored and not yet discarded, in key order. */
  journalEntries(): Promise<Array<{ key: string; record: unknown }>>;
}

export const JOURNAL_PREFIX: StorageKey = ['commonplace', 'journal'];

export const journalStorageKey = (key: string): StorageKey => [...JOURNAL_PREFIX, key];
