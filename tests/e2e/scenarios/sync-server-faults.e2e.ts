/**
 * What happens to sync when the server misbehaves:
 * - it restarts: edits made afterwards still sync both ways;
 * - it restarts with its data folder wiped: the browsers fill it again, and a fresh browser
 *   that joins through it gets every clip, articles included;
 * - it is restored from an older backup (same storage id, what came after lost): the browsers
 *   find out from the root and catalogs and send it what it lost, articles included;
 * - it cannot be reached: the status says so (offline or error, with the reason) within 15 s,
 *   and saving keeps working locally;
 * - the library URL to join is well formed but the server has no such library: the join
 *   fails with a message saying what to check, and the local library is unchanged.
 *
 * The restart tests stop and start the server, so they are registered only when the test
 * controls it (not with SYNC_SERVER_URL); the other two run against any server.
 */
import { generateAutomergeUrl } from '@automerge/automerge-repo';
import { describe, expect, it } from 'vitest';
import { browserPair, browsersUnderTest, type BrowserName, type ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';
import { must, mustFail } from '../harness/steps';
import {
  clipStates,
  enableSync,
  indexRows,
  itControllingServer,
  joinFresh,
  joinWhenConnected,
  saveUrl,
  saveUrls,
  useSyncWorld,
  waitConverged,
  waitForArticles,
  waitForClip,
  waitSynced,
  waitSyncedSince,
  waitSyncState,
} from '../harness/sync-world';

const itRestarting = itControllingServer('sync-server-faults');
/** Nothing listens on port 1 of the loopback interface (tcpmux is not served): connections are refused. */
const UNREACHABLE = 'ws://127.0.0.1:1';

describe('sync when the server restarts', () => {
  const world = useSyncWorld();

  /**
   * A and B sharing a library with `paths` saved in A, both synced. They try a server that went
   * away again every second, not every 5 s (the test build's `debugSyncReconnect`): the restart
   * tests wait for the reconnection itself, not for the product's pacing of it.
   */
  async function sharedPair([a, b]: [BrowserName, BrowserName], server: { url: string }, paths: string[]) {
    const { site } = world();
    const [A, B] = await Promise.all([world().browser(a), world().browser(b)]);
    await Promise.all([A, B].map((d) => must(d, 'debugSyncReconnect', { ms: 1_000 })));
    await saveUrls(A, paths.map((p) => site.url(p)));
    await enableSync(A, [server.url]);
    await waitSynced(A);
    await enableSync(B, [server.url]);
    const { libraryUrl } = await must(A, 'syncSettings', {});
    await joinWhenConnected(B, libraryUrl);
    for (const p of paths) await waitForClip(B, site.url(p));
    await waitConverged([A, B]);
    return { A, B, libraryUrl };
  }

  /** Waits until both browsers have noticed the server went away (so a later "synced" is a new pass). */
  async function bothNoticeDown(...drivers: ExtensionDriver[]) {
    await Promise.all(drivers.map((d) => waitSyncState(d, ['connecting', 'offline', 'error'])));
  }

  itRestarting(`after the server restarts, edits still sync both ways (${browserPair(0).join(' ↔ ')})`, async () => {
    const { site } = world();
    const server = await world().server();
    const { A, B } = await sharedPair(browserPair(0), server, ['/article.html']);
    await server.pause();
    await bothNoticeDown(A, B);
    const restarted = Date.now();
    await server.restart();
    await Promise.all([waitSyncedSince(A, restarted), waitSyncedSince(B, restarted)]);
    // A → B
    const fromA = await saveUrl(A, site.url('/slow?ms=0&case=after-restart-a'));
    expect((await waitForClip(B, site.url('/slow?ms=0&case=after-restart-a'))).id).toBe(fromA.clip.id);
    // B → A
    const fromB = await saveUrl(B, site.url('/slow?ms=0&case=after-restart-b'));
    expect((await waitForClip(A, site.url('/slow?ms=0&case=after-restart-b'))).id).toBe(fromB.clip.id);
    await must(B, 'markRead', { clipId: fromA.clip.id, read: true });
    await poll(async () => (await must(A, 'pageStatus', { url: site.url('/slow?ms=0&case=after-restart-a') })).clip?.readAt != null, {
      timeout: 30_000,
      message: 'the read state set in B, in A',
    });
    await waitConverged([A, B]);
    expect((await must(A, 'getClip', { clipId: fromB.clip.id })).text.length).toBeGreaterThan(1_000);
  }, 110_000);

  itRestarting(`after the server restarts with its data wiped, the browsers (${browserPair(1).join(', ')}) fill it again and a fresh browser (${browserPair(1)[1]}) gets everything`, async () => {
    const { site } = world();
    const server = await world().server();
    const paths = ['/article.html', '/article-2.html', '/slow?ms=0&case=wiped-1'];
    const { A, B, libraryUrl } = await sharedPair(browserPair(1), server, paths);
    // B adds one of its own, so both browsers have something the other wrote (their own content documents).
    paths.push('/slow?ms=0&case=wiped-from-b');
    await saveUrl(B, site.url(paths.at(-1)!));
    // Everything in step first: A holds B's article too (not only its catalog entry).
    await waitForArticles(A, [site.url(paths.at(-1)!)]);
    await Promise.all([waitSynced(A), waitSynced(B)]);

    await server.pause({ wipe: true });
    await bothNoticeDown(A, B);
    const wiped = Date.now();
    await server.restart();
    // Each browser finishes a pass confirmed by the emptied server: everything it has is there again.
    await Promise.all([waitSyncedSince(A, wiped), waitSyncedSince(B, wiped)]);

    const textIn = new Map<string, string>();
    for (const p of paths) textIn.set(site.url(p), (await must(A, 'getClip', { clipId: (await waitForClip(A, site.url(p))).id })).text);
    const expected = await waitConverged([A, B]);
    // A and B go away: whatever C gets now, it gets from the refilled server alone.
    await Promise.all([A.close(), B.close()]);

    const C = await joinFresh(world(), browserPair(1)[1], [server.url], libraryUrl);
    await waitForArticles(C, paths.map((p) => site.url(p)), { timeout: 60_000, expectedText: (u) => textIn.get(u) });
    expect(clipStates(await indexRows(C))).toEqual(clipStates(expected));
  }, 115_000);

  itRestarting(`after the server is restored from an older backup, the browsers (${browserPair(0).join(', ')}) send it what it lost and a fresh browser (${browserPair(0)[1]}) gets everything`, async () => {
    const { site } = world();
    const server = await world().server();
    const paths = ['/article.html', '/article-2.html'];
    const { A, B, libraryUrl } = await sharedPair(browserPair(0), server, paths);
    await Promise.all([waitSynced(A), waitSynced(B)]);
    // The operator backs the server up, stopped meanwhile; the browsers go on saving and syncing.
    await server.pause();
    await bothNoticeDown(A, B);
    await server.backup();
    await server.restart();
    paths.push('/article-3.html', '/slow?ms=0&case=after-backup');
    const saved = Date.now();
    await saveUrls(A, paths.slice(2).map((p) => site.url(p)));
    await waitForArticles(B, paths.map((p) => site.url(p)));
    await Promise.all([waitSyncedSince(A, saved), waitSyncedSince(B, saved)]);

    // The server loses its disk and is restored from that backup, at the same address: it keeps
    // its storage id, and the browsers' ledgers still say it holds the articles saved since.
    await server.pause();
    await bothNoticeDown(A, B);
    // Both backgrounds stop meanwhile (idle, or the browser restarted): the documents they had
    // loaded, which automerge-repo would offer the server again by itself, are not any more.
    await Promise.all([A.killBackground(), B.killBackground()]);
    const restored = Date.now();
    await server.restore();
    await Promise.all([waitSyncedSince(A, restored), waitSyncedSince(B, restored)]);

    const textIn = new Map<string, string>();
    for (const p of paths) textIn.set(site.url(p), (await must(A, 'getClip', { clipId: (await waitForClip(A, site.url(p))).id })).text);
    await Promise.all([A.close(), B.close()]);
    // Whatever C gets now, it gets from the restored server alone.
    const C = await joinFresh(world(), browserPair(0)[1], [server.url], libraryUrl);
    await waitForArticles(C, paths.map((p) => site.url(p)), { timeout: 60_000, expectedText: (u) => textIn.get(u) });
  }, 140_000);
});

for (const name of browsersUnderTest()) {
  describe(`${name}: sync when the server fails`, () => {
    const world = useSyncWorld();

    it('a server that cannot be reached shows as offline with its reason within 15 s, and saving still works', async () => {
      const { site } = world();
      const A = await world().browser(name);
      await enableSync(A, [UNREACHABLE]);
      const status = await waitSyncState(A, ['offline', 'error'], 15_000);
      expect(status.message).toMatch(/offline|error/i);
      expect(status.servers).toEqual([{ url: UNREACHABLE, state: expect.stringMatching(/^(offline|error)$/), error: expect.stringContaining('127.0.0.1:1') }]);
      const before = await must(A, 'libraryInfo', {});
      const out = await saveUrl(A, site.url('/article-2.html'));
      expect(out.created).toBe(true);
      expect((await must(A, 'pageStatus', { url: site.url('/article-2.html') })).clip?.id).toBe(out.clip.id);
      expect((await must(A, 'getClip', { clipId: out.clip.id })).title).toBe('Why Sourdough Starters Smell of Nail Varnish');
      expect((await must(A, 'libraryInfo', {})).clipCount).toBe(before.clipCount + 1);
      // Still offline, with the reason, after the save.
      expect((await must(A, 'syncStatus', {})).state).toMatch(/^(offline|error)$/);
    }, 60_000);

    it('joining a library the server does not have fails with a clear message and leaves the local library as it was', async () => {
      const { site } = world();
      const server = await world().server();
      const A = await world().browser(name);
      const paths = ['/article.html', '/slow?ms=0&case=join-unknown'];
      const saved = [];
      for (const out of await saveUrls(A, paths.map((p) => site.url(p)))) saved.push(out.clip);
      await enableSync(A, [server.url]);
      await waitSynced(A);
      const before = await must(A, 'libraryInfo', {});
      const rowsBefore = await indexRows(A);

      const unknown = generateAutomergeUrl();
      const started = Date.now();
      const error = await mustFail(A, 'joinLibrary', { libraryUrl: unknown });
      const took = Date.now() - started;
      expect(error.code).toBe('not-found');
      expect(error.message).toMatch(/No sync server holds a library at that URL/);
      expect(error.message).toMatch(/unchanged/);

      const after = await must(A, 'libraryInfo', {});
      expect(after).toMatchObject({ libraryUrl: before.libraryUrl, clipCount: before.clipCount, deletedCount: before.deletedCount });
      expect((await must(A, 'syncSettings', {})).libraryUrl).toBe(before.libraryUrl);
      expect(await indexRows(A)).toEqual(rowsBefore);
      for (const [i, p] of paths.entries()) {
        expect((await must(A, 'pageStatus', { url: site.url(p) })).clip?.id).toBe(saved[i]!.id);
        expect((await must(A, 'getClip', { clipId: saved[i]!.id })).text.length).toBeGreaterThan(100);
      }
      // Sync goes on with the library it has.
      const more = Date.now();
      await saveUrl(A, site.url('/article-3.html'));
      await waitSyncedSince(A, more);
      console.log(`[sync-server-faults] ${name}: joining an unknown library failed after ${took} ms`);
    }, 90_000);
  });
}
