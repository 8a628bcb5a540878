/**
 * The list as cards, in the real side panel: the layout switch beside the order, a grid whose
 * columns follow the panel's width, cards led by a picture or their site's initial, the keyboard
 * in two dimensions (↓/↑ a grid row, ←/→ and j/k one card), Enter opening the reader and the way
 * back, the choice kept for the next open, cards for the list ordered through the search (nothing
 * typed) and rows again once words are typed, and marks kept across a switch. The library: 30 Pocket rows imported through the
 * options page (every 4th archived).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { uiScenarioBrowsers } from '../harness/driver';
import { poll } from '../harness/poll';
import { chooseState, importPocketRowsOnce, useWorld } from '../harness/steps';

const dir = mkdtempSync(join(tmpdir(), 'cp-cards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HOST = 'cards.example';

/** Where the first `n` drawn items stand: their index, left and top edges, width. */
const boxes = (panel: Page, list: string, n: number) =>
  panel.$$eval(
    `[data-testid=${list}] li[data-index]`,
    (els, n) =>
      els
        .map((li) => ({ i: Number(li.getAttribute('data-index')), ...((r) => ({ left: Math.round(r.left), top: Math.round(r.top), width: Math.round(r.width) }))(li.getBoundingClientRect()) }))
        .sort((a, b) => a.i - b.i)
        .slice(0, n),
    n,
  );
/** How many columns the first row of the grid has. */
const columns = async (panel: Page, list = 'clip-list') => {
  const b = await boxes(panel, list, 8);
  return b.filter((x) => x.top === b[0]!.top).length;
};
/** The index of the item that takes focus in the list (the selected one). */
const selected = (panel: Page) => panel.$eval('[data-testid=clip-list] li[tabindex="0"]', (li) => Number(li.getAttribute('data-index')));

for (const name of uiScenarioBrowsers('firefox')) {
  describe(`${name}: the list as cards`, () => {
    const world = useWorld(name);

    it('a grid of cards from the switch beside the order: columns by width, keys in two dimensions, Enter and back, kept; search results with words stay rows', async () => {
      const { driver } = world();
      await importPocketRowsOnce(driver, { dir, name: 'cards.zip', host: HOST, rows: 30, perPart: 100 });
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      await panel.setViewport({ width: 420, height: 760 });
      await poll(() => panel.$('[data-testid=layout-toggle]'), { message: 'the layout switch' });
      await chooseState(panel, 'all');
      await poll(async () => (await panel.$$('[data-testid=clip-item]')).length >= 8, { message: 'the rows' });
      expect(await panel.$eval('[data-testid=layout-toggle]', (b) => b.getAttribute('aria-pressed'))).toBe('false');
      expect(await columns(panel)).toBe(1);

      await panel.click('[data-testid=layout-toggle]');
      await poll(() => panel.$('[data-testid=clip-list].clip-cards [data-testid=clip-item] .card'), { message: 'cards' });
      expect(await panel.$eval('[data-testid=layout-toggle]', (b) => b.getAttribute('aria-pressed'))).toBe('true');
      // Two columns in a 420 px panel, lined up in rows: 0 and 1 side by side, 2 under 0.
      await poll(async () => (await columns(panel)) === 2, { message: 'two columns', describe: async () => JSON.stringify(await boxes(panel, 'clip-list', 4)) });
      const [a, b, c] = await boxes(panel, 'clip-list', 3);
      expect(b!.left).toBeGreaterThan(a!.left + a!.width / 2);
      expect(c!.left).toBe(a!.left);
      expect(c!.top).toBeGreaterThan(a!.top);
      // No picture saved for these links: each card shows its site's initial.
      expect(await panel.$eval('[data-testid=clip-item] .card-initial', (el) => el.textContent)).toBe('C');

      // The keyboard: → the next card, ↓ the card under it, ← back one, j/k one in reading order, ↑ on the first row to the search box.
      await panel.focus('[data-testid=clip-list] li[data-index="0"]');
      for (const [key, at] of [['ArrowRight', 1], ['ArrowDown', 3], ['ArrowLeft', 2], ['j', 3], ['k', 2], ['ArrowUp', 0]] as const) {
        await panel.keyboard.press(key);
        await poll(async () => (await selected(panel)) === at, { message: `${key} to card ${at}`, describe: async () => String(await selected(panel)) });
      }
      await panel.keyboard.press('ArrowUp');
      await poll(() => panel.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'search-input'), { message: 'the search box, from the first row' });

      // Enter opens the reader; back, the cards again.
      await panel.focus('[data-testid=clip-list] li[data-index="1"]');
      const id = await panel.$eval('[data-testid=clip-list] li[data-index="1"]', (li) => li.getAttribute('data-clip-id'));
      await panel.keyboard.press('Enter');
      await poll(async () => (await panel.evaluate(() => location.hash)) === `#clip=${id}`, { message: 'the reader' });
      await panel.goBack();
      await poll(() => panel.$('[data-testid=clip-list].clip-cards .card'), { message: 'the cards, back from the reader' });

      // Kept: a panel opened again shows cards; narrower, one column; wider, three.
      const again = await driver.openExtensionPage('sidepanel.html#clips');
      await again.setViewport({ width: 300, height: 700 });
      await poll(() => again.$('[data-testid=clip-list].clip-cards .card'), { message: 'cards in a panel opened again' });
      await poll(async () => (await columns(again)) === 1, { message: 'one column at 300 px', describe: async () => JSON.stringify(await boxes(again, 'clip-list', 3)) });
      await again.setViewport({ width: 520, height: 700 });
      await poll(async () => (await columns(again)) === 3, { message: 'three columns at 520 px', describe: async () => JSON.stringify(await boxes(again, 'clip-list', 4)) });
      await again.close();

      // Ordered through the search with nothing typed: cards too. Words typed: rows, with their passage.
      await panel.select('[data-testid=search-sort]', 'oldest');
      await poll(() => panel.$('[data-testid=search-list].clip-cards [data-testid=search-hit] .card'), { timeout: 60_000, message: 'the oldest first, as cards' });
      expect(await panel.$('[data-testid=layout-toggle]')).not.toBeNull();
      await panel.type('[data-testid=search-input]', 'article');
      await poll(async () => (await panel.$('[data-testid=search-results][data-query=article] [data-testid=search-hit]')) && !(await panel.$('[data-testid=search-list].clip-cards')), { timeout: 60_000, message: 'results for words, as rows' });
      expect(await panel.$('[data-testid=layout-toggle]')).toBeNull();
      await panel.keyboard.press('Escape');
      await panel.select('[data-testid=search-sort]', 'relevance');

      // Back to rows, and kept so. A card marked stays marked in rows: the same list, drawn another way.
      await poll(() => panel.$('[data-testid=clip-list].clip-cards'), { message: 'the list as cards again' });
      await panel.focus('[data-testid=clip-list] li[data-index="2"]');
      await panel.keyboard.press('x');
      const marked = await poll(() => panel.$eval('[data-testid=clip-list] li[data-marked=true]', (li) => li.getAttribute('data-clip-id')).catch(() => null), { message: 'a card marked' });
      await panel.click('[data-testid=layout-toggle]');
      await poll(async () => !(await panel.$('[data-testid=clip-list].clip-cards')) && (await columns(panel)) === 1, { message: 'rows again' });
      expect(await panel.$eval('[data-testid=bulk-count]', (el) => el.textContent)).toBe('1 selected');
      expect(await panel.$$eval('[data-testid=clip-list] li[data-marked=true]', (els) => els.map((li) => li.getAttribute('data-clip-id')))).toEqual([marked]);
      await panel.click('[data-testid=bulk-clear]');
      await poll(async () => !(await panel.$('[data-testid=bulk-bar]')), { message: 'nothing marked' });
      const last = await driver.openExtensionPage('sidepanel.html#clips');
      await poll(async () => (await last.$$('[data-testid=clip-item]')).length > 0, { message: 'a panel opened again' });
      expect(await last.$('[data-testid=clip-list].clip-cards')).toBeNull();
      await Promise.all([last.close(), panel.close()]);
    });
  });
}
