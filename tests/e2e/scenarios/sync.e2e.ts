/**
 * Sync across browsers through a real automerge-repo server on loopback: a clip saved in A
 * appears in B after B joins A's library; a deletion in B appears in A; B's own clips are
 * merged into the joined library.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsersUnderTest, launchDriver, type BrowserName, type ExtensionDriver } from '../harness/driver';
import { startFixtureServer, type TestServer } from '../harness/fixture-server';
import { poll } from '../harness/poll';
import { must } from '../harness/steps';
import { enableSync, startSyncServer, waitForClip, waitForNoClip, waitSynced, type SyncServerHandle } from '../harness/sync-world';

/** Pairs to run: Chromium↔Chromium, and Chromium↔Firefox when both are under test. */
function pairs(): Array<[BrowserName, BrowserName]> {
  const names = browsersUnderTest();
  const out: Array<[BrowserName, BrowserName]> = [];
  if (names.includes('chromium')) out.push(['chromium', 'chromium']);
  if (names.includes('chromium') && names.includes('firefox')) out.push(['chromium', 'firefox']);
  if (!names.includes('chromium') && names.includes('firefox')) out.push(['firefox', 'firefox']);
  return out;
}

async function save(driver: ExtensionDriver, url: string) {
  const page = await driver.openPage(url);
  try {
    return await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
  } finally {
    await page.close();
  }
}

for (const [a, b] of pairs()) {
  describe(`sync: ${a} ↔ ${b}`, () => {
    let server: SyncServerHandle;
    let site: TestServer;
    let A: ExtensionDriver;
    let B: ExtensionDriver;

    beforeAll(async () => {
      server = await startSyncServer();
      site = await startFixtureServer();
      [A, B] = await Promise.all([launchDriver(a), launchDriver(b)]);
    });
    afterAll(async () => {
      await Promise.all([A?.close(), B?.close()]);
      await site?.close();
      await server?.stop();
    });

    it('sync is off until it is turned on, and then reaches the server', async () => {
      expect((await must(A, 'syncStatus', {})).state).toBe('off');
      await save(A, site.url('/article.html'));
      await enableSync(A, [server.url]);
      await waitSynced(A);
      const status = await must(A, 'syncStatus', {});
      expect(status.servers).toEqual([{ url: server.url, state: 'connected', error: null }]);
    });

    it('a browser that joins lists every clip of the library, merges its own in, and can read them', async () => {
      await save(B, site.url('/article-2.html'));
      await enableSync(B, [server.url]);
      const { libraryUrl } = await must(A, 'syncSettings', {});
      const joined = await must(B, 'joinLibrary', { libraryUrl });
      expect(joined).toEqual({ libraryUrl, merged: 1 });
      // A made its list document before its first pass; B listed its rows before it asked for the catalogs.
      const steps = (await must(B, 'debugState', {})).lastJoinSteps;
      expect(Object.keys(steps)).toEqual(expect.arrayContaining(['root', 'list', 'previewed', 'catalogs']));
      expect(steps.previewed!).toBeLessThanOrEqual(steps.catalogs!);
      const fromA = await waitForClip(B, site.url('/article.html'));
      expect(fromA.title).toBe('The Tide Mill at Sallow Creek');
      expect((await must(B, 'getClip', { clipId: fromA.id })).text).toContain('tide');
      // B's own clip went into the joined library, and reaches A.
      const fromB = await waitForClip(A, site.url('/article-2.html'));
      expect((await must(A, 'getClip', { clipId: fromB.id })).title).toBe('Why Sourdough Starters Smell of Nail Varnish');
    });

    it('a clip saved in A appears in B; a deletion in B appears in A', async () => {
      const saved = await save(A, site.url('/article-3.html'));
      const inB = await waitForClip(B, site.url('/article-3.html'));
      expect(inB.id).toBe(saved.clip.id);
      await must(B, 'deleteClip', { clipId: inB.id });
      await waitForNoClip(A, site.url('/article-3.html'));
      await must(A, 'restoreClip', { clipId: inB.id });
      await waitForClip(B, site.url('/article-3.html'));
    });

    it("a view saved in A shows in B's open side panel; B's rename and delete reach A", async () => {
      const panel = await B.openExtensionPage('sidepanel.html#clips');
      await poll(() => panel.$('[data-testid=list-filters]'), { message: "B's side panel" });
      const spec = { query: 'tide', state: 'all', tag: null, sort: 'oldest', site: '', from: '', to: '' } as const;
      const { view } = await must(A, 'saveView', { name: 'Tides', spec });
      const chip = () => panel.$$eval('[data-testid=saved-view]', (els) => els.map((b) => b.querySelector('.view-chip-name')?.textContent).join());
      await poll(async () => (await chip()) === 'Tides', { timeout: 30_000, message: "the view in B's panel", describe: chip });
      // Counted in B by its search: the clips with "tide" that reached B.
      const tides = async () => (await must(B, 'search', { query: 'tide', offset: 0, limit: 1, filters: { state: 'all' } })).total;
      await poll(async () => (await panel.$eval('[data-testid=view-count]', (c) => c.textContent)) === String(await tides()), { timeout: 20_000, message: "the view's count in B", describe: async () => `${await panel.$eval('[data-testid=view-count]', (c) => c.textContent)} shown, ${await tides()} found` });
      await must(B, 'saveView', { viewId: view.id, name: 'Tide mills' });
      await poll(async () => (await must(A, 'listViews', {})).views.map((v) => v.name).join() === 'Tide mills', { timeout: 30_000, message: "B's rename in A" });
      expect((await must(A, 'listViews', {})).views[0]!.spec).toEqual(spec);
      await must(B, 'deleteView', { viewId: view.id });
      await poll(async () => (await must(A, 'listViews', {})).views.length === 0, { timeout: 30_000, message: "B's delete in A" });
      await poll(async () => (await chip()) === '', { timeout: 10_000, message: "B's panel without the view" });
      await panel.close();
    });

    it('a read state and a reading position set in B reach A', async () => {
      const clip = await waitForClip(B, site.url('/article.html'));
      await must(B, 'markRead', { clipId: clip.id, read: true });
      await must(B, 'setReadingProgress', { clipId: clip.id, offset: 420, percent: 37 });
      await poll(async () => (await must(A, 'pageStatus', { url: site.url('/article.html') })).clip?.readAt !== null, { timeout: 30_000, message: 'read state in A' });
      const inA = await poll(async () => {
        const c = await must(A, 'getClip', { clipId: clip.id });
        return c.position?.offset === 420 ? c : null;
      }, { timeout: 30_000, message: 'reading position in A' });
      expect(inA.progress).toBe(37);
    });
  });
}
