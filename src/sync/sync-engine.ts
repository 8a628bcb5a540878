import type { DocHandle, PeerId, Repo, StorageId } from '@automerge/automerge-repo/slim';
import { parkAliases, type ServerConnection as Server } from './aliases';
import { awaitHeads } from './await-heads';
import { docsToCheck } from './pass-todo';
import { cachedLedger, fingerprint, headsKey, type SyncLedger } from './ledger';
import { dropAdapter } from './drop-adapter';
import { EngineTimers } from './engine-timers';
import { engineStatus, serverStatusOf } from './engine-status';
import { warmReceive } from './warm-receive';
import { restartExchange } from './restart-exchange';
import { PassMark } from './pass-mark';
import { ServerWatch } from './server-watch';
import { storageOf, storingTargets } from './targets';
import { ServerErrors, tally } from './server-errors';
import type { SyncStatus } from './settings';
import type { SyncDocs, SyncEngineOptions } from './sync-docs';

export type { SyncLedger };
export type { SyncDocs, SyncEngineOptions } from './sync-docs';

/**
 * Keeps the library in step with every configured server. The root and catalogs are always
 * loaded, so automerge-repo syncs them continuously while a server is connected; content
 * documents are not (a 10,000-clip library has ~100), so a *pass* walks them, a few at a
 * time: each is loaded, synced, and confirmed by each server's acknowledged heads before it
 * is let go, and the ledger remembers it so later passes skip it until it changes. A pass
 * runs after every local write, when a server connects, and when the background wakes.
 */
export class SyncEngine {
  private readonly servers = new Map<string, Server>();
  private running: Promise<void> | null = null;
  private again = false;
  /** While `beforePass` runs: the ledger records of what it wrote (see `localChange`). */
  private preparing: Array<Promise<void>> | null = null;
  private progress: { done: number; total: number } | null = null;
  private lastSyncedAt: number | null = null;
  /** The error of no one server (a pass that threw); each server's own are in `errors`. */
  private lastError: string | null = null;
  private readonly errors = new ServerErrors();
  /** When a server last connected (a pass must begin after it before the status says synced). */
  private connectedAt = 0;
  /** The `connectedAt` the last clean pass began with: one that began before a server connected did not check it. */
  private cleanSince: number | null = null;
  /** Every timer armed for the connections (a pass asked for, a retry, a status update): cleared when sync is turned off or the engine stops. */
  private readonly timers = new EngineTimers();
  /** Changes a pass is owed (a local write, another device's root or catalog change), and those the last clean pass started with. */
  private owed = 0;
  private carried = 0;
  private stopped = false;
  /** Moves on when a server is removed or drops: a pass begun with it stops waiting on it. */
  private serverGen = 0;
  private readonly concurrency: number;
  private readonly connectTimeoutMs: number;
  private readonly docTimeoutMs: number;
  private readonly nudgeMs: number;
  private readonly opts: SyncEngineOptions;
  /** The ledger, read through a memory copy: a pass looks up every content document's entries, and most never change. */
  private readonly ledger: SyncLedger;
  private readonly mark: PassMark; // changed after what a pass recorded: a server restored to a backup from before it is told

  constructor(
    private readonly repo: Repo,
    private readonly docs: SyncDocs,
    ledger: SyncLedger,
    private readonly onStatus: (status: SyncStatus) => void,
    opts: SyncEngineOptions = {},
  ) {
    [this.concurrency, this.connectTimeoutMs, this.docTimeoutMs, this.nudgeMs] = [opts.concurrency ?? 4, opts.connectTimeoutMs ?? 5_000, opts.docTimeoutMs ?? 30_000, opts.nudgeMs ?? 3_000];
    this.opts = opts;
    this.ledger = cachedLedger(ledger);
    // Watched like the root and catalogs (a server that lost its last change was restored); one replaced is deleted.
    this.mark = new PassMark(repo, this.ledger, { watch: (h) => this.watch.add(h), drop: (h) => (this.watch.remove(h), repo.delete(h.documentId)) });
    repo.networkSubsystem.on('peer', this.onPeer);
    repo.networkSubsystem.on('peer-disconnected', this.onPeerGone);
    // Another device's change to the root or a catalog (a new content document, an entry that
    // points at an article this device lacks) starts a pass once the burst is over.
    this.pinned = docs.pinned();
    // A document unloaded once a server holds it: recorded now, because a handle loaded again
    // knows nothing of what servers hold, and a server already in step sends nothing to tell it.
    docs.onUnload?.((h) => this.recordHeld(h));
    for (const h of this.pinned) h.on('heads-changed', this.kickSoon);
    // A server that lost data: what the ledger says it holds no longer counts (a new epoch), and a pass checks everything again.
    this.watch = new ServerWatch(repo, this.pinned, { ledger: this.ledger, lost: () => (this.owe(), void this.kick()) });
  }

  private readonly pinned: ReadonlyArray<DocHandle<unknown>>;
  private readonly watch: ServerWatch; // whether a server lost data (restored from a backup): its ledger epoch
  private readonly onPeer = ({ peerId }: { peerId: PeerId }) => this.peerChanged(peerId, true);
  private readonly onPeerGone = ({ peerId }: { peerId: PeerId }) => this.peerChanged(peerId, false);

  private readonly kickSoon = (): void => {
    // A change `beforePass` makes to the root or a catalog is carried by that pass.
    if (this.servers.size === 0 || this.preparing) return;
    this.owe();
    this.timers.once('kick', 300, () => void this.kick());
  };

  /** Connects to exactly these servers (adds new ones, drops the others). A new server is filled from local data. */
  setServers(urls: readonly string[], adapterFor: (url: string) => Server['adapter']): void {
    // A stopped engine (its library replaced) connects nowhere again: nothing would close it.
    if (this.stopped) return;
    for (const [url, s] of this.servers) {
      if (urls.includes(url)) continue;
      dropAdapter(this.repo, s.adapter);
      this.servers.delete(url);
      this.serverGen++;
      // The error of a connection gone (turned off and on, a server removed) is not told again; another server's stays.
      this.errors.drop(url);
      this.lastError = null;
    }
    // Parked as another address of a server now removed: connected on its own again (below).
    for (const [url, s] of this.servers) if (s.alias && !this.servers.has(s.alias)) this.servers.delete(url);
    for (const url of urls) {
      if (this.servers.has(url)) continue;
      const adapter = adapterFor(url);
      this.servers.set(url, { url, adapter, since: Date.now(), peerId: null });
      this.repo.networkSubsystem.addNetworkAdapter(adapter);
      this.timers.after(this.connectTimeoutMs + 50, () => this.emit());
    }
    // Sync off: nothing armed for the old connections runs (a status update, a retry, a pass asked for).
    if (this.servers.size === 0) this.timers.clear();
    this.emit();
    this.kick();
  }

  /**
   * Disconnects from every server (local documents stay as they are) and stops listening to
   * the Repo and the documents, so another engine can take over the same Repo. A pass under
   * way stops at its next document. Final: a stopped engine never starts again.
   */
  stop(): void {
    this.setServers([], () => {
      throw new Error('unreachable');
    });
    this.stopped = true;
    this.timers.clear();
    this.repo.networkSubsystem.off('peer', this.onPeer);
    this.repo.networkSubsystem.off('peer-disconnected', this.onPeerGone);
    for (const h of this.pinned) h.off('heads-changed', this.kickSoon);
    this.watch.stop();
  }

  /** Schedules a pass (coalesced: one runs at a time, and one more after it if asked meanwhile). */
  kick(): Promise<void> {
    if (this.stopped || this.servers.size === 0) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        // A pass that threw (a ledger write refused, say) is retried too: it used to stay in error until some other event.
        await this.pass().catch((e: unknown) => void ((this.lastError = e instanceof Error ? e.message : String(e)), this.retrySoon()));
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
      this.emit();
    });
    return this.running;
  }

  /** Records that documents changed locally (their new heads), so the next pass checks them. */
  async localChange(handles: ReadonlyArray<DocHandle<unknown>>): Promise<void> {
    const record = (async () => {
      for (const h of handles) await this.ledger.set(`local:${h.documentId}`, headsKey(h.heads()));
    })();
    // Written by the pass's own `beforePass`: that pass carries them (it reads the ledger after this), so no other is asked for.
    if (this.preparing) return void this.preparing.push(record);
    this.owe();
    await record;
    this.kick();
  }

  /** Forgets that this device holds these documents (removed from its storage): a later pass fetches them if they are wanted again. */
  async forget(documentIds: readonly string[]): Promise<void> {
    for (const id of documentIds) await this.ledger.set(`local:${id}`, '');
  }

  status(): SyncStatus {
    // A parked address is told as the one it stands for.
    const servers = [...this.servers.values()].map((s) => ({ ...serverStatusOf(this.servers.get(s.alias ?? '') ?? s, this.connectTimeoutMs), url: s.url }));
    const { running, progress, lastSyncedAt, lastError, connectedAt, cleanSince } = this;
    // Connected servers that store nothing: not counted among those the library is synced with.
    const relays = [...this.servers.values()].filter((s) => s.peerId && !storageOf(this.repo, s.peerId)).length;
    return engineStatus({ servers, running: running !== null, progress, lastSyncedAt, lastError, serverErrors: this.errors.all(), connectedAt, cleanSince, owed: this.owed > this.carried, relays });
  }

  private peerChanged(peerId: PeerId, up: boolean): void {
    for (const s of this.servers.values()) {
      if (up && s.adapter.remotePeerId === peerId) {
        s.peerId = peerId;
        this.connectedAt = Date.now();
        // The error judged before it (re)connected is not told again ("Sync error", "!" badge): the pass this starts judges anew. Another server's stays.
        this.errors.connected(s.url);
        this.lastError = null;
        this.timers.resetRetry(); // a new connection: a pass failing again is retried soon again
      }
      if (!up && s.peerId === peerId) {
        s.peerId = null;
        (s as { since: number }).since = Date.now();
        this.serverGen++;
        // Told "offline" once its reconnection has had its time (it may never hear a close).
        this.timers.after(this.connectTimeoutMs + 50, () => this.emit());
      }
    }
    this.emit();
    // One server reached at two addresses: the later one is parked (they pushed each other off it).
    this.timers.after(0, () => parkAliases(this.repo, this.servers.values()) && this.emit());
    if (up) {
      // Off the first pass's path (a task of its own), before anything this device will receive.
      this.timers.after(0, warmReceive);
      this.kick();
    }
  }

  /** Counts a change a pass is owed; the status turns to syncing at the first one. */
  private owe(): void {
    const was = this.owed > this.carried;
    this.owed++;
    if (!was) this.emit();
  }

  private emit(): void {
    if (this.stopped) return;
    this.onStatus(this.status());
  }

  /** Records in the ledger each connected server that holds exactly `h`'s heads (as its handle last heard). */
  private recordHeld(h: DocHandle<unknown>): void {
    if (this.stopped || !h.isReady()) return;
    const heads = headsKey(h.heads());
    for (const t of this.targets()) {
      if (!this.watch.holds(h, t)) continue;
      this.mark.due = true;
      void this.watch.keyOf(t, h.documentId).then((k) => this.ledger.set(k, heads)).catch(() => undefined);
    }
  }

  /** Starts a document's exchange with every connected server again (see `restartExchange`). */
  private nudge(documentId: string): void {
    restartExchange(this.repo, documentId, [...this.servers.values()].flatMap((s) => (s.peerId ? [s.peerId] : [])));
  }

  /** Storage ids of the connected servers that keep what they are sent (`storingTargets`). */
  private targets(): StorageId[] {
    return storingTargets(this.repo, [...this.servers.values()].map((s) => s.peerId));
  }

  /** One pass over the content documents: each one every connected server lacks is synced, a few at a time. */
  private async pass(): Promise<void> {
    const targets = this.targets();
    // Connected only to servers that store nothing (ephemeral, no storage id): said so, not "Checking…" forever.
    const judged = [...this.servers.values()].flatMap((s) => (s.peerId ? [{ url: s.url, storage: storageOf(this.repo, s.peerId) }] : []));
    if (targets.length === 0) return this.errors.notStored(judged.map((s) => s.url));
    this.progress = null; // uncounted until this pass counts: a count left by a pass cut short is not its own
    const gen = this.serverGen;
    /** False once a server of this pass is removed or drops: it is not waited for any more. */
    const live = () => !this.stopped && this.serverGen === gen;
    const [owed, since] = [this.owed, this.connectedAt];
    this.preparing = [];
    await this.docs.beforePass?.().catch((e: unknown) => console.warn('Commonplace: the list document for joining browsers could not be made; tried again at the next sync.', e));
    const written = this.preparing;
    this.preparing = null;
    await Promise.allSettled(written);
    await this.mark.current().catch(() => undefined);
    await this.watch.greeted(targets, this.connectedAt, live);
    await this.watch.storeEpochs();
    const [pinned, expected] = [this.docs.pinned(), this.docs.expected()];
    const todo = await docsToCheck(this.ledger, (t, id) => this.watch.keyOf(t, id), targets, this.docs.contents(), expected);
    this.progress = { done: 0, total: todo.length + pinned.length };
    this.emit();
    let failures = 0;
    const missed = new Map<StorageId, number>(); // per server: the documents it did not acknowledge
    const queue = [...todo];
    const worker = async () => {
      for (let url = queue.shift(); url && live(); url = queue.shift()) {
        // One no longer wanted here (text only turned on meanwhile) is left alone.
        const lacking = !this.docs.contents().includes(url) ? [] : await this.docs.use(url, (h) => this.confirm(h, targets, expected.get(url) ?? [], live)).catch(() => targets);
        failures += tally(missed, lacking);
        this.progress = { done: this.progress!.done + 1, total: this.progress!.total };
        this.emit();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, todo.length) }, worker));
    // After what this pass recorded; confirmed with the root and catalogs, not counted in the progress (documents of the library).
    const mark = this.mark.due && live() ? await this.mark.bump() : null;
    for (const h of mark ? [mark, ...pinned] : pinned) {
      const lacking = live() ? await this.confirm(h, targets, null, live) : targets;
      if (h === mark) await this.mark.confirmed(mark, lacking.length === 0); // not confirmed: the next pass changes it again
      if (!live()) break;
      failures += tally(missed, lacking);
      if (h !== mark) this.progress = { done: this.progress.done + 1, total: this.progress.total };
    }
    // Its servers changed (one removed or dropped): not synced, and it judges nothing (what it stopped on did not fail); asked for again.
    const whole = live();
    // Each server it began with is judged by what it missed; none other (one connected meanwhile has a pass of its own).
    if (whole) {
      this.errors.judge(judged, missed);
      this.lastError = null;
    }
    if (failures === 0 && whole) {
      [this.lastSyncedAt, this.carried, this.cleanSince] = [Date.now(), Math.max(this.carried, owed), Math.max(this.cleanSince ?? 0, since)];
      this.timers.resetRetry();
    }
    // A document that did not make it is tried again soon, not only at the next alarm or event.
    else this.retrySoon();
  }

  /** Runs another pass `retryFailedMs` from now, twice as late for each failed pass in a row (`EngineTimers.retry`). */
  private retrySoon(): void {
    // Not for a pass cut short by turning sync off: no connection is left to retry it with.
    if (this.stopped || this.servers.size === 0) return;
    this.timers.retry(() => void this.kick(), this.opts.retryFailedMs);
  }

  /**
   * Waits until every target holds `h`'s heads (for a document that came from a server:
   * until it has arrived), then records it in the ledger. Returns the targets it failed with
   * after the time limit (those that do not hold it; every one when it did not arrive or could
   * not be stored here), none once confirmed.
   */
  private async confirm(h: DocHandle<unknown>, targets: readonly StorageId[], revs: readonly string[] | null = null, live: () => boolean = () => !this.stopped): Promise<readonly StorageId[]> {
    await h.whenReady(['ready']);
    const id = h.documentId;
    const holds = () => !revs || (this.docs.holds?.(h.doc(), revs) ?? revs.every((r) => !!(h.doc() as { items?: Record<string, unknown> }).items?.[r]));
    const done = () => holds() && targets.every((t) => this.watch.holds(h, t));
    // Already confirmed by every server at these very heads (an earlier pass, an earlier session).
    const known = headsKey(h.heads());
    const keys = await Promise.all(targets.map((t) => this.watch.keyOf(t, id)));
    const confirmedBefore = holds() && (await Promise.all(keys.map((k) => this.ledger.get(k)))).every((k) => k === known);
    if (!confirmedBefore && !done()) {
      await awaitHeads(h, done, { timeoutMs: this.docTimeoutMs, nudgeMs: this.nudgeMs, live, nudge: () => this.nudge(id), wake: (fn) => this.watch.onHeard(id, fn) });
    }
    if (!confirmedBefore && !done()) return holds() ? targets.filter((t) => !this.watch.holds(h, t)) : targets;
    // The heads the servers hold, read now: a change made while the flush below runs is not theirs yet.
    const heads = confirmedBefore ? known : headsKey(h.heads());
    // "Synced" also means stored here: automerge-repo saves what arrived ~100 ms later (throttled).
    if (this.repo.handles[id] && !(await this.repo.flush([id]).then(() => true, () => false))) return targets;
    await this.ledger.set(`local:${id}`, heads);
    // A content document newly held: the pass mark changes after it (pass-mark.ts, `due`).
    if (revs && !confirmedBefore) this.mark.due = true;
    for (const k of keys) await this.ledger.set(k, heads);
    if (revs) await this.ledger.set(`refs:${id}`, fingerprint(revs));
    return [];
  }
}
