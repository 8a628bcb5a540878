/**
 * The background killed in the middle of sync loses nothing:
 * - during the upload: A, holding 15 clips, turns sync on and its background is killed a few
 *   times while it fills the server; in the end a fresh browser joining through the server
 *   (A closed by then) gets all 15 clips, articles included;
 * - during a download: B joins a 15-clip library and its background is killed again and
 *   again while it fills; B ends with every clip and every article — held locally: they still
 *   read with sync turned off and the background started afresh.
 *
 * The kills are timed (seeded, so a failing run can be replayed with COMMONPLACE_KILL_SEED):
 * each one lands a random 0-400 ms after the background came back, the window in which it
 * connects and runs its pass. Those sleeps are the point of the test, not waits.
 */
import { describe, expect, it } from 'vitest';
import { browsersUnderTest, type ExtensionDriver } from '../harness/driver';
import { poll, sleep } from '../harness/poll';
import { must } from '../harness/steps';
import { enableSync, joinFresh, joinWhenConnected, saveUrls, useSyncWorld, waitForArticles, waitSynced, waitSyncedSince, type SyncWorld } from '../harness/sync-world';
import { prng } from '../harness/generated';

const CLIPS = 15;
const KILLS = Number(process.env.COMMONPLACE_SYNC_KILLS ?? 4);
const SEED = Number(process.env.COMMONPLACE_KILL_SEED ?? 20261130);


/**
 * Kills `driver`'s background `KILLS` times: each time it waits for the background to run
 * again (a call wakes it), lets it work a random 0-400 ms, then kills it. Returns what the
 * status showed just before each kill, for the log. Returns the time of the last kill.
 */
async function killRepeatedly(driver: ExtensionDriver, next: () => number, log: string[]): Promise<number> {
  let last = 0;
  for (let i = 0; i < KILLS; i++) {
    const status = await must(driver, 'syncStatus', {}); // wakes it (and it reconnects, and runs a pass)
    const delay = Math.floor(next() * 400);
    await sleep(delay);
    const before = await driver.call('syncStatus', {}).catch(() => null);
    await driver.killBackground();
    last = Date.now();
    log.push(`kill ${i + 1}: ${delay} ms after waking (status then ${status.state}; at the kill ${before?.ok ? `${before.value.state}${before.value.progress ? ` ${before.value.progress.done}/${before.value.progress.total}` : ''}` : '?'})`);
  }
  return last;
}

/** `CLIPS` distinct pages (same title and text) saved in `driver`; returns their URLs. */
async function saveMany(world: SyncWorld, driver: ExtensionDriver, tag: string): Promise<string[]> {
  const urls = Array.from({ length: CLIPS }, (_, i) => world.site.url(`/slow?ms=0&case=${tag}-${i}`));
  await saveUrls(driver, urls);
  expect((await must(driver, 'libraryInfo', {})).clipCount).toBe(CLIPS);
  return urls;
}

for (const name of browsersUnderTest()) {
  describe(`${name}: sync survives a killed background`, () => {
    const world = useSyncWorld();

    it(`killed ${KILLS} times during the upload, the server still ends with all ${CLIPS} clips`, async () => {
      const next = prng(SEED);
      const server = await world().server();
      const A = await world().browser(name);
      const urls = await saveMany(world(), A, 'kill-up');
      const text = (await must(A, 'getClip', { clipId: (await must(A, 'pageStatus', { url: urls[0]! })).clip!.id })).text;
      const { libraryUrl } = await must(A, 'syncSettings', {});

      const log: string[] = [];
      const started = Date.now();
      await enableSync(A, [server.url]);
      const lastKill = await killRepeatedly(A, next, log);
      await waitSyncedSince(A, lastKill, 60_000);
      console.log(`[sync-kill] ${name} upload (seed ${SEED}), synced ${Date.now() - started} ms after sync was turned on:\n  ${log.join('\n  ')}`);
      await A.close();

      // A is gone: a fresh browser gets everything from the server alone.
      const C = await joinFresh(world(), name, [server.url], libraryUrl);
      await waitForArticles(C, urls, { timeout: 60_000, expectedText: () => text });
      expect((await must(C, 'libraryInfo', {})).clipCount).toBe(CLIPS);
    }, 115_000);

    it(`killed ${KILLS} times during a download, a joining browser ends with every clip and article`, async () => {
      const next = prng(SEED + 1);
      const server = await world().server();
      const A = await world().browser(name);
      const urls = await saveMany(world(), A, 'kill-down');
      const text = (await must(A, 'getClip', { clipId: (await must(A, 'pageStatus', { url: urls[0]! })).clip!.id })).text;
      await enableSync(A, [server.url]);
      await waitSynced(A, 60_000);
      const { libraryUrl } = await must(A, 'syncSettings', {});

      const B = await world().browser(name);
      await enableSync(B, [server.url]);
      const log: string[] = [];
      const started = Date.now();
      expect(await joinWhenConnected(B, libraryUrl)).toBe(0);
      const lastKill = await killRepeatedly(B, next, log);
      await waitForArticles(B, urls, { timeout: 60_000, expectedText: () => text });
      await waitSyncedSince(B, lastKill, 60_000);
      console.log(`[sync-kill] ${name} download (seed ${SEED + 1}), every article read ${Date.now() - started} ms after the join:\n  ${log.join('\n  ')}`);

      // Held locally: with sync off and a background started afresh (nothing in memory), every article still reads.
      await must(B, 'setSync', { enabled: false, servers: [server.url] });
      await B.stopBackground();
      expect((await must(B, 'syncStatus', {})).state).toBe('off');
      const info = await must(B, 'libraryInfo', {});
      expect(info).toMatchObject({ libraryUrl, clipCount: CLIPS, pendingCaptures: 0 });
      for (const url of urls) {
        const clip = (await must(B, 'pageStatus', { url })).clip;
        expect(clip, `${name}: ${url} listed offline`).not.toBeNull();
        const res = await poll(() => B.call('getClip', { clipId: clip!.id }), { timeout: 10_000, message: `${url} read offline` });
        expect(res.ok ? res.value.text : res.error, `${name}: the article of ${url}, read offline`).toBe(text);
      }
    }, 115_000);
  });
}
