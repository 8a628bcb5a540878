/**
 * The reading list's orders in the real side panel: newest first (the list), oldest first and
 * title A–Z (the filter's clips listed through the search, nothing typed), chosen from the Sort
 * menu over the list, kept for the next open, and back to the list with Newest. The library: 30
 * Pocket rows imported through the options page (row i saved after row i − 1; every 4th archived).
 * Then by length, shortest or longest first, over three saved articles of 80, 900 and 3,000 words,
 * by publication (two of them dated), and by reading progress (two of them started).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { uiScenarioBrowsers, type ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';
import { chooseState, importPocketRowsOnce, must, useWorld } from '../harness/steps';
import { saveArticle } from '../harness/search-steps';
import { compareTitles } from '../../../src/search/compare-titles';

const dir = mkdtempSync(join(tmpdir(), 'cp-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROWS = 30;
const HOST = 'order.example';

/** The 30 Pocket rows, imported once per browser (each test calls it). */
const library = (driver: ExtensionDriver) => importPocketRowsOnce(driver, { dir, name: 'order.zip', host: HOST, rows: ROWS, perPart: 100 });

const idOf = async (driver: ExtensionDriver, i: number) => (await must(driver, 'pageStatus', { url: `https://${HOST}/articles/${i}?ref=list` })).clip!.id;
const listIds = (panel: Page) => panel.$$eval('[data-testid=clip-list] [data-testid=clip-item]', (els) => els.map((li) => li.getAttribute('data-clip-id')!));
const hits = (panel: Page) => panel.$$eval('[data-testid=search-list] [data-testid=search-hit]', (els) => els.map((li) => ({ id: li.getAttribute('data-clip-id')!, title: li.querySelector('.clip-title')?.textContent ?? '' })));

/** The order of the request the search view's results answer (`data-answered`: `[query, filters, sort]` as JSON), or null. */
const answeredSort = (panel: Page) =>
  panel.$eval('[data-testid=search-results]', (el) => {
    try {
      return (JSON.parse(el.getAttribute('data-answered') ?? '') as unknown[])[2] ?? null;
    } catch {
      return null;
    }
  });

/**
 * Waits for the search view listing the filter's clips with nothing typed, in `sort`; its hits.
 * The results shown must answer that order: those of the order before stay until the new ones come.
 */
async function sortedHits(panel: Page, sort: string) {
  await poll(async () => (await panel.$(`[data-testid=search-results][data-query=""]`)) && (await panel.$eval('[data-testid=search-sort]', (s) => (s as HTMLSelectElement).value)) === sort && (await answeredSort(panel)) === sort && !(await panel.$eval('[data-testid=search-results]', (el) => el.textContent ?? '')).includes('Rebuilding') && (await hits(panel)).length >= 10, { timeout: 60_000, message: `the clips listed ${sort}` });
  return hits(panel);
}

for (const name of uiScenarioBrowsers('firefox')) {
  describe(`${name}: the list's orders`, () => {
    const world = useWorld(name);

    it('newest first, then oldest first and title A–Z from the Sort menu (kept for the next open), and back', async () => {
      const { driver } = world();
      await library(driver);
      // "All": every row not archived (rows 1, 2, 3, 5, …), the newest (row 29) first.
      const live = Array.from({ length: ROWS }, (_, i) => i).filter((i) => i % 4 !== 0);
      const newest = await Promise.all(live.slice(-3).reverse().map((i) => idOf(driver, i)));
      const oldest = await Promise.all(live.slice(0, 3).map((i) => idOf(driver, i)));
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      await poll(() => panel.$('[data-testid=list-filters]'), { message: 'the filter bar' });
      await chooseState(panel, 'all');
      await poll(async () => JSON.stringify((await listIds(panel)).slice(0, 3)) === JSON.stringify(newest), { message: 'the list, newest first', describe: async () => JSON.stringify((await listIds(panel)).slice(0, 3)) });
      // Over the list the menu offers the list's orders, Newest chosen.
      expect(await panel.$$eval('[data-testid=search-sort] option', (os) => os.map((o) => o.textContent))).toEqual(['Newest', 'Oldest', 'Title A–Z', 'Shortest first', 'Longest first', 'Recently published', 'Most read first']);
      expect(await panel.$('[data-testid=search-filters-toggle]')).toBeNull();

      await panel.select('[data-testid=search-sort]', 'oldest');
      const byAge = await sortedHits(panel, 'oldest');
      expect(byAge.slice(0, 3).map((h) => h.id)).toEqual(oldest);
      expect(byAge.length).toBeLessThanOrEqual(live.length);

      await panel.select('[data-testid=search-sort]', 'title');
      const byTitle = await sortedHits(panel, 'title');
      const titles = byTitle.map((h) => h.title.toLowerCase());
      // A–Z with numbers by their value ("article 5" before "article 10": compare-titles.ts).
      for (let i = 1; i < titles.length; i++) expect(compareTitles(titles[i - 1]!, titles[i]!), `${titles[i - 1]} before ${titles[i]}`).toBeLessThanOrEqual(0);
      expect(titles.indexOf('article 5'), titles.join(' | ')).toBeGreaterThanOrEqual(0);
      expect(titles.indexOf('article 10'), titles.join(' | ')).toBeGreaterThan(titles.indexOf('article 5'));

      // Kept: a panel opened again lists by title.
      const again = await driver.openExtensionPage('sidepanel.html#clips');
      expect((await sortedHits(again, 'title'))[0]!.id).toBe(byTitle[0]!.id);
      await again.close();

      // Newest: back to the list itself.
      await panel.select('[data-testid=search-sort]', 'relevance');
      await poll(async () => JSON.stringify((await listIds(panel)).slice(0, 3)) === JSON.stringify(newest), { message: 'the list again, newest first' });
      expect(await panel.$('[data-testid=search-results]')).toBeNull();
      await panel.close();
    });

    it('by length: longest or shortest first, with their reading time, links saved without an article after them; by publication, undated last; most read first', async () => {
      const { driver } = world();
      await library(driver);
      const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 50}`).join(' ');
      const lengths = { 'mid.example': 900, 'long.example': 3_000, 'short.example': 80 } as const;
      // Published: the short one in 2021, the long one in 2019 (in another of the forms pages use), the middle one undated.
      const published: Record<string, string> = { 'short.example': '2021-06-01T09:00:00Z', 'long.example': 'Tue, 05 Mar 2019 08:00:00 GMT' };
      for (const [host, n] of Object.entries(lengths)) await saveArticle(driver, { host, title: `An article of ${n} words`, text: words(n), publishedTime: published[host], excerpt: `The page's own summary of ${n} words.` });
      const id = async (host: string) => (await must(driver, 'pageStatus', { url: `https://${host}/a` })).clip!.id;
      const [short, mid, long] = [await id('short.example'), await id('mid.example'), await id('long.example')];
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      await poll(() => panel.$('[data-testid=list-filters]'), { message: 'the filter bar' });
      await chooseState(panel, 'all');
      expect(await panel.$$eval('[data-testid=search-sort] option', (os) => os.map((o) => o.textContent))).toEqual(['Newest', 'Oldest', 'Title A–Z', 'Shortest first', 'Longest first', 'Recently published', 'Most read first']);

      await panel.select('[data-testid=search-sort]', 'longest');
      const longest = await sortedHits(panel, 'longest');
      expect(longest.slice(0, 3).map((h) => h.id)).toEqual([long, mid, short]);
      // The Pocket rows (links, no article read) come after, newest first.
      expect(longest[3]!.id).toBe(await idOf(driver, ROWS - 1));
      expect(await panel.$eval(`[data-testid=search-hit][data-clip-id="${long}"]`, (li) => li.textContent ?? '')).toMatch(/1\d min/);
      // Nothing typed, no passage to mark: each result shows the clip's own excerpt, as the list does.
      expect(await panel.$eval(`[data-testid=search-hit][data-clip-id="${long}"]`, (li) => [!!li.querySelector('[data-testid=search-snippet]'), li.querySelector('.clip-excerpt')?.textContent])).toEqual([false, "The page's own summary of 3000 words."]);
      // A link whose article was not fetched has no reading time (its placeholder's dozen words are not its length).
      expect(await panel.$eval(`[data-testid=search-hit][data-clip-id="${longest[3]!.id}"]`, (li) => li.querySelector('.clip-length'))).toBeNull();

      await panel.select('[data-testid=search-sort]', 'shortest');
      const shortest = await sortedHits(panel, 'shortest');
      expect(shortest.slice(0, 3).map((h) => h.id)).toEqual([short, mid, long]);
      expect(shortest[3]!.id).toBe(await idOf(driver, ROWS - 1));

      await panel.select('[data-testid=search-sort]', 'published');
      const byPublication = await sortedHits(panel, 'published');
      // The dated two, most recent first; then the undated, newest saved first (the middle article, then the Pocket rows).
      expect(byPublication.slice(0, 4).map((h) => h.id)).toEqual([short, long, mid, await idOf(driver, ROWS - 1)]);

      // Most read first: the long one 60% read, the short one 10%, the middle one finished (100%) and then
      // nothing else started: the Pocket rows after them, newest first.
      for (const [clipId, percent] of [[long, 60], [short, 10], [mid, 100]] as const) await must(driver, 'setReadingProgress', { clipId, offset: 0, percent });
      await panel.select('[data-testid=search-sort]', 'progress');
      await poll(async () => JSON.stringify((await sortedHits(panel, 'progress')).slice(0, 4).map((h) => h.id)) === JSON.stringify([mid, long, short, await idOf(driver, ROWS - 1)]), {
        timeout: 30_000,
        message: 'the clips, most read first',
        describe: async () => JSON.stringify((await hits(panel)).slice(0, 4)),
      });
      // In the Reading state (started, not finished), in the same order.
      await chooseState(panel, 'reading');
      await poll(async () => JSON.stringify((await hits(panel)).map((h) => h.id)) === JSON.stringify([long, short]), { timeout: 30_000, message: 'the clips being read, most read first', describe: async () => JSON.stringify(await hits(panel)) });
      await chooseState(panel, 'all');

      await panel.select('[data-testid=search-sort]', 'relevance');
      await poll(async () => (await listIds(panel))[0] === short, { message: 'the list again, newest first' });
      // The time left once started (Readwise Reader's "18min left"); the whole length when finished.
      const lengthOf = (id: string) => panel.$eval(`[data-testid=clip-item][data-clip-id="${id}"] .clip-length`, (el) => el.textContent);
      expect(await lengthOf(short)).toBe(' · 1 min left'); // 80 words, 10% read
      await poll(() => panel.$(`[data-testid=clip-item][data-clip-id="${long}"]`), { message: 'the long article in the list' });
      expect(await lengthOf(long)).toBe(' · 5 min left'); // 3,000 words, 60% read: 1,200 at 230 a minute
      await poll(() => panel.$(`[data-testid=clip-item][data-clip-id="${mid}"]`), { message: 'the middle article in the list' });
      expect(await lengthOf(mid)).toBe(' · 4 min'); // 900 words, read to the end
      const link = await idOf(driver, ROWS - 1);
      await poll(() => panel.$(`[data-testid=clip-item][data-clip-id="${link}"]`), { message: 'an imported link in the list' });
      expect(await panel.$(`[data-testid=clip-item][data-clip-id="${link}"] .clip-length`)).toBeNull();
      await panel.close();
    });
  });
}
