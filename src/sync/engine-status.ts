import type { ServerStatus, SyncStatus } from './settings';
import { errorsReason, serverErrorText, type ServerError } from './server-errors';

/** What the engine knows at one instant, from which its status is told (see `engineStatus`). */
export interface EngineState {
  /** One per configured server; none when sync is off. */
  readonly servers: readonly ServerStatus[];
  /** A pass is running now. */
  readonly running: boolean;
  /** The documents the current (or last) pass counted and has done. */
  readonly progress: { done: number; total: number } | null;
  readonly lastSyncedAt: number | null;
  /** An error of no one server (a pass that threw: storage refused a ledger write). */
  readonly lastError: string | null;
  /** Each server's own error, by address (server-errors.ts); told only for a server connected. None when left out. */
  readonly serverErrors?: ReadonlyMap<string, ServerError>;
  /** When a server last connected (a pass must begin after it, and finish cleanly, before the status says synced). */
  readonly connectedAt: number;
  /**
   * The `connectedAt` the last clean pass began with (null: none yet). A pass that ended after a
   * server connected, but began before, checked nothing with it. Left out: `lastSyncedAt` stands in.
   */
  readonly cleanSince?: number | null;
  /** Changes (local writes, another device's root or catalog changes) no finished pass has carried yet. */
  readonly owed: boolean;
  /** Connected servers that store nothing (ephemeral, or no storage id): not counted as holding the library. None when left out. */
  readonly relays?: number;
}

/**
 * The status every page shows, told from the engine's state. Synced only when a server is
 * connected, a pass finished cleanly after it connected, and no change waits for a pass: it
 * said synced while a catalog naming another device's new articles waited for its pass.
 * A connected server with an error of its own is in state `error` with its reason, and the
 * message names every such server by its host ("Sync error: 3 document(s) did not reach
 * b.example yet; retrying."): it said "the server" with several configured.
 */
export function engineStatus(s: EngineState): SyncStatus {
  const { progress, lastSyncedAt } = s;
  if (s.servers.length === 0) return { state: 'off', message: 'Sync is off: this library lives in this browser only.', servers: [], progress: null, lastSyncedAt };
  const connected = s.servers.filter((x) => x.state === 'connected').length;
  // Not connected, a server is told offline or connecting: the error of its last pass is not told.
  const errorOf = (x: ServerStatus) => (x.state === 'connected' ? s.serverErrors?.get(x.url) : undefined);
  const inError = s.servers.flatMap((x) => (errorOf(x) ? [[x.url, errorOf(x)!] as const] : []));
  const servers = s.servers.map((x): ServerStatus => (errorOf(x) ? { url: x.url, state: 'error', error: serverErrorText(errorOf(x)!) } : x));
  const lastError = [errorsReason(inError), s.lastError].filter(Boolean).join(' ') || null;
  const base = { servers, progress, lastSyncedAt };
  if (connected === 0) {
    const waiting = servers.some((x) => x.state === 'connecting');
    if (waiting) return { ...base, state: 'connecting', message: 'Connecting to the sync server…' };
    return { ...base, state: 'offline', message: `Offline: ${servers.map((x) => x.error).filter(Boolean)[0] ?? 'no sync server answers'}. Your library keeps working here; it syncs when a server answers.` };
  }
  if (s.running && progress && progress.done < progress.total) {
    return { ...base, state: 'syncing', message: `Syncing ${progress.done} of ${progress.total}…` };
  }
  // Syncing with no count of its own: the last pass's count ("12 of 12", or "3 of 10" where a
  // dropped server cut it short) is not this one's; shown as "Syncing 12 of 12", it then went back to "0 of 5".
  const uncounted = { ...base, state: 'syncing' as const, progress: null };
  // Connected, and no pass that began after the connection has finished: not yet known to be in step with the server.
  const checked = s.cleanSince === undefined ? lastSyncedAt : s.cleanSince;
  if (!lastError && (checked === null || checked < s.connectedAt)) {
    return { ...uncounted, message: 'Checking what the server holds…' };
  }
  if (lastError) return { ...base, state: 'error', message: `Sync error: ${lastError}` };
  if (s.owed) return { ...uncounted, message: 'Syncing the latest changes…' };
  return { ...base, state: 'synced', message: syncedMessage(connected, servers.length, s.relays ?? 0) };
}

/**
 * "Synced." or "Synced with N of M servers.", counting only the servers that store documents (a
 * server not connected is counted as one that does: it is not known otherwise), and telling the
 * connected ones that store nothing apart: "Synced with 2 of 3" counted a relay that holds no
 * copy among the servers the library was synced with.
 */
function syncedMessage(connected: number, configured: number, relays: number): string {
  const [storing, of] = [connected - relays, configured - relays];
  const synced = storing === of ? 'Synced.' : `Synced with ${storing} of ${of} servers.`;
  if (relays === 0) return synced;
  return `${synced} ${relays === 1 ? '1 other server stores' : `${relays} other servers store`} nothing, so ${relays === 1 ? 'it keeps' : 'they keep'} no copy of your library.`;
}

/** One server's status: connected, connecting (for `connectTimeoutMs` after it was added or dropped), else offline. */
export function serverStatusOf(s: { readonly url: string; readonly peerId: unknown; readonly since: number }, connectTimeoutMs: number): ServerStatus {
  if (s.peerId) return { url: s.url, state: 'connected', error: null };
  if (Date.now() - s.since < connectTimeoutMs) return { url: s.url, state: 'connecting', error: null };
  return { url: s.url, state: 'offline', error: `no answer from ${s.url} (is the server running, and is the address right?)` };
}
