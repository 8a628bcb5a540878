/**
 * What each connected server has said since it connected, and whether it lost documents it had
 * acknowledged. Both guard the ledger (ledger.ts), which trusts a server's storage id to mean its
 * data: a server restored from a backup keeps its id and loses everything written after the
 * backup, so the ledger said it held content documents it no longer had, passes skipped them,
 * and the device said "Synced".
 */
import { getChangesMetaSince, hasHeads, type Doc } from '@automerge/automerge/slim';
import { decodeHeads, type DocHandle, type PeerId, type Repo, type StorageId, type UrlHeads } from '@automerge/automerge-repo/slim';
import { headsKey, serverKey, type SyncLedger } from './ledger';

/**
 * True when `remote` (a server's heads now) does not hold in its history every one of `acked`
 * (heads that server acknowledged before): the server lost changes. Automerge documents only
 * grow, so this never happens to a server that kept its data. Null when it cannot tell yet: the
 * server has changes this device has not received (`ServerWatch` asks again once it has them).
 */
export function lostSince(doc: Doc<unknown>, acked: readonly string[], remote: readonly string[]): boolean | null {
  if (acked.length === 0) return false;
  const theirs = new Set(remote);
  if (acked.every((h) => theirs.has(h))) return false;
  const [before, now] = [decodeHeads(acked as UrlHeads), decodeHeads(remote as UrlHeads)];
  if (!hasHeads(doc, before)) return false;
  if (!hasHeads(doc, now)) return null;
  const since = new Set(getChangesMetaSince(doc, now).map((c) => c.hash));
  return before.some((h) => since.has(h));
}

/** What `ServerWatch` needs of the engine. */
export interface ServerWatchDeps {
  /** The engine's ledger: the heads each server acknowledged (`serverKey`), and the epochs. */
  readonly ledger: SyncLedger;
  /** Server `t` lost data and has a new epoch: the engine checks everything with it again. */
  lost(t: StorageId): void;
}

/** How long a pass after a server (re)connected waits for its first word on the root and catalogs. */
export const GREET_MS = 2_000;

/**
 * The documents whose sync messages each server sent were applied, for one Repo: one per Repo,
 * for as long as it lives (engines come and go on one Repo: a join starts a new one while the
 * server stays connected, and the server has already spoken by then). Kept twice: since the
 * server (re)connected (`spokeOnConnection`), and since this server process was met (`heard`:
 * per peer id, which the project's server draws anew each time it starts).
 */
class HeardFrom {
  private readonly onConnection = new Map<StorageId, Set<string>>();
  private readonly sincePeer = new Map<StorageId, { readonly peerId: PeerId; readonly ids: Set<string> }>();
  /** Told of each document a server process speaks of for the first time (`heard` turns true). */
  readonly listeners = new Set<(t: StorageId, id: string) => void>();

  constructor(private readonly repo: Repo) {
    // After the Repo's own listeners: it has the peer's storage id, and has given the handle the server's heads.
    repo.networkSubsystem.on('peer', ({ peerId }) => {
      const t = this.storageIdOf(peerId);
      if (!t) return;
      this.onConnection.set(t, new Set());
      // The same process reconnected (a dropped socket, a join's new engine): what it said still holds.
      if (this.sincePeer.get(t)?.peerId !== peerId) this.sincePeer.set(t, { peerId, ids: new Set() });
    });
    repo.synchronizer.on('sync-state', ({ peerId, documentId, syncState }) => {
      // A sync state with their heads comes from a message of theirs: a (re)started exchange begins with none.
      const t = this.storageIdOf(peerId);
      if (!t || !syncState.theirHeads) return;
      this.onConnection.get(t)?.add(documentId);
      const met = this.sincePeer.get(t);
      if (!met || met.peerId !== peerId || met.ids.has(documentId)) return;
      met.ids.add(documentId);
      for (const fn of this.listeners) fn(t, documentId);
    });
  }

  /** Whether server `t` spoke of document `id` since it last connected. */
  spokeOnConnection(t: StorageId, id: string): boolean {
    return this.onConnection.get(t)?.has(id) ?? false;
  }

  /** Whether the server process now behind `t` (its peer id) has spoken of document `id`, on this connection or an earlier one. */
  heard(t: StorageId, id: string): boolean {
    return this.sincePeer.get(t)?.ids.has(id) ?? false;
  }

  private storageIdOf(peerId: PeerId): StorageId | undefined {
    return this.repo.peerMetadataByPeerId[peerId]?.storageId;
  }
}

const heardFromOf = new WeakMap<Repo, HeardFrom>();

/** A report `lostSince` could not judge: server `t`'s heads, and what it had acknowledged in the epoch of ledger key `key`. */
interface Unsure {
  readonly t: StorageId;
  readonly key: string;
  readonly acked: readonly string[];
  readonly remote: UrlHeads;
}

/** At most this many reports are kept per document until they can be judged (the first ones after a connection matter). */
const MAX_UNSURE = 8;

/**
 * Watches the documents the engine keeps loaded (the root, the catalogs and the pass mark, synced
 * continuously): a server whose heads for one of them stop holding heads it acknowledged lost
 * data, and `deps.lost` is told (once per loss: the checks run one at a time, and the engine's
 * new ledger epoch holds no acknowledgement to compare with until a pass confirms one).
 */
export class ServerWatch {
  /** Per watched document (the same order as `pinned`): its handle, and its listeners. */
  private readonly listeners: Array<[DocHandle<unknown>, (e: { storageId: StorageId; heads: UrlHeads }) => void, () => void]> = [];
  private readonly from: HeardFrom;
  /** Reports that could not be judged yet, per document: judged again when its heads change (this device received changes). */
  private readonly unsure = new Map<string, Unsure[]>();
  private checks: Promise<void> = Promise.resolve();
  /** The epoch of each server found to have lost data this session: it holds even if storage refused it. */
  private readonly epochs = new Map<StorageId, string>();

  private readonly pinned: Array<DocHandle<unknown>> = [];
  private stopped = false;

  constructor(
    repo: Repo,
    pinned: ReadonlyArray<DocHandle<unknown>>,
    private readonly deps: ServerWatchDeps,
  ) {
    let from = heardFromOf.get(repo);
    if (!from) heardFromOf.set(repo, (from = new HeardFrom(repo)));
    this.from = from;
    for (const h of pinned) this.add(h);
  }

  /** Watches one more document kept loaded (the pass mark, pass-mark.ts); once only per handle. */
  add(h: DocHandle<unknown>): void {
    if (this.pinned.includes(h)) return;
    const entry: (typeof this.listeners)[number] = [h, ({ storageId, heads }) => this.check(h, storageId, heads), () => this.checkAgain(h)];
    this.pinned.push(h);
    this.listeners.push(entry);
    h.on('remote-heads', entry[1]);
    h.on('heads-changed', entry[2]);
  }

  /** Stops watching `h` (a pass mark a new one took over from). */
  remove(h: DocHandle<unknown>): void {
    const i = this.pinned.indexOf(h);
    if (i < 0) return;
    const [[, fn, again]] = this.listeners.splice(i, 1) as [(typeof this.listeners)[number]];
    this.pinned.splice(i, 1);
    h.off('remote-heads', fn);
    h.off('heads-changed', again);
    this.unsure.delete(h.documentId);
  }

  /**
   * Whether the server process behind `t` has spoken of document `id`. A loaded handle keeps the
   * heads a server reported on an earlier connection (automerge-repo keeps them across a
   * reconnection), and a server restored or wiped meanwhile may no longer hold them: they count
   * only once it speaks again. The same process reconnected (its peer id unchanged) still holds
   * them, and has nothing to say of a document in step: its sync state for this device outlives
   * the socket, and Automerge answers nothing when neither side's heads moved, however often the
   * exchange is restarted (waiting for its word deadlocked a join's new engine). A server whose
   * peer id survives its restarts (the published one: its host name) counts as the same process.
   */
  heard(t: StorageId, id: string): boolean {
    return this.from.heard(t, id);
  }

  /**
   * Whether server `t` holds `h`'s heads, as it last said: only what the server process connected
   * now said counts (a handle keeps what a restored one said before: `heard`). The engine asks
   * it of every server for each document a pass confirms, and of each that failed (its error).
   */
  holds(h: DocHandle<unknown>, t: StorageId): boolean {
    const remote = h.getSyncInfo(t)?.lastHeads;
    return !!remote && this.heard(t, h.documentId) && headsKey(remote) === headsKey(h.heads());
  }

  /** Calls `fn` whenever a server process speaks of document `id` for the first time (its heads may be the ones the handle already had, so no `remote-heads` tells it). Returns the unsubscribe. */
  onHeard(id: string, fn: () => void): () => void {
    const listener = (_t: StorageId, doc: string) => void (doc === id && fn());
    this.from.listeners.add(listener);
    return () => void this.from.listeners.delete(listener);
  }

  /**
   * Resolves once every one of `targets` has spoken about each watched document since it
   * connected, or `GREET_MS` after `connectedAt` (a server in step with this device may have
   * nothing to say), and the checks of what they said are done. A pass waits for it before it
   * reads the ledger: a server restored from a backup tells it in its first words, and the
   * ledger then has its new epoch. At most once per connection, in practice. Stops waiting at
   * once when `live()` turns false (sync turned off, a server removed or dropped, the engine
   * stopped) or this watch is stopped: before, it polled on for up to `GREET_MS` after sync was off.
   */
  async greeted(targets: readonly StorageId[], connectedAt: number, live: () => boolean = () => true): Promise<void> {
    const all = () => targets.every((t) => this.pinned.every((h) => this.from.spokeOnConnection(t, h.documentId)));
    // A report it could not judge is judged once the server's changes arrive, usually at once: waited for too.
    const unsure = () => [...this.unsure.values()].some((l) => l.some((u) => targets.includes(u.t)));
    const waiting = () => live() && !this.stopped && (!all() || unsure()) && Date.now() < connectedAt + GREET_MS;
    while (waiting()) await new Promise((r) => setTimeout(r, 20));
    await this.checks;
  }

  /** The ledger key of what server `t` holds of document `id`, in its current epoch (`serverKey`). */
  async keyOf(t: StorageId, id: string): Promise<string> {
    return serverKey(t, this.epochs.get(t) ?? (await this.deps.ledger.get(`epoch:${t}`)), id);
  }

  /** Stores the epochs begun this session; one storage refused (a full disk) throws, and the next pass writes it again. */
  async storeEpochs(): Promise<void> {
    for (const [t, epoch] of this.epochs) await this.deps.ledger.set(`epoch:${t}`, epoch);
  }

  /** Stops watching every document (the engine stopped): `greeted` waits no more. */
  stop(): void {
    this.stopped = true;
    for (const [h, fn, again] of this.listeners) (h.off('remote-heads', fn), h.off('heads-changed', again));
    this.listeners.length = 0;
    this.pinned.length = 0;
    this.unsure.clear();
  }

  private check(h: DocHandle<unknown>, t: StorageId, remote: UrlHeads): void {
    // What the server had acknowledged is read now, not when the checks before this one are
    // done: a pass may record newer heads meanwhile, and these would look like a loss.
    const acked = this.keyOf(t, h.documentId).then(async (key) => ({ key, heads: await this.deps.ledger.get(key) }));
    this.queue(async () => {
      const { key, heads } = await acked;
      if (heads && h.isReady()) this.judge(h, { t, key, acked: heads.split(','), remote });
    });
  }

  /** Judges again the reports on `h` that could not be judged (its heads changed: it may have the server's changes now). */
  private checkAgain(h: DocHandle<unknown>): void {
    if (!this.unsure.has(h.documentId)) return;
    this.queue(async () => {
      const reports = this.unsure.get(h.documentId) ?? [];
      this.unsure.delete(h.documentId);
      for (const u of reports) {
        // One from before a new epoch of its server: that loss is being handled already.
        if (u.key === (await this.keyOf(u.t, h.documentId)) && h.isReady()) this.judge(h, u);
      }
    });
  }

  /** Tells `deps.lost` when the report shows a loss; keeps it for later when it cannot tell yet. */
  private judge(h: DocHandle<unknown>, u: Unsure): void {
    const lost = lostSince(h.doc(), u.acked, u.remote);
    if (lost === null) {
      const kept = this.unsure.get(h.documentId) ?? [];
      if (kept.length < MAX_UNSURE) this.unsure.set(h.documentId, [...kept, u]);
      return;
    }
    if (!lost) return;
    console.warn(`Commonplace: sync server ${u.t} no longer holds changes it had acknowledged (restored from a backup?): sending it everything it lacks.`);
    this.epochs.set(u.t, Date.now().toString(36));
    this.deps.lost(u.t);
  }

  /** Runs the checks one at a time (the engine's new epoch is set by one before the next reads it). */
  private queue(check: () => Promise<void>): void {
    this.checks = this.checks.then(check).catch((e: unknown) => console.warn('Commonplace: could not check what a sync server holds', e));
  }
}
