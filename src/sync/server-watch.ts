/**
 * What each connected server has said since it connected, and whether it lost documents it had
 * acknowledged. Both guard the ledger (ledger.ts), which trusts a server's storage id to mean its
 * data: a server restored from a backup keeps its id and loses everything written after the
 * backup, so the ledger said it held content documents it no longer had, passes skipped them,
 * and the device said "Synced".
 */
import { getChangesMetaSince, hasHeads, type Doc } from '@automerge/automerge/slim';
import { decodeHeads, type DocHandle, type PeerId, type Repo, type StorageId, type UrlHeads } from '@automerge/automerge-repo/slim';

/**
 * True when `remote` (a server's heads now) does not hold in its history every one of `acked`
 * (heads that server acknowledged before): the server lost changes. Automerge documents only
 * grow, so this never happens to a server that kept its data. False when it cannot tell (the
 * server has changes this device has not received yet).
 */
export function lostSince(doc: Doc<unknown>, acked: readonly string[], remote: readonly string[]): boolean {
  if (acked.length === 0) return false;
  const theirs = new Set(remote);
  if (acked.every((h) => theirs.has(h))) return false;
  const [before, now] = [decodeHeads(acked as UrlHeads), decodeHeads(remote as UrlHeads)];
  if (!hasHeads(doc, before) || !hasHeads(doc, now)) return false;
  const since = new Set(getChangesMetaSince(doc, now).map((c) => c.hash));
  return before.some((h) => since.has(h));
}

/** What `ServerWatch` needs of the engine. */
export interface ServerWatchDeps {
  /** The heads (a `headsKey`) the ledger says server `t` acknowledged of document `id`, if any. */
  acked(t: StorageId, id: string): Promise<string | undefined>;
  /** Server `t` lost data: the engine forgets what it held and checks everything with it again. */
  lost(t: StorageId): Promise<void>;
}

/**
 * Watches the documents the engine keeps loaded (the root and the catalogs, synced
 * continuously): a server whose heads for one of them stop holding heads it acknowledged lost
 * data, and `deps.lost` is told (once per loss: the checks run one at a time, and the engine's
 * new ledger epoch holds no acknowledgement to compare with until a pass confirms one). It also
 * records, per server, the documents whose sync messages from it were applied since it
 * connected: a handle keeps the heads a server told it on an earlier connection, so "the server
 * holds these heads" is believed only once that server has spoken about the document on this one.
 */
export class ServerWatch {
  private readonly heardFrom = new Map<StorageId, Set<string>>();
  private readonly waiting = new Map<string, Set<() => void>>();
  private readonly listeners: Array<[DocHandle<unknown>, (e: { storageId: StorageId; heads: UrlHeads }) => void]>;
  private checks: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: Repo,
    pinned: ReadonlyArray<DocHandle<unknown>>,
    private readonly deps: ServerWatchDeps,
  ) {
    // After the Repo's own listener, which has given the handle the server's heads by then.
    repo.synchronizer.on('sync-state', this.onSyncState);
    this.listeners = pinned.map((h) => [h, ({ storageId, heads }) => this.check(h, storageId, heads)]);
    for (const [h, fn] of this.listeners) h.on('remote-heads', fn);
  }

  /** A server (re)connected: what it said before no longer counts. */
  connected(peerId: PeerId): void {
    const t = this.repo.peerMetadataByPeerId[peerId]?.storageId;
    if (t) this.heardFrom.set(t, new Set());
  }

  /** Whether server `t` has sent a sync message about document `id` since it connected (and it was applied). */
  heard(t: StorageId, id: string): boolean {
    return this.heardFrom.get(t)?.has(id) ?? false;
  }

  /** Calls `fn` each time a server's sync message about document `id` has been applied; returns the way to stop. */
  onHeard(id: string, fn: () => void): () => void {
    const set = this.waiting.get(id) ?? new Set();
    this.waiting.set(id, set.add(fn));
    return () => void (set.delete(fn) && set.size === 0 && this.waiting.delete(id));
  }

  stop(): void {
    this.repo.synchronizer.off('sync-state', this.onSyncState);
    for (const [h, fn] of this.listeners) h.off('remote-heads', fn);
  }

  // A sync state with their heads comes from a message of theirs: a (re)started exchange begins with none.
  private readonly onSyncState = ({ peerId, documentId, syncState }: { peerId: PeerId; documentId: string; syncState: { theirHeads: unknown } }): void => {
    const t = this.repo.peerMetadataByPeerId[peerId]?.storageId;
    const heard = t ? this.heardFrom.get(t) : undefined;
    if (!heard || !syncState.theirHeads) return;
    heard.add(documentId);
    for (const fn of [...(this.waiting.get(documentId) ?? [])]) fn();
  };

  private check(h: DocHandle<unknown>, t: StorageId, remote: UrlHeads): void {
    this.checks = this.checks
      .then(async () => {
        const acked = await this.deps.acked(t, h.documentId);
        if (acked && h.isReady() && lostSince(h.doc(), acked.split(','), remote)) await this.deps.lost(t);
      })
      .catch((e: unknown) => console.warn('Commonplace: could not check what a sync server holds', e));
  }
}
