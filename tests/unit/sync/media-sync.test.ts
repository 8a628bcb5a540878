import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { Repo } from '@automerge/automerge-repo/slim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningSyncServer } from '../../../scripts/sync-server/server';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { DocStorage } from '../../../src/library/doc-storage';
import { Library } from '../../../src/library/library';
import { holdsRefs, mediaRef } from '../../../src/library/sync-docs';
import type { ClipId, DocUrl } from '../../../src/schema/ids';
import { MEDIA_PART_BYTES } from '../../../src/schema/media-doc';
import { refuseNotKept } from '../../../src/sync/refuse';
import { SyncEngine } from '../../../src/sync/sync-engine';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import { noise, openLibrary, page } from '../library/helpers';
import { QuietServer } from './helpers';

/** Writes every loaded document (those still arriving are left). */
const flushReady = (repo: Repo) => repo.flush(Object.values(repo.handles).filter((h) => h.isReady()).map((h) => h.documentId));
const same = (a: Uint8Array | undefined, b: Uint8Array) => !!a && Buffer.from(a).equals(Buffer.from(b));
const image = (src: string, data: Uint8Array) => ({ src, type: 'image/webp', data, width: 4, height: 3 });

/** One browser: a library on its own storage (loading and saving as the extension does), the sync engine over it, text only as the background applies it. */
async function device(url: DocUrl | null = null, storage = new MemoryStorageAdapter(), index = new MemoryClipIndex(), name = `device-${Math.random()}`) {
  const repo = new Repo({ storage, network: [], sharePolicy: async () => true });
  DocStorage.install(repo, storage);
  const { library, url: rootUrl } = await Library.open({ repo, index, storage, device: name }, url);
  const ledger = { get: (k: string) => index.getMeta(`sync/${k}`), set: (k: string, v: string) => index.setMeta(`sync/${k}`, v) };
  const engine: SyncEngine = new SyncEngine(repo, library.syncDocs(), ledger, () => undefined, { connectTimeoutMs: 2_000 });
  library.onLocalChange((h) => void engine.localChange(h));
  refuseNotKept(repo, (u) => library.media.keeps(u));
  const stored = async (doc: string) => (await storage.listKeys([[doc.slice('automerge:'.length)]]))[0]!.length > 0;
  return { repo, library, engine, storage, index, name, url: rootUrl, stored, connect: (server: string) => engine.setServers([server], (u) => new WebSocketClientAdapter(u, 500)) };
}
type Device = Awaited<ReturnType<typeof device>>;

const until = async (what: string, fn: () => boolean | Promise<boolean>, timeout = 30_000) => {
  const end = Date.now() + timeout;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const synced = (d: Device, since = 0) => until(`${d.name} synced`, () => d.engine.status().state === 'synced' && (d.engine.status().lastSyncedAt ?? 0) >= since);

/** A fresh device that joins `a`'s library through `server` and opens it (as the background does after a join). */
async function joinOf(a: Device, server: string, name: string, textOnly = false): Promise<Device> {
  const fresh = await device(null, undefined, undefined, name);
  fresh.connect(server);
  await until('connected', () => fresh.engine.status().servers[0]?.state === 'connected');
  await (await fresh.library.join(a.url)).persist();
  fresh.engine.stop();
  const joined = await device(a.url, fresh.storage, new MemoryClipIndex(), name);
  joined.library.media.textOnly = textOnly;
  joined.connect(server);
  await joined.library.reconcileIndex();
  return joined;
}

describe('images and snapshots through a sync server', () => {
  let server: RunningSyncServer;
  let dir: string;
  let a: Device;
  let clip: ClipId;
  const big = noise(MEDIA_PART_BYTES + 300_000, 1);
  const small = noise(40_000, 2);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-media-sync-'));
    server = await start({ host: '127.0.0.1', port: 0, dataDir: dir, idleEvictS: 0 });
    a = await device(null, undefined, undefined, 'A');
    clip = (await a.library.save(page())).clip.id;
    await a.library.settled();
    await a.library.media.attachImages(clip, a.library.media.articleRev(clip)!, [image('https://example.com/big.png', big), image('https://example.com/small.png', small)], { count: 0, reason: null });
    await a.library.media.attachSnapshot(clip, noise(5_000, 3), 12_000, 0);
    a.connect(server.url);
    await synced(a);
  }, 60_000);
  afterAll(async () => {
    a.engine.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a joining device gets the images and the snapshot in the background, and reads them with the server gone', async () => {
    const b = await joinOf(a, server.url, 'B');
    await synced(b);
    const media = b.library.media.documents();
    expect(media.length).toBeGreaterThan(0);
    await flushReady(b.repo);
    for (const m of media) expect(await b.stored(m.doc)).toBe(true);
    b.engine.stop();
    const got = await b.library.media.images(clip);
    expect(got.state).toBe('saved');
    expect(same(got.images.find((i) => i.blob.endsWith('big.png'))?.data, big)).toBe(true);
    expect(same(got.images.find((i) => i.blob.endsWith('small.png'))?.data, small)).toBe(true);
    expect(same((await b.library.media.snapshot(clip))?.html, noise(5_000, 3))).toBe(true);
  }, 60_000);

  it('images another device adds later to a media document this one already holds are fetched by the next pass, unopened', async () => {
    const b = await joinOf(a, server.url, 'B2');
    await synced(b);
    const later = (await a.library.save(page({ pageUrl: 'https://example.com/later', canonicalUrl: null }))).clip.id;
    await a.library.settled();
    const extra = noise(20_000, 9);
    await a.library.media.attachImages(later, a.library.media.articleRev(later)!, [image('https://example.com/later.png', extra)], { count: 0, reason: null });
    await until('B lists the new clip', async () => (await b.library.reconcileIndex(), !!b.library.rowsOf([later]).length));
    const since = Date.now();
    await synced(b, since);
    b.engine.stop();
    const got = await b.library.media.images(later);
    expect(got.state).toBe('saved');
    expect(same(got.images[0]?.data, extra)).toBe(true);
  }, 60_000);

  it('opening a clip whose images have not arrived fetches them on demand', async () => {
    // A device connected to the server with no sync engine: nothing is fetched unless asked for.
    const fresh = await device(null, undefined, undefined, 'C');
    const adapter = new WebSocketClientAdapter(server.url, 500);
    fresh.repo.networkSubsystem.addNetworkAdapter(adapter);
    await until('C connected', () => fresh.repo.peers.length > 0);
    await (await fresh.library.join(a.url)).persist();
    const opened = await device(a.url, fresh.storage, new MemoryClipIndex(), 'C');
    opened.repo.networkSubsystem.addNetworkAdapter(new WebSocketClientAdapter(server.url, 500));
    await until('C connected again', () => opened.repo.peers.length > 0);
    for (const m of opened.library.media.documents()) expect(await opened.stored(m.doc)).toBe(false);
    const got = await opened.library.media.images(clip);
    expect(got.state).toBe('saved');
    expect(same(got.images.find((i) => i.blob.endsWith('small.png'))?.data, small)).toBe(true);
    opened.repo.networkSubsystem.adapters.forEach((x) => x.disconnect());
    fresh.repo.networkSubsystem.adapters.forEach((x) => x.disconnect());
  }, 60_000);

  it('a server that never answers does not hang the reader: the images are "elsewhere" after the time limit', async () => {
    const fresh = await device(null, undefined, undefined, 'S');
    fresh.connect(server.url);
    await until('S connected', () => fresh.engine.status().servers[0]?.state === 'connected');
    await (await fresh.library.join(a.url)).persist();
    fresh.engine.stop();
    const opened = await device(a.url, fresh.storage, new MemoryClipIndex(), 'S');
    opened.repo.networkSubsystem.addNetworkAdapter(new QuietServer('silent-server', { isEphemeral: false }));
    await until('the silent peer', () => opened.repo.peers.length > 0);
    const started = Date.now();
    const got = await opened.library.media.images(clip);
    expect(got.state).toBe('elsewhere');
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 40_000);

  it('text only: another device’s media documents are neither synced nor accepted; the clip lists and reads; its own images stay', async () => {
    const t = await joinOf(a, server.url, 'T', true);
    await synced(t);
    expect(t.library.counts().live).toBeGreaterThan(0);
    expect((await t.library.get(clip)).text).toContain('It begins');
    for (const m of t.library.media.documents()) expect(await t.stored(m.doc)).toBe(false);
    const got = await t.library.media.images(clip);
    expect(got.state).toBe('elsewhere');
    expect(got.images).toEqual([]);
    // Its own images stay, and sync.
    const mine = (await t.library.save(page({ pageUrl: 'https://example.com/t-own', canonicalUrl: null }))).clip.id;
    await t.library.settled();
    await t.library.media.attachImages(mine, t.library.media.articleRev(mine)!, [image('https://example.com/t.png', noise(1_000, 5))], { count: 0, reason: null });
    expect((await t.library.media.images(mine)).state).toBe('saved');
    await synced(t, Date.now());
    const own = t.library.media.documents().filter((m) => m.device === 'T');
    expect(own.length).toBe(1);
    expect(await t.stored(own[0]!.doc)).toBe(true);
    t.engine.stop();
  }, 60_000);

  it('turning text only on removes the other device’s media documents from storage (never its own), and turning it off fetches them again', async () => {
    const b = await joinOf(a, server.url, 'P');
    await synced(b);
    const mine = (await b.library.save(page({ pageUrl: 'https://example.com/p-own', canonicalUrl: null }))).clip.id;
    await b.library.settled();
    await b.library.media.attachImages(mine, b.library.media.articleRev(mine)!, [image('https://example.com/p.png', noise(2_000, 6))], { count: 0, reason: null });
    await synced(b, Date.now());
    const others = b.library.media.documents().filter((m) => m.device !== 'P');
    for (const m of others) expect(await b.stored(m.doc)).toBe(true);

    b.library.media.textOnly = true;
    const pruned = await b.library.media.prune();
    await b.engine.forget(pruned.removed);
    expect(pruned.removed.length).toBe(others.length);
    for (const m of others) expect(await b.stored(m.doc)).toBe(false);
    for (const m of b.library.media.documents().filter((x) => x.device === 'P')) expect(await b.stored(m.doc)).toBe(true);
    expect((await b.library.media.images(mine)).state).toBe('saved');
    expect((await b.library.media.images(clip)).state).toBe('elsewhere');
    // A pass now leaves them alone, and a server offering one is refused.
    await b.engine.kick();
    for (const m of others) expect(await b.stored(m.doc)).toBe(false);

    b.library.media.textOnly = false;
    void b.engine.kick();
    // (A pass already under way when the switch turned finishes first; the one after it fetches them.)
    await until('fetched again', async () => (await flushReady(b.repo), (await Promise.all(others.map((m) => b.stored(m.doc)))).every(Boolean)));
    b.engine.stop();
    const got = await b.library.media.images(clip);
    expect(got.state).toBe('saved');
    expect(same(got.images.find((i) => i.blob.endsWith('big.png'))?.data, big)).toBe(true);
    // Restarted on the same storage, the documents load whole (nothing was written as a stale increment).
    await flushReady(b.repo);
    const again = await device(a.url, b.storage, b.index, 'P');
    expect(same((await again.library.media.images(clip)).images.find((i) => i.blob.endsWith('big.png'))?.data, big)).toBe(true);
  }, 90_000);

  it('images saved again on a text-only device: the old parts it could not reach are recorded, deleted by the device that made them, and gone everywhere; the new ones stay', async () => {
    const c = (await a.library.save(page({ pageUrl: 'https://example.com/replaced', canonicalUrl: null }))).clip.id;
    await a.library.settled();
    const rev = a.library.media.articleRev(c)!;
    const first = noise(30_000, 11);
    await a.library.media.attachImages(c, rev, [image('https://example.com/r.png', first)], { count: 0, reason: null });
    const oldShards = a.library.media.refs(c)!.images!.shards.map(String);
    await synced(a, Date.now());
    const b = await joinOf(a, server.url, 'R-full');
    const t = await joinOf(a, server.url, 'R-text', true);
    await Promise.all([synced(b), synced(t)]);
    expect(same((await b.library.media.images(c)).images[0]?.data, first)).toBe(true);
    // c's parts in A's documents (A made only these), as a device's copy of them holds them.
    const partsOf = async (d: Device) => {
      let n = 0;
      for (const m of d.library.media.documents().filter((x) => x.device === 'A')) {
        const h = await d.repo.find<{ items: Record<string, { clip: string }> }>(m.doc as never);
        n += Object.values(h.doc().items).filter((i) => i.clip === c).length;
      }
      return n;
    };
    expect(await partsOf(a)).toBe(1);
    expect(await partsOf(b)).toBe(1);

    // T saves the images again (same article version): A's document is not on T, so the old part is recorded.
    const second = noise(25_000, 12);
    await t.library.media.attachImages(c, rev, [image('https://example.com/r.png', second)], { count: 0, reason: null });
    const stale = t.library.media.refs(c)!.stale!;
    expect(stale.map((r) => [String(r.kind), r.shards.map(String)])).toEqual([['image', oldShards]]);
    await synced(t, Date.now());

    // A holds the record once the catalog arrives, and sweeps: its part goes, the record too.
    await until('A sees the record', () => (a.library.media.refs(c)?.stale?.length ?? 0) > 0);
    expect(await b.library.media.sweepStale()).toBe(0); // not B's document: B leaves it
    expect(await a.library.media.sweepStale()).toBe(1);
    expect(await partsOf(a)).toBe(0);
    expect(a.library.media.refs(c)?.stale).toBeUndefined();
    expect(await a.library.media.sweepStale()).toBe(0);
    // The deletion and the cleared record reach the others; the new images read everywhere.
    await until('B loses the old part', async () => (await partsOf(b)) === 0);
    await until('T sees the record cleared', () => t.library.media.refs(c)?.stale === undefined);
    for (const d of [a, b, t]) expect(same((await d.library.media.images(c)).images[0]?.data, second)).toBe(true);
    b.engine.stop();
    t.engine.stop();
  }, 90_000);
});


describe('what a media document must hold', () => {
  it('is a part of each named clip and version, whatever its random key', () => {
    const doc = { schema: 'commonplace/media', items: { k1: { clip: 'c1', rev: 'r1' }, k2: { clip: 'c2', rev: 'r9' } } };
    expect(holdsRefs(doc, [mediaRef('c1', 'r1'), mediaRef('c2', 'r9')])).toBe(true);
    expect(holdsRefs(doc, [mediaRef('c1', 'r2')])).toBe(false);
    expect(holdsRefs({ schema: 'commonplace/content', items: { r1: {} } }, ['r1'])).toBe(true);
    expect(holdsRefs({ schema: 'commonplace/content', items: { r1: {} } }, ['r2'])).toBe(false);
  });
});

describe('text only never removes what it must not', () => {
  it('only other devices’ media documents the root lists: never its own, the root, a catalog or a content document', async () => {
    const lib = await openLibrary();
    const id = (await lib.library.save(page())).clip.id;
    await lib.library.settled();
    await lib.library.media.attachImages(id, lib.library.media.articleRev(id)!, [image('https://example.com/own.png', noise(500, 1))], { count: 0, reason: null });
    const root = await lib.repo.find<LibraryDoc>(lib.url);
    const own = Object.values(root.doc().media ?? {})[0]!.doc;
    const content = Object.values(root.doc().contents)[0]!.doc;
    const catalog = root.doc().catalogs['0']!;
    // A damaged (or hostile) root lists the root, a catalog, a content document and this device's own media document as another device's media.
    root.change((d) => {
      for (const [k, doc] of [['x1', lib.url], ['x2', catalog], ['x3', content], ['x4', own]] as const) d.media![k as never] = { doc: doc as DocUrl, device: 'someone-else', createdAt: 1 };
    });
    lib.library.media.textOnly = true;
    const pruned = await lib.library.media.prune();
    expect(pruned).toEqual({ removed: [], busy: 0 });
    for (const doc of [lib.url, catalog, content, own]) expect(lib.library.media.keeps(doc)).toBe(true);
    expect((await lib.library.media.images(id)).state).toBe('saved');
    expect((await lib.library.get(id)).text).toContain('It begins');
  });
});
