/**
 * Keeps the server Repo's memory bounded: documents nobody has synced for a while are written
 * to disk and dropped from the Repo's cache; the next sync message for one loads it again.
 *
 * "Touched" means a sync message for the document arrived from a peer or left for one. Both are
 * seen on the Repo's own event emitters, synchronously, before automerge-repo starts its async
 * handling (`CollectionSynchronizer.receiveMessage` awaits the share policy and `repo.find`), so
 * a document is never dropped between a message's arrival and its processing.
 *
 * Why dropping is safe (automerge-repo 2.5.6):
 * - `repo.removeFromCache` unloads the handle and removes its DocSynchronizer. Unloading swaps
 *   the handle's document for an empty one, which fires `heads-changed` and `change`: the Repo's
 *   save listener then writes the EMPTY document 100 ms later and, as a small document is
 *   always compacted, deletes the real snapshot (automerge-repo issue #435, open; reproduced
 *   here: a removed document reloads as `{}`), and the synchronizer's listener waits 60 s on the
 *   unloaded handle. So we strip the handle's listeners first; the handle is discarded anyway.
 * - A later message for the id goes through `receiveMessage` → `repo.find`, which loads the
 *   document from disk, builds a new synchronizer and answers the sender.
 * - Peers that had the document open stay live: the CollectionSynchronizer remembers, per
 *   document, every connected peer that sent it a request or sync message (`#hasRequested`,
 *   cleared only when the peer disconnects), and a reloaded document starts syncing with all of
 *   them. So client A's edit after an eviction reaches client B without B asking again.
 * - The sync state with each peer is rebuilt (from disk for peers with storage, else from
 *   scratch); the Automerge sync protocol converges from any sync state, at the cost of one
 *   more round trip for that document.
 * Only `ready` handles are dropped: `repo.flush` and `removeFromCache` throw on others, and an
 * `unavailable` handle (someone asked for an id the server has never seen) holds an empty doc.
 *
 * Why a document must be quiet for a while first (at least MIN_QUIET_MS): work continues after
 * a message has been handled. A sync exchange takes several messages; the synchronizer forwards
 * a change to the other peers 100 ms later (a throttle); the handle's save runs 100 ms after a
 * change (another throttle). Measured with two clients editing 20 shared documents every ~20 ms
 * (listeners stripped as above): evicting after 100 ms of quiet lost nothing (180 evictions in
 * 5 s, both clients, a fresh client and the disk agreed); after 20 ms, documents were dropped
 * between the messages of one exchange, a second client's `find` ended unavailable and edits
 * stopped propagating. A second of quiet is a 10× margin; `isBusy` (the storage's writes in
 * flight) covers a slow disk.
 */
import type { DocumentId, Repo } from '@automerge/automerge-repo/slim';

/** When documents leave memory. */
export interface EvictionPolicy {
  /** Drop a document after this long without sync traffic; 0 turns idle eviction off. */
  readonly idleMs: number;
  /** Above this many documents in memory, drop the least recently touched first... */
  readonly maxDocs: number;
  /** ...but none touched in the last `graceMs` (a sync exchange in flight is left alone). */
  readonly graceMs: number;
  /** How often to look. */
  readonly sweepMs: number;
}

/** The running evictor. */
export interface Evictor {
  /** One eviction pass now; resolves to how many documents were dropped. */
  sweep(): Promise<number>;
  /** Documents dropped since start. */
  readonly evicted: number;
  /** Stops the timer; resolves when a pass under way has finished. */
  stop(): Promise<void>;
}

/** Documents flushed together before their handles are dropped. */
const FLUSH_BATCH = 50;
/** No document is dropped sooner than this after its last sync message (see above). */
export const MIN_QUIET_MS = 1000;

/**
 * The policy for `idleS` seconds idle (0: off; raised to MIN_QUIET_MS) and `maxDocs` in memory:
 * a grace of 2 s (or the idle time if shorter, never under MIN_QUIET_MS), and a look every
 * second (4× per idle period if that is shorter). A pass costs O(documents in memory).
 */
export function policyFor(idleS: number, maxDocs: number): EvictionPolicy {
  const idleMs = idleS > 0 ? Math.max(MIN_QUIET_MS, idleS * 1000) : 0;
  const graceMs = Math.max(MIN_QUIET_MS, Math.min(idleMs || 2000, 2000));
  const sweepMs = Math.max(100, Math.min(1000, idleMs > 0 ? idleMs / 4 : 1000));
  return { idleMs, maxDocs, graceMs, sweepMs };
}

/**
 * Starts tracking `repo`'s documents and evicting them under `policy`. `isBusy(id)` says a
 * storage write for the document is under way (it is then kept for this pass).
 */
export function startEviction(repo: Repo, policy: EvictionPolicy, isBusy: (id: DocumentId) => boolean = () => false): Evictor {
  /** Last touch per document, oldest first (a touch moves the entry to the end). */
  const touched = new Map<DocumentId, { at: number; seq: number }>();
  let seq = 0;
  let evicted = 0;
  let running: Promise<number> | null = null;

  const touch = (id: DocumentId | undefined) => {
    if (!id) return;
    touched.delete(id);
    touched.set(id, { at: Date.now(), seq: ++seq });
  };
  // Incoming: before the Repo's async handling starts. Outgoing: whatever the synchronizer sends.
  repo.networkSubsystem.on('message', (m) => touch('documentId' in m ? m.documentId : undefined));
  repo.synchronizer.on('message', (m) => touch('documentId' in m ? m.documentId : undefined));

  const pass = async (): Promise<number> => {
    const now = Date.now();
    const handles = repo.handles;
    for (const id of Object.keys(handles) as DocumentId[]) if (!touched.has(id)) touch(id);
    for (const id of touched.keys()) if (!handles[id]) touched.delete(id);
    let inMemory = Object.keys(handles).length;
    const chosen: { id: DocumentId; seq: number }[] = [];
    for (const [id, t] of touched) {
      const idle = now - t.at;
      const overIdle = policy.idleMs > 0 && idle >= policy.idleMs;
      const overCap = inMemory > policy.maxDocs && idle >= policy.graceMs;
      if (!overIdle && !overCap) break; // the rest were touched later
      if (!handles[id]?.isReady() || isBusy(id)) continue;
      chosen.push({ id, seq: t.seq });
      inMemory--;
    }
    let dropped = 0;
    for (let i = 0; i < chosen.length; i += FLUSH_BATCH) {
      const batch = chosen.slice(i, i + FLUSH_BATCH).filter(({ id }) => repo.handles[id]?.isReady());
      if (batch.length === 0) continue;
      await repo.flush(batch.map((c) => c.id));
      for (const { id, seq: before } of batch) {
        // Touched while we were writing: it is in use again, keep it.
        if (touched.get(id)?.seq !== before || !repo.handles[id]?.isReady() || isBusy(id)) continue;
        touched.delete(id);
        // Synchronously with the checks above: no message can come in between.
        repo.handles[id]!.removeAllListeners();
        await repo.removeFromCache(id);
        dropped++;
      }
    }
    evicted += dropped;
    return dropped;
  };

  const sweep = (): Promise<number> => {
    running ??= pass().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => {
    sweep().catch((err: unknown) => console.error('[sync-server] eviction pass failed:', err));
  }, policy.sweepMs);
  timer.unref();

  return {
    sweep,
    get evicted() {
      return evicted;
    },
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => 0);
    },
  };
}
