/**
 * Review s54: a server restored from a backup is found through the root/catalog heads it reports
 * (server-watch.ts), and `SyncEngine.serverLost` then writes a new ledger epoch. When storage
 * refuses that write (a full disk, freed a moment later: the case cachedLedger is built for), the cached ledger
 * forgets the new epoch, the check's failure is only logged, and nothing asks again: the loss is
 * never seen a second time (the device re-sends the root and catalogs by itself, so from then on
 * the server's heads contain every acknowledged one), the ledger's old-epoch entries keep counting,
 * the content documents the server lost are never sent again, and the device says "Synced".
 * (A refused ledger write should cost a re-check, never skip one.)
 */
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { Repo } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { DocStorage } from '../../../src/library/doc-storage';
import { Library } from '../../../src/library/library';
import { holdsRefs } from '../../../src/library/sync-docs';
import type { DocUrl } from '../../../src/schema/ids';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';
import { SyncEngine } from '../../../src/sync/sync-engine';
import { page } from '../library/helpers';
import { until, useRestorableServers } from './helpers';

/** One browser whose ledger storage refuses every write while `disk.full` (a full disk, freed later). */
async function browser(url: DocUrl | null, storage: MemoryStorageAdapter, index: MemoryClipIndex, disk: { full: boolean }) {
  const repo = new Repo({ storage, network: [], sharePolicy: async () => true });
  DocStorage.install(repo, storage);
  const { library, url: rootUrl } = await Library.open({ repo, index, storage, device: `device-${Math.random()}` }, url);
  const refused: string[] = [];
  const ledger = {
    get: (k: string) => index.getMeta(`sync/${k}`),
    set: async (k: string, v: string) => {
      if (disk.full) {
        refused.push(k);
        throw new Error('QuotaExceededError: the disk is full');
      }
      await index.setMeta(`sync/${k}`, v);
    },
  };
  const engine = new SyncEngine(repo, library.syncDocs(), ledger, () => undefined, { connectTimeoutMs: 2_000, docTimeoutMs: 5_000, retryFailedMs: 1_000 });
  library.onLocalChange((h) => void engine.localChange(h));
  return { repo, library, engine, refused, url: rootUrl, connect: (s: string) => engine.setServers([s], (u) => new WebSocketClientAdapter(u, 300)) };
}
type Browser = Awaited<ReturnType<typeof browser>>;
const synced = (d: Browser, after: number) => () => {
  const s = d.engine.status();
  return s.state === 'synced' && (s.lastSyncedAt ?? 0) > after;
};

/** Whether the server (asked by a fresh, storage-less Repo) holds every article the catalogs point at. */
async function serverHoldsEverything(serverUrl: string, expected: Map<DocUrl, string[]>): Promise<string[]> {
  const probe = new Repo({ network: [new WebSocketClientAdapter(serverUrl, 300)], sharePolicy: async () => true });
  const missing: string[] = [];
  try {
    for (const [url, revs] of expected) {
      const h = await probe.find(url);
      const end = Date.now() + 5_000;
      while (!holdsRefs(h.doc(), revs) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      if (!holdsRefs(h.doc(), revs)) missing.push(`${url}: ${revs.filter((r) => !holdsRefs(h.doc(), [r])).length} of ${revs.length} articles`);
    }
  } finally {
    probe.shutdown?.();
  }
  return missing;
}

describe('review s54: a restored server, when the new epoch cannot be stored', () => {
  const newServer = useRestorableServers();

  async function scenario(refuseEpoch: boolean) {
    const server = await newServer();
    const storage = new MemoryStorageAdapter();
    const index = new MemoryClipIndex();
    const a = await browser(null, storage, index, { full: false });
    const save = async (d: Browser, i: number) => d.library.save(page({ pageUrl: `https://s54.example/${i}`, canonicalUrl: null, html: `<p>Kept ${i}</p>`, text: `Kept ${i}` }));
    for (let i = 0; i < 3; i++) await save(a, i);
    await a.library.settled();
    a.connect(server.url);
    await until('A synced', synced(a, 0));

    // Backed up; then more articles, confirmed by the server.
    await server.backup();
    for (let i = 3; i < 8; i++) await save(a, i);
    await a.library.settled();
    let since = Date.now();
    await until('A synced after the new clips', synced(a, since), 30_000);
    await a.repo.flush();
    a.engine.stop();

    // The server is restored from the backup while the browser is closed; the browser starts again.
    await server.restore();
    const disk = { full: false };
    const again = await browser(a.url, storage, index, disk);
    since = Date.now();
    // The disk is full for the first moments after the browser connects, then space is freed.
    disk.full = refuseEpoch;
    setTimeout(() => void (disk.full = false), 1_500);
    again.connect(server.url);
    await until('A synced with the restored server', synced(again, since), 30_000);
    // A little longer: a retry, had one been planned, would have run by now.
    await new Promise((r) => setTimeout(r, 3_000));
    await until('A synced', synced(again, since), 10_000);
    const expected = again.library.syncDocs().expected();
    again.engine.stop();
    return { refused: again.refused, missing: await serverHoldsEverything(server.url, expected) };
  }

  it('control: with the epoch stored, the restored server gets every article again', async () => {
    const { missing } = await scenario(false);
    expect(missing).toEqual([]);
  }, 120_000);

  it('fills the restored server again even when storage refused the write of its new epoch (a full disk, freed a moment later)', async () => {
    const { refused, missing } = await scenario(true);
    expect(refused.filter((k) => k.startsWith('epoch:')).length).toBeGreaterThan(0); // the loss was detected, and its epoch write refused
    expect(missing).toEqual([]);
  }, 120_000);
});
