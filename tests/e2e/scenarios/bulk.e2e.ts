/**
 * Changing many clips at once in the real side panel: rows marked by Ctrl- and Shift-clicks and
 * by keys (x, Shift+↓, Ctrl+A, Escape), then tagged, marked read, archived, untagged and deleted
 * with undo from the bar over the list; each change checked in the library (`getClipNote`) and in
 * the filter bar's counts; and in search results, every result marked (those not loaded too) and
 * tagged, those archived elsewhere meanwhile leaving the selection. The library: 80 Pocket rows imported through the options page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { uiScenarioBrowsers, type ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';
import { chooseState, importPocketRowsOnce, must, text, useWorld } from '../harness/steps';

const dir = mkdtempSync(join(tmpdir(), 'cp-bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The 80 Pocket rows, imported once per browser (each test calls it). */
const library = (driver: ExtensionDriver) => importPocketRowsOnce(driver, { dir, name: 'bulk.zip', host: 'bulk.example', rows: 80, perPart: 100 });

/** The rows drawn, in order: id and whether marked. */
const rows = (panel: Page) => panel.$$eval('[data-testid=clip-item]', (els) => els.map((li) => ({ id: li.getAttribute('data-clip-id')!, marked: li.getAttribute('data-marked') === 'true' })));
const markedIds = async (panel: Page) => (await rows(panel)).filter((r) => r.marked).map((r) => r.id);
const countShown = (panel: Page) => panel.$eval('[data-testid=bulk-count]', (el) => el.textContent ?? '').catch(() => null);

async function clickRow(panel: Page, index: number, modifier: 'Control' | 'Shift' | null): Promise<void> {
  if (modifier) await panel.keyboard.down(modifier);
  await panel.click(`[data-testid=clip-list] li[data-index="${index}"] .clip-title`);
  if (modifier) await panel.keyboard.up(modifier);
}

/** Clicks a state in the filter bar (and a tag, or none) and waits for that list, complete. */
async function showList(panel: Page, state: string, tag: string | null): Promise<void> {
  await chooseState(panel, state);
  // No tag: the menu is drawn once the library's tags are read, or while a tag is chosen; before that there is none to clear
  // (CI on 9cf7ff1 failed here: "No element found for selector: [data-testid=filter-tag]", the counts not read yet).
  if (tag !== null) {
    await poll(() => panel.$(`[data-testid=filter-tag] option[value="${tag}"]`), { message: `the tag ${tag} in the menu` });
    await panel.select('[data-testid=filter-tag]', tag);
  } else if (await panel.$('[data-testid=filter-tag]')) await panel.select('[data-testid=filter-tag]', '');
  await poll(() => panel.$(`[data-testid=clip-list][data-filter-state=${state}][data-filter-tag="${tag ?? ''}"][data-complete=true]`), { message: `the ${state} list ${tag ?? ''}` });
}

const clipOf = async (driver: ExtensionDriver, id: string) => (await must(driver, 'getClipNote', { clipId: id as never })).clip;

for (const name of uiScenarioBrowsers('firefox')) {
  describe(`${name}: changing many clips at once`, () => {
    const world = useWorld(name);

    it('marks rows by clicks and keys, then tags, reads, archives, untags and deletes them (with undo) in one go each', async () => {
      const { driver } = world();
      await library(driver);
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      await poll(() => panel.$('[data-testid=list-filters]'), { message: 'the filter bar' });
      await showList(panel, 'all', null);
      await poll(async () => (await rows(panel)).length >= 6, { message: 'a screen of rows' });

      // Ctrl-click one row, Shift-click a third further on: three marked, the bar says so.
      await clickRow(panel, 1, 'Control');
      await clickRow(panel, 3, 'Shift');
      await poll(async () => (await countShown(panel)) === '3 selected', { message: 'three rows marked', describe: async () => `${await countShown(panel)} ${JSON.stringify(await markedIds(panel))}` });
      const shown = await rows(panel);
      expect(await markedIds(panel)).toEqual(shown.slice(1, 4).map((r) => r.id));
      expect(await panel.evaluate(() => location.hash)).toBe('#clips'); // a marking click opens nothing
      // Escape unmarks; x and Shift+↓ mark again from the keyboard.
      await panel.keyboard.press('Escape');
      await poll(async () => (await panel.$('[data-testid=bulk-bar]')) === null && (await markedIds(panel)).length === 0, { message: 'nothing marked after Escape' });
      await panel.focus('[data-testid=clip-list] li[data-index="0"]');
      await panel.keyboard.press('x');
      await panel.keyboard.down('Shift');
      await panel.keyboard.press('ArrowDown');
      await panel.keyboard.press('ArrowDown');
      await panel.keyboard.up('Shift');
      await poll(async () => (await countShown(panel)) === '3 selected', { message: 'three rows marked by keys' });
      const chosen = await markedIds(panel);
      expect(chosen).toEqual(shown.slice(0, 3).map((r) => r.id));

      // A tag added to all three (the datalist offers the library's tags), then all marked read.
      const tag = `bulk-${Math.random().toString(36).slice(2, 7)}`;
      await panel.type('[data-testid=bulk-tag-input]', tag);
      await panel.keyboard.press('Enter');
      await poll(async () => (await text(panel, '[data-testid=bulk-message]').catch(() => '')).includes(`Tagged 3 clips “${tag}”`), { message: 'the tag added' });
      for (const id of chosen) expect((await clipOf(driver, id)).tags).toContain(tag);
      await panel.click('[data-testid=bulk-read]');
      await poll(async () => (await text(panel, '[data-testid=bulk-message]').catch(() => '')).includes('Marked 3 clips read'), { message: 'marked read' });
      for (const id of chosen) expect((await clipOf(driver, id)).readAt).not.toBeNull();

      // Archived: they leave "All", the bar goes with them, and the Archived count grows by three.
      const archivedBefore = (await must(driver, 'libraryFacets')).archived;
      await panel.click('[data-testid=bulk-archive]');
      await poll(async () => (await panel.$('[data-testid=bulk-bar]')) === null && !(await rows(panel)).some((r) => chosen.includes(r.id)), { message: 'the archived rows gone from All' });
      expect((await must(driver, 'libraryFacets')).archived).toBe(archivedBefore + 3);
      for (const id of chosen) expect((await clipOf(driver, id)).archivedAt).not.toBeNull();

      // Under Archived with the tag: Ctrl+A marks the three; the tag is removed from all of them.
      await showList(panel, 'archived', tag);
      await poll(async () => (await rows(panel)).length === 3, { message: 'the three under Archived' });
      await panel.focus('[data-testid=clip-list] li[data-index="0"]');
      await panel.keyboard.down('Control');
      await panel.keyboard.press('a');
      await panel.keyboard.up('Control');
      await poll(async () => (await countShown(panel)) === '3 selected', { message: 'all three marked by Ctrl+A' });
      await panel.click('[data-testid=bulk-untag]');
      await poll(async () => {
        for (const id of chosen) if ((await clipOf(driver, id)).tags.includes(tag)) return false;
        return true;
      }, { message: 'the tag removed from all three' });

      // Deleted together from Archived, with one undo bringing all three back.
      await showList(panel, 'archived', null);
      await poll(async () => (await rows(panel)).some((r) => r.id === chosen[0]), { message: 'the archived list with the three' });
      for (const id of chosen) {
        const i = (await rows(panel)).findIndex((r) => r.id === id);
        await clickRow(panel, i, 'Control');
      }
      await poll(async () => (await countShown(panel)) === '3 selected', { message: 'three archived rows marked' });
      await panel.click('[data-testid=bulk-delete]');
      await poll(async () => (await text(panel, '[data-testid=undo-bar]').catch(() => '')).includes('Deleted 3 clips.'), { message: 'the undo bar' });
      for (const id of chosen) expect((await clipOf(driver, id)).deletedAt).not.toBeNull();
      await panel.click('[data-testid=undo]');
      await poll(async () => {
        for (const id of chosen) if ((await clipOf(driver, id)).deletedAt !== null) return false;
        return true;
      }, { message: 'all three restored' });
      await poll(async () => (await rows(panel)).filter((r) => chosen.includes(r.id)).length === 3, { message: 'the three back in the list' });
      await panel.close();
    });

    it('in search results, marks the loaded results, then all of them (also those not loaded yet), and tags them in one go', async () => {
      const { driver } = world();
      await library(driver);
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      await poll(() => panel.$('[data-testid=search-input]'), { message: 'the search box' });
      await showList(panel, 'unread', null);
      await panel.type('[data-testid=search-input]', 'article');
      // Right after the import the search index may still be built: its results grow until it is done.
      await poll(async () => !!(await panel.$('[data-testid=search-list] [data-testid=search-hit]')) && !(await text(panel, '[data-testid=search-results]')).includes('Rebuilding'), { timeout: 60_000, message: 'search results, the index built' });
      // The results loaded (20, and 20 more as the end of the first page is drawn), once they stop growing.
      const loadedNow = () => panel.$eval('[data-testid=search-list]', (el) => (el.getAttribute('aria-busy') === 'true' ? -1 : Number(el.getAttribute('data-count'))));
      let loaded = -1;
      await poll(async () => {
        const before = await loadedNow();
        await new Promise((r) => setTimeout(r, 400));
        loaded = await loadedNow();
        return loaded > 0 && loaded === before;
      }, { message: 'the loaded results settled' });
      await panel.focus('[data-testid=search-list] li[data-index="0"]');
      await panel.keyboard.down('Control');
      await panel.keyboard.press('a');
      await panel.keyboard.up('Control');
      await poll(async () => (await countShown(panel)) === `${loaded} selected`, { message: 'the loaded results marked' });
      // More results than loaded (a page is 20): "Select all N" reads every result's id.
      const total = Number((await text(panel, '[data-testid=bulk-select-all]')).replace(/\D/g, ''));
      expect(total).toBeGreaterThan(loaded);
      await panel.click('[data-testid=bulk-select-all]');
      await poll(async () => (await countShown(panel)) === `${total} selected`, { message: `all ${total} results marked`, describe: async () => `${await countShown(panel)}` });
      // Three results not loaded are archived elsewhere (another panel, a synced change): out of
      // "Unread", they leave the results and the selection.
      const every = await must(driver, 'search', { query: 'article', offset: 0, limit: 200, filters: { state: 'unread', tag: null } });
      const gone = every.hits.slice(-3).map((h): string => h.clip.id);
      expect(every.hits.length).toBe(total);
      expect(await panel.$$eval('[data-testid=search-hit]', (els, gone) => els.filter((li) => gone.includes(li.getAttribute('data-clip-id')!)).length, gone)).toBe(0);
      await must(driver, 'organiseMany', { clipIds: gone as never, change: { archived: true } });
      await poll(async () => (await countShown(panel)) === `${total - 3} selected`, { message: `${total - 3} results marked after 3 left them`, describe: async () => `${await countShown(panel)}` });
      const tag = `found-${Math.random().toString(36).slice(2, 7)}`;
      await panel.type('[data-testid=bulk-tag-input]', tag);
      await panel.click('[data-testid=bulk-tag-add]');
      await poll(async () => (await text(panel, '[data-testid=bulk-message]').catch(() => '')).includes(`Tagged ${total - 3} clips “${tag}”`), { message: 'the tag added to every result' });
      expect((await must(driver, 'libraryFacets')).tags.find((t) => t.tag === tag)?.count).toBe(total - 3);
      // Escape unmarks them all.
      await panel.keyboard.press('Escape');
      await poll(async () => (await panel.$('[data-testid=bulk-bar]')) === null, { message: 'nothing marked after Escape' });
      await panel.close();
    });
  });
}
