import { z } from '../schema/zod';

/** Broadcast channel on which the background announces every change of `SyncStatus`. */
export const SYNC_STATUS_CHANNEL = 'commonplace-sync-status';

/** At most this many servers hold the library at once. */
export const MAX_SERVERS = 5;

/**
 * A sync server address, checked: `ws://` or `wss://` only (automerge-repo's WebSocket
 * protocol), no credentials in the URL, at most 2,000 characters. Returns the normalised URL,
 * or an error message that says what to type instead.
 */
export function parseServerUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'Type the address of a sync server, such as wss://sync.example.org.' };
  if (text.length > 2_000) return { ok: false, message: 'That address is too long to be a sync server.' };
  const bare = bareAddress(text);
  if (bare) return { ok: false, message: `Start the address with wss:// (or ws:// for a server without TLS, such as one on your own network): wss://${bare}.` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `“${text.slice(0, 80)}” is not an address. A sync server address looks like wss://sync.example.org.` };
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    return { ok: false, message: `Use ${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}${url.pathname === '/' ? '' : url.pathname}${url.search} — sync servers speak WebSocket (ws:// or wss://), not ${url.protocol.slice(0, -1)}://.` };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return { ok: false, message: `Only ws:// and wss:// addresses are sync servers (this one is ${url.protocol}).` };
  if (url.username || url.password) return { ok: false, message: 'Leave the user name and password out of the address: sync servers are reached by address alone.' };
  if (!url.hostname) return { ok: false, message: 'That address names no server.' };
  url.hash = '';
  // An empty query ("…org?") is dropped like the fragment: else "wss://a.org/?" was another spelling of "wss://a.org".
  if (url.search === '') url.search = '';
  const href = url.href.replace(/\/$/, url.pathname === '/' && !url.search ? '' : '/');
  // Measured as stored: the parser percent-encodes, and a stored address over the settings' limit would be unreadable.
  if (href.length > 2_000) return { ok: false, message: 'That address is too long to be a sync server.' };
  return { ok: true, url: href };
}

/**
 * A server address typed without its scheme ("localhost:3030", "sync.example.org"), as it would
 * read with one; null for anything else. `new URL` took "localhost:3030" for an address of
 * scheme "localhost:" ("this one is localhost:"), and the rest for no address at all, neither
 * saying to type wss:// in front.
 */
function bareAddress(text: string): string | null {
  if (text.includes('//') || /^(wss?|https?):/i.test(text)) return null;
  try {
    const url = new URL(`wss://${text}`);
    return url.hostname && !url.username && !url.password ? text.replace(/\/$/, '') : null;
  } catch {
    return null;
  }
}

/**
 * Sync settings as stored (browser.storage.local `sync`): off until the user turns it on.
 * `textOnly` ("Text only on this device"): other devices' saved images and page snapshots are
 * neither synced to nor kept on this device (its own stay); absent means off.
 */
export const SyncSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  servers: z.array(z.string().check(z.maxLength(2_000))).check(z.maxLength(MAX_SERVERS)),
  textOnly: z.optional(z.boolean()),
});
export type SyncSettings = z.infer<typeof SyncSettingsSchema>;
/**
 * What a `setSync` changes: each setting it leaves out keeps its stored value (so "Text only on
 * this device" sends `{ textOnly }` alone and cannot undo a change of the switch or the servers
 * made meanwhile).
 */
export const SyncSettingsChangeSchema = z.partial(SyncSettingsSchema);
export type SyncSettingsChange = z.infer<typeof SyncSettingsChangeSchema>;
export const DEFAULT_SYNC_SETTINGS: SyncSettings = { enabled: false, servers: [], textOnly: false };

/**
 * Stored settings read as far as they can be: each server address `parseServerUrl` still accepts
 * kept (normalised), `enabled` and `textOnly` kept when they are booleans; else the defaults.
 * The background reads every stored value through it, valid by the schema or not: an address an
 * older version accepted and the parser now refuses is dropped, not left to refuse every save.
 * One damaged address must not turn sync off and forget every other server; with none left,
 * sync is off (the user adds a server and turns it on again).
 */
export function salvageSyncSettings(raw: unknown): SyncSettings {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_SYNC_SETTINGS;
  const r = raw as Record<string, unknown>;
  const servers = (Array.isArray(r.servers) ? r.servers : []).flatMap((u) => {
    const url = typeof u === 'string' ? parseServerUrl(u) : null;
    return url?.ok ? [url.url] : [];
  });
  const kept = [...new Set(servers)].slice(0, MAX_SERVERS);
  // On with no server left is a state no save makes: the switch showed on while sync was off, and
  // every later change (even "text only") was refused with "Add a sync server address…".
  return { enabled: r.enabled === true && kept.length > 0, servers: kept, textOnly: r.textOnly === true };
}

/** One server's connection, as the status shows it. */
export const ServerStatusSchema = z.strictObject({
  url: z.string(),
  state: z.enum(['connecting', 'connected', 'offline', 'error']),
  /** What went wrong, for the user (null unless `error` or `offline`). */
  error: z.nullable(z.string()),
});

/**
 * What the side panel, the options page and the toolbar badge show: off, connecting, syncing
 * N of M documents, synced, offline, or an error with its reason.
 */
export const SyncStatusSchema = z.strictObject({
  state: z.enum(['off', 'connecting', 'syncing', 'synced', 'offline', 'error']),
  message: z.string(),
  servers: z.array(ServerStatusSchema),
  progress: z.nullable(z.strictObject({ done: z.number(), total: z.number() })),
  /** When a remote change last arrived or a local one was last confirmed by a server (ms since epoch). */
  lastSyncedAt: z.nullable(z.number()),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;
export type ServerStatus = z.infer<typeof ServerStatusSchema>;
