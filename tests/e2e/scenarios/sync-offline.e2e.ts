/**
 * Concurrent offline edits converge. A and B share a library through the sync server; the
 * server stops; while neither can reach it, A deletes clip X, B marks clip Y read, both save
 * the same page (which neither had), and each saves a page the other lacks. The server comes
 * back on the same data: both browsers end with the same clips in the same state, the page
 * both saved is listed once — the same clip in both, the one the schema says wins (oldest
 * `savedAt`, ties by id) — and the other entry is kept, so nothing is lost.
 *
 * Chromium ↔ Chromium (the brief of this scenario); the server must be one the test can stop.
 */
import { describe, expect } from 'vitest';
import { browsersUnderTest } from '../harness/driver';
import { poll } from '../harness/poll';
import { listTitles, must } from '../harness/steps';
import {
  enableSync,
  indexRows,
  itControllingServer,
  joinWhenConnected,
  listedRows,
  saveUrl,
  useSyncWorld,
  waitConverged,
  waitForClip,
  waitSynced,
  waitSyncedSince,
  waitSyncState,
} from '../harness/sync-world';

const it = itControllingServer('sync-offline');

if (browsersUnderTest().includes('chromium')) {
  describe('sync: offline edits in chromium ↔ chromium converge', () => {
    const world = useSyncWorld();

    it('deletes, read states and saves made while the server is down merge, with nothing lost', async () => {
      const { site } = world();
      const server = await world().server();
      const [A, B] = await Promise.all([world().browser('chromium'), world().browser('chromium')]);
      // They try the server again every second once it is back, not every 5 s (the test build's
      // `debugSyncReconnect`): the test waits for the reconnection itself, not for its pacing.
      await Promise.all([A, B].map((d) => must(d, 'debugSyncReconnect', { ms: 1_000 })));
      const X = site.url('/article.html');
      const Y = site.url('/article-2.html');
      const BOTH = site.url('/article-3.html');
      const ONLY_A = site.url('/slow?ms=0&case=offline-only-a');
      const ONLY_B = site.url('/slow?ms=0&case=offline-only-b');

      // A shares a library with X and Y; B joins it.
      const x = (await saveUrl(A, X)).clip;
      const y = (await saveUrl(A, Y)).clip;
      await enableSync(A, [server.url]);
      await waitSynced(A);
      await enableSync(B, [server.url]);
      const { libraryUrl } = await must(A, 'syncSettings', {});
      expect(await joinWhenConnected(B, libraryUrl)).toBe(0);
      expect((await waitForClip(B, X)).id).toBe(x.id);
      expect((await waitForClip(B, Y)).id).toBe(y.id);
      await waitConverged([A, B]);
      await Promise.all([waitSynced(A), waitSynced(B)]);

      // The server goes away; both browsers see it.
      await server.pause();
      await Promise.all([waitSyncState(A, ['offline', 'connecting', 'error']), waitSyncState(B, ['offline', 'connecting', 'error'])]);

      // Offline, each changes the library on its own.
      await must(A, 'deleteClip', { clipId: x.id });
      await must(B, 'markRead', { clipId: y.id, read: true });
      const bothInA = (await saveUrl(A, BOTH)).clip;
      const bothInB = (await saveUrl(B, BOTH)).clip;
      expect(bothInA.id).not.toBe(bothInB.id); // two entries for one page: neither browser knew of the other's
      const onlyA = (await saveUrl(A, ONLY_A)).clip;
      const onlyB = (await saveUrl(B, ONLY_B)).clip;
      // Nothing crossed over while the server was down.
      expect((await must(B, 'pageStatus', { url: X })).clip?.id).toBe(x.id);
      expect((await must(A, 'pageStatus', { url: Y })).clip?.readAt).toBeNull();
      expect((await must(A, 'pageStatus', { url: ONLY_B })).clip).toBeNull();
      expect((await must(B, 'pageStatus', { url: ONLY_A })).clip).toBeNull();

      // The server comes back on the same data.
      const back = Date.now();
      await server.restart();
      // The page both saved has two entries; one is listed (the same one everywhere), the other kept but not listed.
      const always = [x.id, y.id, onlyA.id, onlyB.id];
      const rows = await waitConverged([A, B], {
        timeout: 60_000,
        until: (r) =>
          r.length === 5 &&
          always.every((id) => r.some((e) => e.id === id)) &&
          r.filter((e) => e.id === bothInA.id || e.id === bothInB.id).length === 1 &&
          r.find((e) => e.id === x.id)?.deletedAt !== null &&
          r.find((e) => e.id === y.id)?.readAt !== null,
      });
      await Promise.all([waitSyncedSince(A, back), waitSyncedSince(B, back)]);

      // Same state in both: X deleted (when A deleted it), Y read (when B read it).
      const row = (id: string) => rows.find((r) => r.id === id)!;
      expect(row(x.id).deletedAt).not.toBeNull();
      expect(row(y.id)).toMatchObject({ readAt: expect.any(Number), deletedAt: null });
      for (const d of [A, B]) {
        expect((await must(d, 'pageStatus', { url: X })).clip, `${d.name}: X deleted`).toBeNull();
        expect((await must(d, 'pageStatus', { url: Y })).clip?.readAt, `${d.name}: Y read`).toBe(row(y.id).readAt);
        expect((await must(d, 'pageStatus', { url: ONLY_A })).clip?.id).toBe(onlyA.id);
        expect((await must(d, 'pageStatus', { url: ONLY_B })).clip?.id).toBe(onlyB.id);
      }

      // The page both saved: both entries kept; every browser picks the same one (oldest savedAt, ties by id)…
      const pair = await Promise.all([bothInA.id, bothInB.id].map(async (id) => must(A, 'getClip', { clipId: id })));
      expect(pair.map((r) => r.key)).toEqual([pair[0]!.key, pair[0]!.key]);
      const winner = [...pair].sort((a, b) => a.savedAt - b.savedAt || (a.id < b.id ? -1 : 1))[0]!;
      expect(rows.some((r) => r.id === winner.id)).toBe(true);
      for (const d of [A, B]) {
        expect((await must(d, 'pageStatus', { url: BOTH })).clip?.id, `${d.name}: the clip shown for ${BOTH}`).toBe(winner.id);
        // …and both articles are still readable.
        for (const r of pair) expect((await must(d, 'getClip', { clipId: r.id })).text, `${d.name}: article of ${r.id}`).toContain('night');
      }
      // Nothing lost: six entries in each browser's catalogs, five listed (one of them deleted).
      for (const d of [A, B]) {
        const info = await must(d, 'libraryInfo', {});
        expect(info.clipCount + info.deletedCount, `${d.name}: listed clips`).toBe(5);
        expect(info.deletedCount, `${d.name}: deleted`).toBe(1);
        expect((await must(d, 'debugState', {})).rootEntries, `${d.name}: entries (debugState)`).toBe(6);
        expect((await indexRows(d)).length, `${d.name}: index rows`).toBe(5);
      }
      // The reading list shows the page once, the same clip in both browsers: in the side panel…
      const title = 'A Field Guide to the Night Trains of the Alps';
      for (const d of [A, B]) {
        const panel = await d.openExtensionPage('sidepanel.html');
        await poll(async () => (await listTitles(panel)).length >= 4, { timeout: 10_000, message: `${d.name}: the side panel's list of 4 live clips` });
        const titles = await listTitles(panel);
        await panel.close();
        expect(titles.filter((t) => t === title), `${d.name}: side panel rows titled "${title}" (list: ${JSON.stringify(titles)})`).toHaveLength(1);
      }
      // …and in the index it reads.
      for (const d of [A, B]) {
        const listed = (await listedRows(d)).filter((r) => r.key === winner.key);
        expect(
          listed.map((r) => r.id),
          `${d.name}: reading-list rows for ${BOTH} (entries ${pair.map((r) => `${r.id} savedAt ${r.savedAt}`).join(', ')})`,
        ).toEqual([winner.id]);
      }

      // A later save of that page in either browser updates the shown clip, and it stays one.
      const again = await saveUrl(B, BOTH);
      expect(again).toMatchObject({ created: false, clip: { id: winner.id } });
    }, 110_000);
  });
}
