/**
 * The backup window (docs/sync.md): the root and catalogs reach a server as soon as they change,
 * the article a catalog entry names comes with the next pass. A server backed up between the two
 * and later restored still held every root and catalog change it had acknowledged, so nothing told
 * the loss: the ledger kept saying it held the article, the device said "Synced", and a browser
 * joining through that server listed the clip without its article. The pass mark (pass-mark.ts),
 * changed after the article was acknowledged, is missing from such a backup.
 */
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import type { FromClientMessage } from '@automerge/automerge-repo-network-websocket';
import { describe, expect, it } from 'vitest';
import { headsKey } from '../../../src/sync/ledger';
import { page } from '../library/helpers';
import { device, joiningDevice, until, useRestorableServers } from './helpers';

type Device = Awaited<ReturnType<typeof device>>;

const synced = (d: Device, after: number) => () => {
  const s = d.engine.status();
  return s.state === 'synced' && (s.lastSyncedAt ?? 0) > after;
};

/** A WebSocket client that drops what it would send about the documents `held` names (a slow upload, frozen). */
class HeldBack extends WebSocketClientAdapter {
  constructor(
    url: string,
    private readonly held: (documentId: string) => boolean,
  ) {
    super(url, 500);
  }
  override send(message: FromClientMessage): void {
    const id = (message as { documentId?: string }).documentId;
    if (id && this.held(id)) return;
    super.send(message);
  }
}

describe('SyncEngine: a server backed up between a catalog change and the article it names', () => {
  const newServer = useRestorableServers();

  it('is found to have lost the article once restored, and gets it again', async () => {
    const server = await newServer();
    const fast = { docTimeoutMs: 2_000, nudgeMs: 500, retryFailedMs: 500 };
    let a = await device(null, undefined, undefined, fast);
    let holding = false;
    const isContent = (id: string) => a.library.syncDocs().contents().includes(`automerge:${id}` as never);
    a.engine.setServers([server.url], (u) => new HeldBack(u, (id) => holding && isContent(id)));
    const save = async (i: number) => (await a.library.save(page({ pageUrl: `https://window.example/${i}`, canonicalUrl: null, html: `<p>Kept ${i}</p>`, text: `Kept ${i}` }))).clip.id;
    for (let i = 0; i < 3; i++) await save(i);
    await a.library.settled();
    await until('A synced', synced(a, 0));

    // The article's upload stalls; the catalog entry naming it reaches the server...
    holding = true;
    const late = await save(3);
    await a.library.settled();
    const storageId = () => Object.values(a.repo.peerMetadataByPeerId).find((m) => m.storageId)?.storageId;
    const inStep = () => a.library.syncDocs().pinned().every((h) => headsKey(h.getSyncInfo(storageId()!)?.lastHeads ?? []) === headsKey(h.heads()));
    await until('the catalogs reached the server', () => !!storageId() && inStep());
    // ...the operator backs the server up then, and the article arrives right after.
    await server.backup();
    holding = false;
    let since = Date.now();
    await until('A synced with the article', synced(a, since), 20_000);

    // The device's background restarts; the server is restored from that backup.
    await a.repo.flush();
    a.engine.stop();
    a = await device(a.url, a.storage, a.index, fast);
    await server.restore();
    since = Date.now();
    a.connect(server.url);
    await until('A synced with the restored server', synced(a, since), 20_000);

    // Synced means the server holds the article again: a new browser joins through it alone.
    a.engine.stop();
    const joined = await joiningDevice(server.url, a.url, { docTimeoutMs: 3_000, retryFailedMs: 1_000 });
    await until('B lists every clip', async () => (await joined.library.reconcileIndex(), joined.library.counts().live === 4));
    await until('B filled', synced(joined, 0), 15_000);
    joined.engine.stop();
    expect((await joined.library.get(late)).html).toBe('<p>Kept 3</p>');
  }, 90_000);
});
