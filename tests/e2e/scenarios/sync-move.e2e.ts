/**
 * Servers change:
 * - moving to a second server: A syncs to server 1, then lists only server 2; A fills server 2
 *   from its own data, and a fresh browser that syncs with server 2 alone (server 1 stopped
 *   by then) joins A's library and gets everything, articles included — and what A saves
 *   afterwards;
 * - more than one server at once: with [server 1, server 2] the status shows both connected,
 *   and a change is confirmed by both (each one alone serves it to a fresh browser).
 *
 * Both need two servers the test starts and stops, so they are registered only when the test
 * controls the server (not with SYNC_SERVER_URL).
 */
import { describe, expect } from 'vitest';
import { browserPair, type BrowserName, type ExtensionDriver } from '../harness/driver';
import { must } from '../harness/steps';
import {
  enableSync,
  itControllingServer,
  joinFresh,
  saveUrl,
  saveUrls,
  useSyncWorld,
  waitForArticles,
  waitForClip,
  waitSynced,
  waitSyncedSince,
  type SyncServerOptions,
} from '../harness/sync-world';

const it = itControllingServer('sync-move');

/** The text of the article saved for each URL, in `driver`. */
async function articleTexts(driver: ExtensionDriver, urls: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const url of urls) out.set(url, (await must(driver, 'getClip', { clipId: (await waitForClip(driver, url)).id })).text);
  return out;
}

describe('moving and adding sync servers', () => {
  const world = useSyncWorld();
  const [a, b] = browserPair(0);

  it(`moving to another server: it is filled from this browser (${a}), and a browser that knows only the new server (${b}) gets everything`, async () => {
    const { site } = world();
    const [one, two] = await Promise.all([world().server({ host: 'sync-one' }), world().server({ host: 'sync-two' })]);
    const A = await world().browser(a);
    const urls = ['/article.html', '/article-2.html', '/slow?ms=0&case=move-1'].map((p) => site.url(p));
    await saveUrls(A, urls);
    await enableSync(A, [one.url]);
    await waitSynced(A);
    const { libraryUrl } = await must(A, 'syncSettings', {});

    const moved = Date.now();
    const settings = await must(A, 'setSync', { enabled: true, servers: [two.url] });
    expect(settings).toMatchObject({ enabled: true, servers: [two.url], libraryUrl });
    const status = await waitSyncedSince(A, moved);
    expect(status.servers).toEqual([{ url: two.url, state: 'connected', error: null }]);
    // Server 1 is gone: whatever C gets, it gets from server 2.
    await one.stop();

    const texts = await articleTexts(A, urls);
    const C = await joinFresh(world(), b, [two.url], libraryUrl);
    await waitForArticles(C, urls, { timeout: 60_000, expectedText: (u) => texts.get(u) });
    expect((await must(C, 'libraryInfo', {})).clipCount).toBe(urls.length);

    // And it goes on through server 2.
    const later = site.url('/article-3.html');
    const saved = await saveUrl(A, later);
    expect((await waitForClip(C, later)).id).toBe(saved.clip.id);
    expect((await must(C, 'getClip', { clipId: saved.clip.id })).text).toContain('night');
  }, 110_000);

  it(`two servers at once: both show as connected, and each one holds the library (${browserPair(1).join(' → ')})`, async () => {
    await twoServersAtOnce(browserPair(1), { host: 'sync-one' }, { host: 'sync-two' });
  }, 110_000);

  // The project's server (and the published one) names its peer after the machine's host
  // name, so two servers on one machine present the same peer id.
  it(`two servers on one machine at once: both show as connected, and each one holds the library (${browserPair(2).join(' → ')})`, async () => {
    await twoServersAtOnce(browserPair(2), {}, {});
  }, 110_000);

  async function twoServersAtOnce([writer, joiner]: [BrowserName, BrowserName], oneOpts: SyncServerOptions, twoOpts: SyncServerOptions) {
    const { site } = world();
    const [one, two] = await Promise.all([world().server(oneOpts), world().server(twoOpts)]);
    const A = await world().browser(writer);
    const first = site.url('/article.html');
    await saveUrl(A, first);
    const on = Date.now();
    await enableSync(A, [one.url, two.url]);
    // On loopback a pass takes well under a second; 20 s is generous.
    const status = await waitSyncedSince(A, on, 20_000);
    expect(status.servers).toEqual([
      { url: one.url, state: 'connected', error: null },
      { url: two.url, state: 'connected', error: null },
    ]);
    expect(status.message).toBe('Synced.');

    // A change made now is confirmed by both (the pass waits for every connected server).
    const second = site.url('/article-2.html');
    const changed = Date.now();
    await saveUrl(A, second);
    expect((await waitSyncedSince(A, changed, 20_000)).servers.map((s) => s.state)).toEqual(['connected', 'connected']);
    const { libraryUrl } = await must(A, 'syncSettings', {});
    const texts = await articleTexts(A, [first, second]);
    await A.close();

    // Each server alone serves the whole library to a fresh browser.
    for (const server of [one, two]) {
      const fresh = await joinFresh(world(), joiner, [server.url], libraryUrl);
      await waitForArticles(fresh, [first, second], { timeout: 45_000, expectedText: (u) => texts.get(u) });
      await fresh.close();
    }
  }
});
