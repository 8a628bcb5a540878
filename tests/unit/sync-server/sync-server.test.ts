/**
 * The sync server (scripts/sync-server/): Node automerge-repo clients through a real WebSocket on
 * 127.0.0.1, documents on disk in temp folders. Covers sync and live edits, restart on the same
 * data, /health, eviction (idle and LRU cap) with documents coming back from disk and live edits
 * surviving it, the automerge-repo leaks worked around (loaded documents, the storage write
 * cache), a clean SIGTERM of the CLI, and the published server started by published.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Repo, type AutomergeUrl, type DocHandle, type DocumentId } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readConfig, REPO_ROOT } from '../../../scripts/sync-server/config';
import { MIN_QUIET_MS, policyFor } from '../../../scripts/sync-server/eviction';
import { start as startPublished } from '../../../scripts/sync-server/published';
import { start, type RunningSyncServer } from '../../../scripts/sync-server/server';

interface Clip {
  title: string;
  n: number;
}

const temps: string[] = [];
const tempDir = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `commonplace-sync-${label}-`));
  temps.push(dir);
  return dir;
};
const clients: Repo[] = [];
const servers: { close(): Promise<void> }[] = [];

afterEach(async () => {
  // Clients first, so none of them is left retrying against a closed port.
  await Promise.all(clients.splice(0).map((c) => c.shutdown().catch(() => undefined)));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function server(options: Partial<Parameters<typeof start>[0]> = {}): Promise<RunningSyncServer> {
  const s = await start({ host: '127.0.0.1', port: 0, dataDir: tempDir('server'), ...options });
  servers.push(s);
  return s;
}

/** A Node client connected to `url` (with a storage folder if `withStorage`, like the extension). */
async function client(url: string, withStorage = false): Promise<Repo> {
  const repo = new Repo({
    network: [new WebSocketClientAdapter(url, 300)],
    storage: withStorage ? new NodeFSStorageAdapter(tempDir('client')) : undefined,
  });
  clients.push(repo);
  // A find before the server peer is there goes unavailable at once.
  await eventually(() => repo.peers.length > 0, 'client connected');
  return repo;
}

async function eventually<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
  // Upper bounds only (a probe that holds returns at once): generous, so a loaded 2-core machine does not fail them.
  const deadline = Date.now() + timeoutMs * 4;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves once the server (the client's only peer) has told `repo` it holds `handle`'s heads. */
async function untilServerHas(repo: Repo, handle: DocHandle<unknown>): Promise<void> {
  await eventually(() => {
    const storageId = repo.peers[0] && repo.getStorageIdOfPeer(repo.peers[0]);
    const theirs = storageId ? handle.getSyncInfo(storageId)?.lastHeads : undefined;
    return theirs !== undefined && JSON.stringify([...theirs].sort()) === JSON.stringify([...handle.heads()].sort());
  }, `server has ${handle.url}`);
}

async function createDocs(repo: Repo, count: number): Promise<AutomergeUrl[]> {
  const handles = Array.from({ length: count }, (_, n) => repo.create<Clip>({ title: `clip ${n}`, n }));
  for (const h of handles) await untilServerHas(repo, h);
  return handles.map((h) => h.url);
}

const docOf = async (repo: Repo, url: AutomergeUrl) => (await repo.find<Clip>(url)).doc();

/** The documents as stored in `dataDir`, read with no network (the server must be closed). */
async function onDisk(dataDir: string, urls: AutomergeUrl[]): Promise<Clip[]> {
  const offline = new Repo({ storage: new NodeFSStorageAdapter(dataDir) });
  return Promise.all(urls.map((u) => docOf(offline, u)));
}

/** `gc()`, exposed at run time (vitest runs without --expose-gc). */
function collectGarbage(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function disconnectAll(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
}
const inMemory = (s: RunningSyncServer) => s.health().documentsInMemory;

describe('sync server', () => {
  it('syncs a new document to a second client, then live edits both ways', async () => {
    const s = await server();
    const [a, b] = [await client(s.url), await client(s.url)];
    const handleA = a.create<Clip>({ title: 'first', n: 1 });
    await untilServerHas(a, handleA);
    const handleB = await b.find<Clip>(handleA.url);
    expect(handleB.doc()).toEqual({ title: 'first', n: 1 });

    handleB.change((d) => void (d.n = 2));
    await eventually(() => handleA.doc().n === 2, 'B → A');
    handleA.change((d) => void (d.title = 'edited in A'));
    await eventually(() => handleB.doc().title === 'edited in A', 'A → B');
  });

  it('serves /health as JSON and 404 for anything else', async () => {
    const s = await server();
    await client(s.url);
    const http = `http://127.0.0.1:${s.port}`;
    const res = await fetch(`${http}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ ok: true, peers: 1, documentsInMemory: 0, uptimeS: expect.any(Number), rssBytes: expect.any(Number) });
    expect(body.rssBytes).toBeGreaterThan(1e6);
    for (const path of ['/', '/healthz', '/health/x']) expect((await fetch(`${http}${path}`)).status, path).toBe(404);
    expect((await fetch(`${http}/health`, { method: 'POST' })).status).toBe(404);
  });

  it('finds documents again after a restart on the same data folder', async () => {
    const dataDir = tempDir('restart');
    const first = await server({ dataDir });
    const a = await client(first.url);
    const [url] = await createDocs(a, 1);
    const handle = await a.find<Clip>(url!);
    handle.change((d) => void (d.title = 'before restart'));
    await untilServerHas(a, handle);
    await Promise.all(clients.splice(0).map((c) => c.shutdown()));
    await first.close();

    const second = await server({ dataDir });
    expect(second.port).not.toBe(0);
    expect(await docOf(await client(second.url), url!)).toEqual({ title: 'before restart', n: 0 });
  });

  it('writes nothing into its folder once close() resolved, not even a throttled sync state', async () => {
    // A caller deletes the folder right after close(); a sync-state save still on the Repo's
    // throttle timer then failed with ENOENT as an unhandled rejection (CI, media-sync.test.ts).
    const dataDir = tempDir('close');
    const s = await server({ dataDir });
    const a = await client(s.url, true);
    const handle = a.create<Clip>({ title: 'last edit', n: 1 });
    await untilServerHas(a, handle);
    handle.change((d) => void (d.n = 2));
    await eventually(() => s.health().documentsInMemory > 0, 'server loaded it');
    await new Promise((r) => setTimeout(r, 30));
    await s.close();
    const files = () => readdirSync(dataDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => `${join(e.parentPath, e.name)} ${statSync(join(e.parentPath, e.name)).mtimeMs}`)
      .sort();
    const atClose = files();
    await new Promise((r) => setTimeout(r, 400));
    expect(files()).toEqual(atClose);
    expect(atClose.some((f) => f.includes('sync-state'))).toBe(true);
  });
});

describe('bounded memory', () => {
  it('evicts idle documents to disk; a fresh client still gets every one, and so does the disk', async () => {
    const s = await server({ idleEvictS: 1 });
    const urls = await createDocs(await client(s.url), 20);
    // The uploader leaves: what a fresh client gets can only come from the server's disk.
    await disconnectAll();
    await eventually(() => inMemory(s) === 0, 'idle documents evicted', 4000);
    expect(s.evictor.evicted).toBeGreaterThanOrEqual(20);

    const expected = urls.map((_, n) => ({ title: `clip ${n}`, n }));
    const fresh = await client(s.url);
    expect(await Promise.all(urls.map((u) => docOf(fresh, u)))).toEqual(expected);
    await disconnectAll();
    await s.close();
    expect(await onDisk(s.dataDir, urls)).toEqual(expected);
  });

  it('keeps at most MAX_DOCS_IN_MEMORY documents, least recently synced first', async () => {
    const s = await server({ idleEvictS: 0, maxDocsInMemory: 5 });
    const urls = await createDocs(await client(s.url), 15);
    await disconnectAll();
    await eventually(() => inMemory(s) <= 5, 'cap enforced', 5000);
    expect(inMemory(s)).toBe(5);
    const fresh = await client(s.url);
    expect((await Promise.all(urls.map((u) => docOf(fresh, u)))).map((d) => d.n)).toEqual(urls.map((_, n) => n));
  });

  it.each([
    ['with storage (like the extension)', true],
    ['ephemeral', false],
  ])('live edits between two clients survive eviction cycles (%s)', async (_label, withStorage) => {
    const s = await server({ idleEvictS: 1 });
    const [a, b] = [await client(s.url, withStorage), await client(s.url, withStorage)];
    const handleA = a.create<Clip>({ title: 'shared', n: 0 });
    await untilServerHas(a, handleA);
    const handleB = await b.find<Clip>(handleA.url);
    for (let round = 1; round <= 2; round++) {
      await eventually(() => !s.repo.handles[handleA.documentId], `evicted before round ${round}`, 3000);
      const [writer, reader] = round % 2 ? [handleA, handleB] : [handleB, handleA];
      writer.change((d) => void (d.n = round));
      await eventually(() => reader.doc().n === round, `round ${round} propagated`, 3000);
    }
    // Both wrote concurrently after an eviction: both converge.
    await eventually(() => !s.repo.handles[handleA.documentId], 'evicted again', 3000);
    handleA.change((d) => void (d.title = 'from A'));
    handleB.change((d) => void (d.n = 99));
    await eventually(() => handleA.doc().n === 99 && handleB.doc().title === 'from A', 'concurrent edits converged', 3000);
  });

  it('lets go of the documents it loaded from disk once they are evicted (find-release.ts)', async () => {
    const s = await server({ idleEvictS: 1 });
    const urls = await createDocs(await client(s.url), 5);
    await disconnectAll();
    await eventually(() => inMemory(s) === 0, 'uploads evicted', 4000);
    const loaded: WeakRef<object>[] = [];
    const storage = s.repo.storageSubsystem!;
    const loadDoc = storage.loadDoc.bind(storage);
    storage.loadDoc = async <T>(id: DocumentId) => {
      const doc = await loadDoc<T>(id);
      if (doc) loaded.push(new WeakRef(doc));
      return doc;
    };
    const fresh = await client(s.url);
    for (const u of urls) await docOf(fresh, u);
    await disconnectAll();
    await eventually(() => inMemory(s) === 0, 'reloaded documents evicted', 4000);
    expect(loaded).toHaveLength(5);
    const gc = collectGarbage();
    await eventually(
      async () => {
        gc();
        await new Promise((r) => setTimeout(r, 20));
        return loaded.every((ref) => ref.deref() === undefined);
      },
      'loaded documents collected',
      3000,
    );
  });

  it('drops the storage write cache once writes are on disk', async () => {
    const s = await server({ idleEvictS: 0 });
    await createDocs(await client(s.url, true), 10);
    // Generous limits: on a loaded 2-core machine the disk writes can take seconds.
    await eventually(() => s.storage.cachedEntries() === 0, 'write cache empty', 10_000);
    await s.repo.flush();
    await eventually(() => s.storage.cachedEntries() === 0, 'write cache empty after a flush', 10_000);
  });

  it('never evicts sooner than a second after the last sync message', () => {
    expect(policyFor(0.1, 500)).toMatchObject({ idleMs: MIN_QUIET_MS, graceMs: MIN_QUIET_MS });
    expect(policyFor(60, 500)).toEqual({ idleMs: 60_000, maxDocs: 500, graceMs: 2000, sweepMs: 1000 });
    expect(policyFor(0, 10)).toMatchObject({ idleMs: 0, graceMs: 2000 });
  });
});

describe('command line', () => {
  it('reads its settings from the environment', () => {
    expect(readConfig({}, '/somewhere')).toEqual({ host: '127.0.0.1', port: 3030, dataDir: join(REPO_ROOT, '.sync-data'), idleEvictS: 60, maxDocsInMemory: 500, keepAliveS: 30 });
    expect(readConfig({ HOST: '::1', PORT: '0', DATA_DIR: 'data', IDLE_EVICT_S: '0.5', MAX_DOCS_IN_MEMORY: '7' }, '/srv')).toMatchObject({ host: '::1', port: 0, dataDir: '/srv/data', idleEvictS: 0.5, maxDocsInMemory: 7 });
    expect(() => readConfig({ PORT: 'http' })).toThrow(/PORT/);
    expect(() => readConfig({ MAX_DOCS_IN_MEMORY: '0' })).toThrow(/MAX_DOCS_IN_MEMORY/);
  });

  it('on SIGTERM closes, writes the documents to disk and exits 0', async () => {
    const dataDir = tempDir('cli');
    const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['scripts/sync-server.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, IDLE_EVICT_S: '60' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // If the test fails before its SIGTERM, do not leave the server running.
    servers.push({ close: async () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL') && (await exited)) });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      void exited.then((code) => reject(new Error(`exited early (${code})`)));
    });
    const m = /^Commonplace sync server listening on (ws:\/\/127\.0\.0\.1:(\d+)) \(data in (.+)\)$/.exec(line);
    expect(m, line).not.toBeNull();
    expect(m![3]).toBe(dataDir);

    const a = await client(m![1]!);
    const handle = a.create<Clip>({ title: 'written on shutdown', n: 1 });
    await untilServerHas(a, handle);
    handle.change((d) => void (d.n = 2));
    await untilServerHas(a, handle);
    const startedAt = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(4000);
    await Promise.all(clients.splice(0).map((c) => c.shutdown()));

    const [prefix, rest] = [handle.documentId.slice(0, 2), handle.documentId.slice(2)];
    expect(readdirSync(join(dataDir, prefix, rest))).toContain('snapshot');
    const again = await server({ dataDir });
    expect(await docOf(await client(again.url), handle.url)).toEqual({ title: 'written on shutdown', n: 2 });
  }, 60_000);
});

describe('published @automerge/automerge-repo-sync-server (scripts/sync-server/published.ts)', () => {
  it('starts on 127.0.0.1 and syncs a document between two Node clients', async () => {
    const published = await startPublished({ host: '127.0.0.1', port: 0, dataDir: tempDir('published') });
    servers.push(published);
    expect(published.address).toBe('127.0.0.1');
    expect(published.url).toBe(`ws://127.0.0.1:${published.port}`);
    const [a, b] = [await client(published.url), await client(published.url)];
    const handleA = a.create<Clip>({ title: 'via the published server', n: 1 });
    await untilServerHas(a, handleA);
    const handleB = await b.find<Clip>(handleA.url);
    expect(handleB.doc()).toEqual({ title: 'via the published server', n: 1 });
    handleB.change((d) => void (d.n = 2));
    await eventually(() => handleA.doc().n === 2, 'B → A through the published server');
  });
});
