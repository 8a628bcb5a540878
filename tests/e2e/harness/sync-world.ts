/**
 * Two or more browsers syncing through a real automerge-repo server on loopback: the
 * project's own (`npm run sync-server`), or the published `@automerge/automerge-repo-sync-server`
 * (`COMMONPLACE_SYNC_SERVER=published`), or an external one (`SYNC_SERVER_URL`, started by the
 * caller: then no server is started here).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { start as startOwn } from '../../../scripts/sync-server/server';
import { start as startPublished } from '../../../scripts/sync-server/published';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { ClipSummary, ClipView, SaveOutcome } from '../../../src/schema/clip-summary';
import type { SyncStatus } from '../../../src/sync/settings';
import { launchDriver, type BrowserName, type ExtensionDriver, type LaunchOptions } from './driver';
import { startFixtureServer, type TestServer } from './fixture-server';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy';
import { poll, sleep } from './poll';
import { must } from './steps';

/** How often the sync waits below ask the background (one small call each). */
const SYNC_POLL_MS = 100;

export interface SyncServerHandle {
  readonly url: string;
  /** Stops the server for good and removes its data folder (the end of a test). */
  stop(opts?: { wipe?: boolean }): Promise<void>;
  /** Stops the server and keeps its data folder (emptied with `wipe`), for a later `restart()`. */
  pause(opts?: { wipe?: boolean }): Promise<void>;
  /** Stops it if it runs (`wipe`: and empties its data folder), then starts it on the same port and data folder. */
  restart(opts?: { wipe?: boolean }): Promise<void>;
  /** Copies its data folder aside, as an operator's backup (stop it first: `pause`). */
  backup(): Promise<void>;
  /** Stops it if it runs, puts the backup in place of its data folder, and starts it again on the same port. */
  restore(): Promise<void>;
}

/** Options for {@link startSyncServer}. */
export interface SyncServerOptions {
  /**
   * The host name the server believes it runs on. Both the project's server and the published
   * one name their automerge-repo peer after `os.hostname()` (`commonplace-sync-<host>`,
   * `storage-server-<host>`), so two servers started on one machine present the same peer id.
   * Give each a different `host` to stand for servers on different machines.
   */
  readonly host?: string;
}

/**
 * Runs `start` with `os.hostname()` answering `host` (restored before this returns): both
 * servers read it synchronously when `start` is called (ours in its Repo's peer id; the
 * published one in a child process, through NODE_OPTIONS).
 */
function asHost<T>(host: string | undefined, start: () => Promise<T>): Promise<T> {
  if (!host) return start();
  const original = os.hostname;
  const nodeOptions = process.env.NODE_OPTIONS;
  const preload = `import os from 'node:os'; import { syncBuiltinESMExports } from 'node:module'; os.hostname = () => ${JSON.stringify(host)}; syncBuiltinESMExports();`;
  os.hostname = () => host;
  syncBuiltinESMExports();
  process.env.NODE_OPTIONS = `${nodeOptions ?? ''} --import=${JSON.stringify(`data:text/javascript,${encodeURIComponent(preload)}`)}`.trim();
  try {
    return start();
  } finally {
    os.hostname = original;
    syncBuiltinESMExports();
    if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = nodeOptions;
  }
}

/** A started server: ours (in this process: its storage can be watched) or the published one (a child process). */
type Running = { url: string; port: number; close(): Promise<void>; storage?: { cachedEntries(): number } };

/**
 * Closes a server and waits until it has stopped writing to its data folder. Our server's
 * `close()` resolves once its documents are flushed, but its Repo still holds sync-state saves
 * throttled by automerge-repo (`saveDebounceRate`, 100 ms after the last sync message), which
 * land later: in a folder about to be wiped or removed (ENOENT, an unhandled rejection), or in
 * the folder a restarted server already uses. So: hold 150 ms (past the throttle: nothing new
 * arrives once the sockets are closed), then wait for every write in flight to finish. The
 * published server runs in a child process, which has exited when `close()` resolves.
 */
async function closeQuietly(server: Running): Promise<void> {
  await server.close();
  const storage = server.storage;
  if (!storage) return;
  await sleep(150);
  await poll(() => storage.cachedEntries() === 0, { timeout: 10_000, interval: 20, message: 'the sync server to finish writing' });
}

/** Starts the sync server the environment asks for, on 127.0.0.1 and a free port. */
export async function startSyncServer(opts: SyncServerOptions = {}): Promise<SyncServerHandle> {
  const external = process.env.SYNC_SERVER_URL?.trim();
  if (external) {
    return {
      url: external,
      stop: async () => undefined,
      pause: async () => {
        throw new Error('SYNC_SERVER_URL is an external server: it cannot be stopped from a test');
      },
      restart: async () => {
        throw new Error('SYNC_SERVER_URL is an external server: it cannot be restarted from a test');
      },
      backup: async () => {
        throw new Error('SYNC_SERVER_URL is an external server: it cannot be backed up from a test');
      },
      restore: async () => {
        throw new Error('SYNC_SERVER_URL is an external server: it cannot be restored from a test');
      },
    };
  }
  const dataDir = mkdtempSync(join(os.tmpdir(), 'commonplace-sync-'));
  const kind = process.env.COMMONPLACE_SYNC_SERVER === 'published' ? 'published' : 'own';
  const launch = (port: number) => asHost<Running>(opts.host, () => (kind === 'published' ? startPublished({ host: '127.0.0.1', port, dataDir }) : startOwn({ host: '127.0.0.1', port, dataDir })));
  let running: Running | null = await launch(0);
  const port = running.port;
  const url = running.url;
  const stop = async (opts: { wipe?: boolean } = {}) => {
    if (running) await closeQuietly(running);
    running = null;
    if (opts.wipe) rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    url,
    stop: async (opts) => {
      await stop(opts);
      if (!opts?.wipe) rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}-backup`, { recursive: true, force: true });
    },
    pause: (opts) => stop(opts),
    restart: async (opts) => {
      await stop(opts);
      running = await launch(port);
    },
    backup: async () => {
      rmSync(`${dataDir}-backup`, { recursive: true, force: true });
      cpSync(dataDir, `${dataDir}-backup`, { recursive: true });
    },
    restore: async () => {
      await stop({ wipe: true });
      cpSync(`${dataDir}-backup`, dataDir, { recursive: true });
      running = await launch(port);
    },
  };
}

/** Turns sync on in `driver`'s browser with these servers. */
export async function enableSync(driver: ExtensionDriver, servers: string[]): Promise<void> {
  await must(driver, 'setSync', { enabled: true, servers });
}

/** Waits until `driver`'s sync status is `synced` (everything confirmed by every connected server). */
export async function waitSynced(driver: ExtensionDriver, timeout = 30_000): Promise<void> {
  await poll(async () => (await must(driver, 'syncStatus', {})).state === 'synced', { timeout, interval: SYNC_POLL_MS, message: `${driver.name}: sync status "synced"` });
}

/** Waits until `driver` lists a clip for `url`, and returns it. */
export async function waitForClip(driver: ExtensionDriver, url: string, timeout = 30_000) {
  return poll(async () => (await must(driver, 'pageStatus', { url })).clip, { timeout, interval: SYNC_POLL_MS, message: `${driver.name}: a clip for ${url}` });
}

/** Waits until `driver` no longer lists a clip for `url` (deleted, through sync or here). */
export async function waitForNoClip(driver: ExtensionDriver, url: string, timeout = 30_000): Promise<void> {
  await poll(async () => !(await must(driver, 'pageStatus', { url })).clip, { timeout, interval: SYNC_POLL_MS, message: `${driver.name}: no clip for ${url}` });
}

// ---------------------------------------------------------------------------------------------
// Helpers for the sync scenarios (sync-*.e2e.ts): whether the server can be controlled, a
// world that closes what each test opened, saves, the index as rows, and convergence waits.
// ---------------------------------------------------------------------------------------------

/**
 * Why the server cannot be stopped, restarted or wiped from a test (SYNC_SERVER_URL names an
 * external one), or null when it can.
 */
export function serverNotControllable(): string | null {
  const external = process.env.SYNC_SERVER_URL?.trim();
  return external ? `SYNC_SERVER_URL=${external} is an external server: a test cannot stop, restart, wipe or duplicate it` : null;
}

/**
 * Registers `it(title, fn, timeout)` only when the test may control the server (start a second
 * one, stop, restart or wipe it); otherwise logs, once per file, which tests were left out and
 * why. (Our conventions have no `.skip`: a test that cannot run here is not registered.)
 */
export function itControllingServer(file: string): (title: string, fn: () => Promise<void>, timeout?: number) => void {
  const reason = serverNotControllable();
  const leftOut: string[] = [];
  if (reason) {
    afterAll(() => {
      if (leftOut.length > 0) console.warn(`[${file}] left out ${leftOut.length} test(s) (${reason}):\n${leftOut.map((t) => `  - ${t}`).join('\n')}`);
    });
  }
  return (title, fn, timeout) => {
    if (reason) leftOut.push(title);
    else it(title, fn, timeout);
  };
}

/** What a sync scenario needs: the fixture site for the whole file, browsers and servers per test. */
export interface SyncWorld {
  readonly site: TestServer;
  /** Launches a browser; it is closed after the test that launched it. */
  browser(name: BrowserName, opts?: LaunchOptions): Promise<ExtensionDriver>;
  /** Starts a sync server (see {@link startSyncServer}); it is stopped after the test that started it. */
  server(opts?: SyncServerOptions): Promise<SyncServerHandle>;
  /** Starts a relay that delays every byte (see {@link startLatencyProxy}); closed after the test. */
  latencyProxy(target: string, oneWayMs: number): Promise<LatencyProxy>;
}

/** The fixture site for the file, and cleanup of every browser and server a test opened (in reverse order, even when it failed). */
export function useSyncWorld(): () => SyncWorld {
  let site: TestServer | undefined;
  const opened: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    site = await startFixtureServer();
  });
  afterEach(async () => {
    const errors: unknown[] = [];
    for (const close of opened.splice(0).reverse()) await close().catch((e: unknown) => errors.push(e));
    if (errors.length > 0) console.warn('[sync-world] cleanup failed:', errors);
  });
  afterAll(async () => {
    await site?.close();
  });
  const world: SyncWorld = {
    get site() {
      return site ?? expect.fail('the fixture site did not start');
    },
    browser: async (name, opts) => {
      const driver = await launchDriver(name, opts);
      opened.push(() => driver.close());
      return driver;
    },
    server: async (opts) => {
      const server = await startSyncServer(opts);
      opened.push(() => server.stop());
      return server;
    },
    latencyProxy: async (target, oneWayMs) => {
      const proxy = await startLatencyProxy(target, oneWayMs);
      opened.push(() => proxy.close());
      return proxy;
    },
  };
  return () => world;
}

/** Opens `url` in a tab of `driver`, saves it as the popup would, closes the tab. */
export async function saveUrl(driver: ExtensionDriver, url: string): Promise<SaveOutcome> {
  return (await saveUrls(driver, [url]))[0]!;
}

/**
 * Opens each of `urls` in turn, saves it as the popup would, in one tab navigated from page to
 * page (a new document each time; opening and closing a tab per page cost more than the save),
 * then closes the tab.
 */
export async function saveUrls(driver: ExtensionDriver, urls: readonly string[]): Promise<SaveOutcome[]> {
  let page: Page | undefined;
  const out: SaveOutcome[] = [];
  try {
    for (const url of urls) {
      page = await driver.openPage(url, page);
      out.push(await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) }));
    }
    return out;
  } finally {
    await page?.close();
  }
}

/** A row of the derived index as stored: the list row plus `live` (1 unless deleted). */
export type IndexRow = ClipSummary & { live: 0 | 1 };

/** An extension page kept open per browser instance to read the index database from. */
const readers = new WeakMap<object, Page>();

async function readerPage(driver: ExtensionDriver): Promise<Page> {
  const key = driver.browser;
  let page = readers.get(key);
  if (!page || page.isClosed()) {
    page = await driver.openExtensionPage('sidepanel.html');
    readers.set(key, page);
  }
  return page;
}

/**
 * Every row of `driver`'s derived index (deleted clips included: `live` 0), sorted by id,
 * read straight from IndexedDB as the reading list reads it. Never creates the database.
 */
export async function indexRows(driver: ExtensionDriver): Promise<IndexRow[]> {
  const page = await readerPage(driver);
  const rows = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
      const req = indexedDB.open('commonplace-index');
      req.onupgradeneeded = () => req.transaction?.abort();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => (req.error?.name === 'AbortError' ? resolve(null) : reject(req.error));
    });
    if (!db) return [];
    try {
      if (!db.objectStoreNames.contains('clips')) return [];
      const req = db.transaction('clips', 'readonly').objectStore('clips').getAll();
      return await new Promise<unknown[]>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  });
  return (rows as IndexRow[]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The rows the reading list shows (live ones). */
export async function listedRows(driver: ExtensionDriver): Promise<IndexRow[]> {
  return (await indexRows(driver)).filter((r) => r.live === 1);
}

/** What must be the same in every browser once they have converged: each clip's id, key, deletion and read state. */
export function clipStates(rows: readonly IndexRow[]): Array<{ id: string; key: string; deleted: boolean; deletedAt: number | null; readAt: number | null }> {
  return rows.map((r) => ({ id: r.id, key: r.key, deleted: r.deletedAt !== null, deletedAt: r.deletedAt, readAt: r.readAt }));
}

/**
 * Waits until every browser's index holds the same clips with the same deletion and read
 * state, and `until` (if given) holds for those rows; returns the rows. On timeout the
 * message shows each browser's rows.
 */
export async function waitConverged(drivers: readonly ExtensionDriver[], opts: { timeout?: number; until?: (rows: IndexRow[]) => boolean } = {}): Promise<IndexRow[]> {
  let last: string[] = [];
  return poll(
    async () => {
      const all = await Promise.all(drivers.map((d) => indexRows(d)));
      last = all.map((rows) => JSON.stringify(clipStates(rows)));
      if (last.some((s) => s !== last[0])) return null;
      return !opts.until || opts.until(all[0]!) ? all[0]! : null;
    },
    { timeout: opts.timeout ?? 60_000, interval: 300, message: `${drivers.map((d) => d.name).join(', ')}: the same clips in every browser`, describe: () => `\n${last.map((s, i) => `  browser ${i}: ${s}`).join('\n')}` },
  );
}

/**
 * Waits until `driver` reports `synced` after a pass that finished at or after `since` (ms since
 * epoch): what a status that was already "synced" before a change or a reconnection cannot fake.
 */
export async function waitSyncedSince(driver: ExtensionDriver, since: number, timeout = 45_000): Promise<SyncStatus> {
  let last: SyncStatus | undefined;
  return poll(
    async () => {
      last = await must(driver, 'syncStatus', {});
      return last.state === 'synced' && (last.lastSyncedAt ?? 0) >= since ? last : null;
    },
    { timeout, interval: SYNC_POLL_MS, message: `${driver.name}: sync status "synced" after ${new Date(since).toISOString()}`, describe: () => `last status: ${JSON.stringify(last)}` },
  );
}

/** Waits until `driver`'s sync status is one of `states`; returns it. */
export async function waitSyncState(driver: ExtensionDriver, states: ReadonlyArray<SyncStatus['state']>, timeout = 30_000): Promise<SyncStatus> {
  let last: SyncStatus | undefined;
  return poll(
    async () => {
      last = await must(driver, 'syncStatus', {});
      return states.includes(last.state) ? last : null;
    },
    { timeout, interval: SYNC_POLL_MS, message: `${driver.name}: sync status ${states.join(' or ')}`, describe: () => `last status: ${JSON.stringify(last)}` },
  );
}

/**
 * Joins `libraryUrl` once a server is connected, as a user does who sees the status first;
 * returns how many clips of this browser were merged. (Joining *before* a server has answered
 * is its own test, in sync-server-faults.e2e.ts.)
 */
export async function joinWhenConnected(driver: ExtensionDriver, libraryUrl: string): Promise<number> {
  await poll(async () => (await must(driver, 'syncStatus', {})).servers.some((s) => s.state === 'connected' || s.state === 'error'), {
    timeout: 20_000,
    interval: SYNC_POLL_MS,
    message: `${driver.name}: a connected sync server before joining`,
  });
  const joined = await must(driver, 'joinLibrary', { libraryUrl });
  expect(joined.libraryUrl).toBe(libraryUrl);
  return joined.merged;
}

/** A fresh browser that turns sync on with `servers` and joins `libraryUrl`; returns it once the join is done. */
export async function joinFresh(world: SyncWorld, name: BrowserName, servers: string[], libraryUrl: string): Promise<ExtensionDriver> {
  const driver = await world.browser(name);
  await enableSync(driver, servers);
  expect(await joinWhenConnected(driver, libraryUrl)).toBe(0);
  return driver;
}

/**
 * Waits until `driver` lists a clip for every URL and can read each one's article (its
 * text equal to `expectedText(url)` when given, else not empty); returns the clips by URL.
 */
export async function waitForArticles(driver: ExtensionDriver, urls: readonly string[], opts: { timeout?: number; expectedText?: (url: string) => string | undefined } = {}): Promise<Map<string, ClipView>> {
  const deadline = Date.now() + (opts.timeout ?? 60_000);
  const out = new Map<string, ClipView>();
  for (const url of urls) {
    const clip = await waitForClip(driver, url, Math.max(1_000, deadline - Date.now()));
    const view = await poll(
      async () => {
        const res = await driver.call('getClip', { clipId: clip.id });
        return res.ok && res.value.text.length > 0 ? res.value : null;
      },
      { timeout: Math.max(1_000, deadline - Date.now()), interval: 250, message: `${driver.name}: the article of ${url}` },
    );
    const want = opts.expectedText?.(url);
    if (want !== undefined) expect(view.text, `${driver.name}: text of ${url}`).toBe(want);
    out.set(url, view);
  }
  return out;
}

