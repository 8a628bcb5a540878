/**
 * Rebuilding the search index, as a user sees it: a search database damaged under a stopped
 * background (garbage written over its snapshot) is rebuilt at the next search, the side panel
 * saying so with progress ("Rebuilding the search index (N of M clips)…") and then showing the
 * results; the options page's "Rebuild search index" shows the rebuild's progress, then that it
 * is done, and the list index's "Rebuild index" still works beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsersUnderTest } from '../harness/driver';
import { poll } from '../harness/poll';
import { corruptSearchSnapshot, recordTexts, saveArticle, searchResults, searchSnapshotHeader, seenTexts, typeQuery } from '../harness/search-steps';
import { importPocketRows, must, useWorld } from '../harness/steps';

const dir = mkdtempSync(join(tmpdir(), 'cp-search-rebuild-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEEPER = { host: 'lights.example', title: 'The lighthouse keeper', text: 'The lighthouse keeper wrote every evening in a small green book about the storms.' };
/** "Rebuilding the search index (0 of 1,002 clips)…", in any locale's digits grouping. */
const PROGRESS = /Rebuilding the search index \(\d[\d,. ]* of \d[\d,. ]* clips\)…/;

for (const name of browsersUnderTest()) {
  describe(`${name}: rebuilding the search index`, () => {
    const world = useWorld(name);
    let clips = 0;

    beforeAll(async () => {
      const { driver } = world();
      await importPocketRows(driver, { dir, name: 'pocket.zip', host: 'pocket.example', rows: 600, perPart: 300, timeoutMs: 120_000 });
      await saveArticle(driver, KEEPER);
      clips = (await must(driver, 'libraryInfo', {})).clipCount;
    });

    it('rebuilds a search database with garbage in its snapshot, showing the banner with progress, then the results', async () => {
      const { driver } = world();
      let panel: Page = await driver.openExtensionPage('sidepanel.html');
      await typeQuery(panel, 'lighthouse');
      expect((await searchResults(panel, 'lighthouse', 60_000)).map((r) => r.title)).toEqual(['The lighthouse keeper']);
      await panel.close();
      // The snapshot is stored (the first rebuild saves it at its end).
      const page = await driver.openExtensionPage('options.html');
      await poll(async () => ((await searchSnapshotHeader(page))?.clips === clips ? true : null), { timeout: 30_000, message: `a stored snapshot of ${clips} clips` });

      await driver.stopBackground();
      expect(await corruptSearchSnapshot(page)).toBeGreaterThan(0);
      await page.close();

      panel = await driver.openExtensionPage('sidepanel.html');
      await recordTexts(panel, '[data-testid=search-status]');
      await typeQuery(panel, 'lighthouse');
      expect((await searchResults(panel, 'lighthouse', 60_000)).map((r) => r.title)).toEqual(['The lighthouse keeper']);
      const seen = await seenTexts(panel);
      expect(seen.some((t) => PROGRESS.test(t)), `the rebuilding banner, among: ${JSON.stringify(seen)}`).toBe(true);
      // The banner came first, then the count of results.
      expect(seen.findIndex((t) => PROGRESS.test(t))).toBeLessThan(seen.findIndex((t) => /^1 result/.test(t)));
      const status = await must(driver, 'searchStatus', {});
      expect(status).toMatchObject({ status: 'ready', failure: null, clips });
      await panel.close();
    });

    it('the options page rebuilds the search index with progress, then says it is done; the list index rebuilds too', async () => {
      const { driver } = world();
      const options = await driver.openExtensionPage('options.html');
      const button = await poll(() => options.$('[data-testid=rebuild-search]'), { message: 'the Rebuild search index button' });
      expect(await button.evaluate((b) => b.textContent)).toBe('Rebuild search index');
      await recordTexts(options, '[data-testid=search-repair-status]');
      await button.click();
      const done = await poll(() => options.$('[data-testid=search-repair-status][data-state=done]'), { timeout: 60_000, message: 'the rebuild to be done' });
      expect(await done.evaluate((el) => el.textContent)).toBe(`Search index rebuilt: ${clips.toLocaleString('en')} clips.`);
      const seen = await seenTexts(options);
      expect(seen.some((t) => PROGRESS.test(t)), `progress, among: ${JSON.stringify(seen)}`).toBe(true);
      expect((await must(driver, 'search', { query: 'lighthouse', offset: 0, limit: 5 })).hits.map((h) => h.clip.title)).toEqual(['The lighthouse keeper']);

      await (await options.$('[data-testid=rebuild-index]'))!.click();
      await poll(async () => ((await options.$eval('[data-testid=options-message]', (el) => el.textContent ?? '')).startsWith('Index rebuilt:') ? true : null), {
        timeout: 60_000,
        message: 'the list index rebuilt',
      });
      await options.close();
    });
  });
}
