import type { DocHandle, Repo } from '@automerge/automerge-repo/slim';
import { getHeads } from '@automerge/automerge/slim';
import type { BatchingStorage } from '../storage/write-batch';
import { DocStorage } from './doc-storage';
import { Mutex } from '../util/mutex';

/**
 * Writes documents' changes in durable storage batches, one batch at a time (reads that
 * migrate a document use it too). After a failed batch (full disk) its documents are
 * written again with the next one, first, so a root entry is never stored without the
 * clip document it points to.
 */
export class Persister {
  private readonly lock = new Mutex();
  /** Documents of a batch that failed to commit: written first with the next batch. */
  private unpersisted: Array<DocHandle<unknown>> = [];

  /** Called with every batch's documents once they are durable (sync learns which documents changed). */
  onPersisted: ((handles: ReadonlyArray<DocHandle<unknown>>) => void) | null = null;

  constructor(
    private readonly repo: Repo,
    readonly storage: BatchingStorage,
  ) {}

  /** Writes the changes of `handles` (and `extra`) in one durable batch; rejects having stored none of them. */
  persist(handles: ReadonlyArray<DocHandle<unknown>>, extra: BatchExtras = {}): Promise<void> {
    return this.lock.run(async () => {
      const all = new Map<string, DocHandle<unknown>>();
      for (const h of [...this.unpersisted, ...handles]) if (this.repo.handles[h.documentId]) all.set(h.documentId, h);
      try {
        await persistHandles(this.repo, this.storage, [...all.values()], extra);
        this.unpersisted = [];
        this.onPersisted?.([...all.values()]);
      } catch (e) {
        this.unpersisted = [...all.values()];
        throw e;
      }
    });
  }
}

/** What a batch does besides writing documents: journal records it discards, unreferenced documents it removes. */
export interface BatchExtras {
  readonly discard?: readonly string[];
  readonly remove?: readonly string[];
}

/**
 * Flushes `handles` in order into one storage batch and commits it: all of their
 * changes are durable when this resolves, or none are recorded as stored when it
 * rejects (their next flush writes them again).
 */
async function persistHandles(repo: Repo, storage: BatchingStorage, handles: ReadonlyArray<DocHandle<unknown>>, extra: BatchExtras = {}): Promise<void> {
  const batch = storage.beginBatch();
  const docs = DocStorage.of(repo);
  for (const key of extra.discard ?? []) batch.discardJournal(key);
  for (const documentId of extra.remove ?? []) batch.removeDocument(documentId);
  const flushes: Array<Promise<void>> = [];
  let failure: { error: unknown } | null = null;
  try {
    for (const h of handles) {
      const want = getHeads(h.doc());
      const flushed = repo.flush([h.documentId]);
      flushes.push(flushed);
      let done = false;
      void flushed.then(() => (done = true), () => (done = true));
      // A write of this document already under way (automerge-repo's own throttled save of a synced
      // change) may land in the batch first with an older state: the batch must hold a write of
      // the state flushed here, or the flush's own (the change would be stored after the commit,
      // outside it: a crash in between lost a saved clip's entry whose journal record the batch discarded).
      await batch.queued(h.documentId, flushed);
      const written = docs?.lastWritten(h.documentId);
      // That write holds an older state, and the flush's own waits behind it until the commit: what it lacks is buffered now.
      if (docs && !done && written !== undefined && written.join() !== want.join()) await docs.bufferSince(h.documentId, h.doc(), written);
    }
  } catch (error) {
    failure = { error };
  }
  // Committed even after a failed flush, so no buffered write is left waiting.
  const results = await Promise.allSettled([batch.commit(), ...flushes]);
  if (failure) throw failure.error;
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}
