/**
 * A sync server restored from a backup (its data folder put back as it was days ago) keeps its
 * storage id, so the ledger still says it holds every content document this device confirmed
 * since: passes skipped them, the device said "Synced", and a browser joining through that
 * server never got the articles saved after the backup. The root and catalogs (always synced)
 * tell it: the server's heads for them no longer contain heads it had acknowledged.
 */
import { describe, expect, it } from 'vitest';
import { page } from '../library/helpers';
import { device, joiningDevice, until, useRestorableServers } from './helpers';

const synced = (d: Awaited<ReturnType<typeof device>>, after: number) => () => {
  const s = d.engine.status();
  return s.state === 'synced' && (s.lastSyncedAt ?? 0) > after;
};

describe('SyncEngine: a server restored from a backup', () => {
  const newServer = useRestorableServers();

  it('is filled again with what it lost, before the device says synced, so a joining browser gets every article', async () => {
    const server = await newServer();
    let a = await device();
    const ids: string[] = [];
    const save = async (i: number) => ids.push((await a.library.save(page({ pageUrl: `https://restore.example/${i}`, canonicalUrl: null, html: `<p>Kept ${i}</p>`, text: `Kept ${i}` }))).clip.id);
    for (let i = 0; i < 3; i++) await save(i);
    await a.library.settled();
    a.connect(server.url);
    await until('A synced', synced(a, 0));

    // The operator backs the server up...
    await server.backup();
    // ...the device saves more (a new content document among them) and the server confirms it...
    for (let i = 3; i < 130; i++) await save(i);
    await a.library.settled();
    let since = Date.now();
    await until('A synced after the new clips', synced(a, since), 30_000);

    // ...the device's background restarts (idle, or the browser closed): the documents it had
    // loaded, which automerge-repo would offer the server again by itself, are not any more...
    await a.repo.flush();
    a.engine.stop();
    a = await device(a.url, a.storage, a.index);
    // ...then the server loses its disk and is restored from the backup, at the same address.
    since = Date.now();
    await server.restore();
    a.connect(server.url);
    await until('A synced with the restored server', synced(a, since), 30_000);
    // Synced means the server holds it all again: a new browser joins through it alone.
    a.engine.stop();
    const joined = await joiningDevice(server.url, a.url, { docTimeoutMs: 5_000, retryFailedMs: 1_000 });
    // Listed from the list document (remade when the library grew by a fifth), then the catalogs fill in.
    await until('B lists every clip', async () => (await joined.library.reconcileIndex(), joined.library.counts().live === 130));
    await until('B filled', synced(joined, 0), 30_000);
    joined.engine.stop();
    for (const i of [0, 3, 99, 100, 129]) expect((await joined.library.get(ids[i] as never)).html).toBe(`<p>Kept ${i}</p>`);
  }, 120_000);
});
