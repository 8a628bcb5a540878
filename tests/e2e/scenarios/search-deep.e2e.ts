/**
 * The deep search in the real side panel: a word far past the first 4,096 characters of a long
 * article (the part the search index holds) is not found by typing it, is found by "Search the
 * whole text of long articles" with its passage marked and the progress shown, and opens the clip
 * like any result; a new query cancels it back to the button, and Stop stops it. Through the
 * protocol, `searchDeep`'s steps cover every long clip of two content documents exactly once.
 */
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeepSearchStep } from '../../../src/schema/deep-search';
import { uiScenarioBrowsers } from '../harness/driver';
import { poll } from '../harness/poll';
import { recordTexts, saveArticle, seenTexts, typeQuery } from '../harness/search-steps';
import { must, text, useWorld } from '../harness/steps';

/** Filler prose well past what the index holds, then the words the test looks for. */
const FILLER = Array.from({ length: 900 }, (_, i) => ['harbour', 'tide', 'gull', 'rope', 'net', 'keel'][i % 6]).join(' ');
const DEEP_WORD = 'xylophonist';
const LONG = {
  host: 'deep.example',
  title: 'A very long harbour chronicle',
  text: `${FILLER}. At the very end the ${DEEP_WORD} played on the quay. ${FILLER}.`,
};

/** What the deep search lists: the titles and marked words of its hits. */
function deepHits(panel: Page): Promise<Array<{ title: string; marks: string[] }>> {
  return panel.$$eval('[data-testid=deep-search-hit]', (items) =>
    items.map((el) => ({ title: el.querySelector('.clip-title')?.textContent ?? '', marks: Array.from(el.querySelectorAll('mark')).map((m) => m.textContent ?? '') })),
  );
}

/** Waits until the results shown answer exactly `query` and none are listed (the empty state). */
async function nothingFound(panel: Page, query: string): Promise<void> {
  await poll(async () => ((await panel.$eval('[data-testid=search-results]', (el) => el.getAttribute('data-query')).catch(() => null)) === query && (await panel.$('[data-testid=search-empty]')) ? true : null), {
    message: `no regular result for "${query}"`,
  });
}

for (const name of uiScenarioBrowsers('firefox')) {
  describe(`${name}: the deep search in the side panel`, () => {
    const world = useWorld(name);
    let panel: Page;

    beforeAll(async () => {
      const { driver } = world();
      expect(LONG.text.indexOf(DEEP_WORD)).toBeGreaterThan(4_096);
      await saveArticle(driver, LONG);
      panel = await driver.openExtensionPage('sidepanel.html');
    });

    it('finds a word past the indexed text on demand, marks it, shows progress and opens the clip', async () => {
      const { driver } = world();
      // The regular search does not find it: only the first 4,096 characters are indexed.
      expect((await must(driver, 'search', { query: DEEP_WORD, offset: 0, limit: 5 })).total).toBe(0);
      await typeQuery(panel, DEEP_WORD);
      await nothingFound(panel, DEEP_WORD);
      await recordTexts(panel, '[data-testid=deep-search-progress]');
      const start = await poll(() => panel.$('[data-testid=deep-search-start]'), { message: 'the deep-search button' });
      expect(await start.evaluate((el) => el.textContent)).toBe('Search the whole text of long articles');
      // Keyboard: focus the button and press Enter.
      await start.focus();
      await panel.keyboard.press('Enter');
      await poll(() => panel.$('[data-testid=deep-search][data-phase=done]'), { timeout: 30_000, message: 'the deep search to finish' });
      const hits = await deepHits(panel);
      expect(hits.map((h) => h.title)).toEqual([LONG.title]);
      expect(hits[0]!.marks.map((m) => m.toLowerCase())).toEqual([DEEP_WORD]);
      expect(await text(panel, '[data-testid=deep-search-progress]')).toMatch(/^Searched the whole text of \d[\d,]* clips?: 1 more clip found\.$/);
      expect((await seenTexts(panel)).some((t) => /^Searched \d[\d,]* of \d[\d,]* clips…$/.test(t))).toBe(true);
      // The prefix while typing finds it too.
      await typeQuery(panel, DEEP_WORD.slice(0, 6));
      await poll(() => panel.$('[data-testid=deep-search][data-phase=idle]'), { message: 'a new query cancels the deep search back to its button' });
      await (await poll(() => panel.$('[data-testid=deep-search-start]'), { message: 'the deep-search button again' })).click();
      await poll(async () => ((await deepHits(panel)).some((h) => h.title === LONG.title) ? true : null), { timeout: 30_000, message: 'the clip found by its prefix' });
      // It opens like a result.
      await (await poll(() => panel.$('[data-testid=deep-search-hit]'), { message: 'the deep hit' })).click();
      await poll(() => panel.$('[data-testid=reader-title]'), { message: 'the reader' });
      expect(await text(panel, '[data-testid=reader-title]')).toBe(LONG.title);
      // Esc goes back to the search.
      await panel.keyboard.press('Escape');
      await poll(() => panel.$('[data-testid=search-input]'), { message: 'back to the search' });
    });

    it('pages through every content document with a cursor, each long clip once, through the protocol', async () => {
      const { driver } = world();
      const n = 120; // two content documents (100 articles each)
      for (let i = 0; i < n; i++) await saveArticle(driver, { host: `paging${i}.example`, title: `Paging clip ${i}`, text: `${FILLER}. The zanzibarite number ${i}.` });
      const seen: string[] = [];
      let cursor: string | null = null;
      let steps = 0;
      do {
        const step: DeepSearchStep = await must(driver, 'searchDeep', { query: 'zanzibarite', cursor, budgetMs: 10, maxDocs: 1 });
        seen.push(...step.hits.map((h) => h.clip.title));
        expect(step.hits.every((h) => h.snippet?.marks.length)).toBe(true);
        expect(step.scanned).toBeLessThanOrEqual(step.total);
        cursor = step.next;
        steps++;
      } while (cursor !== null && steps < 50);
      expect(cursor).toBeNull();
      expect(steps).toBeGreaterThan(1);
      expect(seen).toHaveLength(n);
      expect(new Set(seen).size).toBe(n);
    }, 120_000);

    it('stops when asked', async () => {
      await typeQuery(panel, '');
      await typeQuery(panel, `${DEEP_WORD} `);
      await nothingFound(panel, `${DEEP_WORD} `);
      await (await poll(() => panel.$('[data-testid=deep-search-start]'), { message: 'the deep-search button' })).click();
      // A small library may be searched before Stop is pressed: either way the search is over and says so.
      const stop = await panel.$('[data-testid=deep-search-stop]');
      await stop?.click().catch(() => undefined);
      await poll(() => panel.$('[data-testid=deep-search][data-phase=stopped], [data-testid=deep-search][data-phase=done]'), { message: 'the deep search stopped or done' });
      expect(await panel.$('[data-testid=deep-search-stop]')).toBeNull();
    });
  });
}
