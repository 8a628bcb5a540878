import type { Repo } from '@automerge/automerge-repo/slim';
import { browser } from 'wxt/browser';
import type { ClipIndex } from '../../src/index-db/clip-index';
import type { Library } from '../../src/library/library';
import { DEFAULT_SYNC_SETTINGS, salvageSyncSettings, SYNC_STATUS_CHANNEL, parseServerUrl, type SyncSettings, type SyncSettingsChange, type SyncStatus } from '../../src/sync/settings';
import { refuseNotKept } from '../../src/sync/refuse';
import { SyncEngine } from '../../src/sync/sync-engine';
import { AppFailure } from '../../src/util/result';
import { ServerAdapter } from './server-adapter';

const SETTINGS_KEY = 'sync';
/** The alarm that wakes a sleeping background to sync (every 4 minutes while sync is on). */
export const SYNC_ALARM = 'commonplace-sync';
/** How often the WebSocket adapter retries a server that does not answer, at first (it backs off to 6×: server-adapter.ts). */
const RETRY_MS = 5_000;

/** The engine's timings (test builds may shorten the retry of a pass that left documents behind: `debugSyncRetry`). */
const engineOptions: { retryFailedMs?: number } = {};

/** Test builds only: how soon a sync pass that left documents behind runs again, from now on in this worker (back to 15 s at a restart). */
export function setSyncRetryForTests(retryFailedMs: number): void {
  engineOptions.retryFailedMs = retryFailedMs;
}

/** How often the connections made from now on retry a server that does not answer (test builds may shorten it: `debugSyncReconnect`). */
let reconnectMs = RETRY_MS;

/** Test builds only: how often a server that does not answer is tried again, for connections made from now on in this worker (back to 5 s at a restart). */
export function setSyncReconnectForTests(ms: number): void {
  reconnectMs = ms;
}

/**
 * The stored settings (off until the user turns sync on); an unreadable part is left out, not the
 * rest with it. Read through `salvageSyncSettings` even when they pass the schema: an address the
 * parser now refuses (one an older version stored) is dropped, else every later save, even "text
 * only" alone, was refused for it.
 */
export async function readSyncSettings(): Promise<SyncSettings> {
  return salvageSyncSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

/** Each `setSync` reads, merges and stores after the one before it has stored (none undoes another's change). */
let writing: Promise<unknown> = Promise.resolve();

/**
 * Checks and stores a change of the settings (each one left out keeps its stored value), after
 * any earlier change; a bad address is refused with what to type instead.
 */
export function writeSyncSettings(change: SyncSettingsChange): Promise<SyncSettings> {
  const written = writing.then(async () => {
    const stored = await readSyncSettings();
    const servers: string[] = [];
    for (const raw of change.servers ?? stored.servers) {
      const url = parseServerUrl(raw);
      if (!url.ok) throw new AppFailure('bad-request', url.message);
      if (!servers.includes(url.url)) servers.push(url.url);
    }
    const enabled = change.enabled ?? stored.enabled;
    if (enabled && servers.length === 0) throw new AppFailure('bad-request', 'Add a sync server address before turning sync on.');
    const settings = { enabled, servers, textOnly: change.textOnly ?? stored.textOnly ?? false };
    await browser.storage.local.set({ [SETTINGS_KEY]: settings });
    return settings;
  });
  writing = written.catch(() => undefined);
  return written;
}

/**
 * The sync status before the library (and with it the sync engine) has opened in this process:
 * what the engine reports once it starts (src/sync/sync-engine.ts `status`): off, or connecting
 * to the servers of the settings. Nothing has synced yet in this process (`lastSyncedAt` null).
 */
export async function statusBeforeOpen(): Promise<SyncStatus> {
  const { enabled, servers } = await readSyncSettings();
  if (!enabled || servers.length === 0) return { state: 'off', message: 'Sync is off: this library lives in this browser only.', servers: [], progress: null, lastSyncedAt: null };
  const connecting = servers.map((url) => ({ url, state: 'connecting' as const, error: null }));
  return { state: 'connecting', message: 'Connecting to the sync server…', servers: connecting, progress: null, lastSyncedAt: null };
}

/**
 * The background's sync: the engine over this library, its servers from the settings, the
 * status broadcast to open pages and shown on the toolbar badge, and the alarm that wakes a
 * stopped background every few minutes while sync is on.
 */
export class SyncController {
  private readonly engine: SyncEngine;
  private readonly channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(SYNC_STATUS_CHANNEL);
  private last: SyncStatus | null = null;
  private pruneTimer: ReturnType<typeof setTimeout> | null = null;
  private sweeping: Promise<void> | null = null;
  private lastPassAt: number | null = null;
  private stopped = false;

  constructor(
    repo: Repo,
    private readonly library: Library,
    index: ClipIndex,
  ) {
    const ledger = {
      get: (k: string) => index.getMeta(`sync/${k}`),
      set: (k: string, v: string) => index.setMeta(`sync/${k}`, v),
      setMany: (entries: ReadonlyArray<readonly [string, string]>) => index.setMetaMany(entries.map(([k, v]) => [`sync/${k}`, v] as const)),
    };
    this.engine = new SyncEngine(repo, library.syncDocs(), ledger, (s) => this.show(s), engineOptions);
    library.onLocalChange((handles) => void this.engine.localChange(handles));
    // Text only: a server offering another device's images is refused (the Repo would store them again).
    refuseNotKept(repo, (url) => library.media.keeps(url));
  }

  /**
   * Applies the stored settings: "text only on this device" (other devices' images and
   * snapshots neither synced nor kept: those here are removed), then connects to the servers,
   * or disconnects when sync is off. Turning text only off fetches them again (the next pass).
   * Emptied media documents are retired and removed here too (`reclaim`), sync on or off.
   */
  async apply(): Promise<void> {
    const settings = await readSyncSettings();
    const textOnly = settings.textOnly ?? false;
    this.library.media.textOnly = textOnly;
    this.reclaim();
    const servers = settings.enabled ? settings.servers : [];
    this.engine.setServers(servers, (url) => new ServerAdapter(url, reconnectMs));
    if (servers.length > 0) await browser.alarms.create(SYNC_ALARM, { periodInMinutes: 4 });
    else await browser.alarms.clear(SYNC_ALARM);
  }

  /** A pass over every document, now (the alarm, a page opening). */
  kick(): Promise<void> {
    return this.engine.kick();
  }

  status(): SyncStatus {
    return this.engine.status();
  }

  /** Disconnects (the library is being replaced, e.g. after joining another). */
  stop(): void {
    this.stopped = true;
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
    this.engine.stop();
    this.channel?.close();
  }

  /**
   * Removes the media documents this device does not keep (retired ones; other devices' when text
   * only), in the background; those a reader or a sync pass holds are tried again 10 s later. The
   * sync ledger forgets the removed ones, so turning text only off fetches them again.
   */
  private prune(attempt: number): void {
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
    this.pruneTimer = null;
    if (this.stopped) return;
    void this.library.media
      .prune()
      .then(async ({ removed, busy }) => {
        await this.engine.forget(removed);
        if (busy > 0 && attempt < 30 && !this.stopped) this.pruneTimer = setTimeout(() => this.prune(attempt + 1), 10_000);
      })
      .catch((e: unknown) => console.warn('Commonplace: other devices’ images could not be removed from this device yet; retried at the next start.', e));
  }

  /**
   * After a pass: deletes leftover parts other devices' replacements recorded in this device's
   * own media documents (src/library/media-stale.ts), then retires and removes emptied media
   * documents (`reclaim`), one sweep at a time; writes nothing when there is nothing to do.
   */
  private sweep(): void {
    if (this.sweeping || this.stopped) return;
    this.sweeping = this.library.media
      .sweepStale()
      .catch((e: unknown) => void console.warn('Commonplace: leftover images could not be removed yet; tried again after the next sync.', e))
      .then(() => this.reclaim())
      .then(() => void (this.sweeping = null));
  }

  /**
   * Retires this device's own emptied media documents (src/library/media-retire.ts), then removes
   * what this device does not keep (`prune`): retired documents, of any device, leave every device.
   */
  private reclaim(): Promise<void> {
    return this.library.media
      .retireEmpty()
      .catch((e: unknown) => void console.warn('Commonplace: emptied image documents could not be retired yet; tried again after the next sync.', e))
      .then(() => this.prune(0));
  }

  private show(s: SyncStatus): void {
    // Each pass that ends synced (its time moves on): leftovers other devices recorded are swept.
    if (s.state === 'synced' && s.lastSyncedAt !== this.lastPassAt) {
      this.lastPassAt = s.lastSyncedAt;
      this.sweep();
    }
    if (this.last && this.last.state === s.state && this.last.message === s.message && JSON.stringify(this.last.servers) === JSON.stringify(s.servers)) return;
    this.last = s;
    try {
      this.channel?.postMessage(s);
    } catch {
      // closed: this controller was stopped (another library took over)
    }
    const action = browser.action ?? browser.browserAction;
    const badge = s.state === 'syncing' ? '…' : s.state === 'offline' ? 'off' : s.state === 'error' ? '!' : '';
    void action?.setBadgeText({ text: badge }).catch(() => undefined);
    void action?.setTitle({ title: s.state === 'off' ? 'Save to Commonplace' : `Commonplace — ${s.message}` }).catch(() => undefined);
  }
}
