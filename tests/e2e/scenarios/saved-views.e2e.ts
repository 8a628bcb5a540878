/**
 * Saved views in the real side panel: the list shown (the filter bar's state, the Sort menu, what
 * is typed) saved under a name, applied again from another list, renamed in a second panel (the
 * first follows), deleted and brought back with Undo, and kept after the background is killed.
 * The library: 30 Pocket rows imported through the options page (every 4th archived, row i saved
 * after row i − 1).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { uiScenarioBrowsers, type ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';
import { chooseState, importPocketRowsOnce, must, useWorld } from '../harness/steps';

const dir = mkdtempSync(join(tmpdir(), 'cp-views-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HOST = 'views.example';
const library = (driver: ExtensionDriver) => importPocketRowsOnce(driver, { dir, name: 'views.zip', host: HOST, rows: 30, perPart: 100 });

const chips = (panel: Page) => panel.$$eval('[data-testid=saved-view]', (els) => els.map((b) => ({ name: b.querySelector('.view-chip-name')?.textContent ?? '', pressed: b.getAttribute('aria-pressed') === 'true' })));
const chipsAre = (panel: Page, want: Array<{ name: string; pressed: boolean }>, message: string) =>
  poll(async () => JSON.stringify(await chips(panel)) === JSON.stringify(want), { timeout: 20_000, message, describe: async () => JSON.stringify(await chips(panel)) });
const hitIds = (panel: Page) => panel.$$eval('[data-testid=search-list] [data-testid=search-hit]', (els) => els.map((li) => li.getAttribute('data-clip-id')!));
/** What the list shows, for a timeout's message: the state pressed, the order, and the first hits' ids. */
const shown = async (panel: Page) => `state ${await pressedState(panel).catch(() => '?')}, order ${await sortOf(panel).catch(() => '?')}, hits ${(await hitIds(panel)).slice(0, 3).join(' ')}, list rows ${await panel.$$eval('[data-testid=clip-item]', (r) => r.length)}, search ${await panel.$eval('[data-testid=search-results]', (r) => `answered ${r.getAttribute('data-answered')}: ${r.textContent?.slice(0, 160)}`).catch(() => 'not shown')}`;
const pressedState = (panel: Page) => panel.$eval('[data-testid=filter-state][aria-pressed=true]', (b) => b.getAttribute('data-state'));
const sortOf = (panel: Page) => panel.$eval('[data-testid=search-sort]', (s) => (s as HTMLSelectElement).value);

/** Types `name` into the view name field (replacing what it holds) and submits it; `saved`: waits for the field to close. */
async function nameView(panel: Page, name: string, saved = true) {
  const input = await poll(() => panel.$('[data-testid=view-name]'), { message: 'the view name field' });
  await input.evaluate((el) => ((el as HTMLInputElement).value = '', el.dispatchEvent(new Event('input', { bubbles: true }))));
  await input.type(name);
  await panel.keyboard.press('Enter');
  if (saved) await poll(async () => !(await panel.$('[data-testid=view-form]')), { message: 'the name saved' });
}

for (const name of uiScenarioBrowsers('firefox')) {
  describe(`${name}: saved views`, () => {
    const world = useWorld(name);

    it('saves the list shown, applies it from another list, follows a rename made in another panel, deletes with undo, and keeps it over a killed background', async () => {
      const { driver } = world();
      await library(driver);
      const oldestArchived = (await must(driver, 'pageStatus', { url: `https://${HOST}/articles/0?ref=list` })).clip!.id;
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      await poll(() => panel.$('[data-testid=list-filters]'), { message: 'the filter bar' });
      // The default list: nothing to save, and no view yet.
      expect(await panel.$('[data-testid=saved-views]')).toBeNull();

      await chooseState(panel, 'archived');
      await panel.select('[data-testid=search-sort]', 'oldest');
      await poll(async () => (await hitIds(panel))[0] === oldestArchived, { timeout: 30_000, message: 'the archive, oldest first', describe: () => shown(panel) });
      await (await poll(() => panel.$('[data-testid=view-save]'), { message: 'Save view offered' })).click();
      expect(await panel.$eval('[data-testid=view-name]', (i) => (i as HTMLInputElement).value)).toBe('archived');
      await nameView(panel, 'Old archive');
      await chipsAre(panel, [{ name: 'Old archive', pressed: true }], 'the view saved and shown');
      expect(await panel.$('[data-testid=view-save]')).toBeNull();
      // Its count, as the filter bar counts the archive (every 4th of the 30 rows).
      await poll(async () => (await panel.$eval('[data-testid=view-count]', (c) => c.textContent)) === '8', { timeout: 20_000, message: 'the view counted' });

      // Another list: the view is not the one shown.
      await chooseState(panel, 'unread');
      await panel.select('[data-testid=search-sort]', 'relevance');
      await panel.type('[data-testid=search-input]', 'article');
      await chipsAre(panel, [{ name: 'Old archive', pressed: false }], 'another list shown');
      expect(await panel.$('[data-testid=view-save]')).not.toBeNull();

      // Applied: the words, the state and the order all come back.
      await panel.click('[data-testid=saved-view]');
      await poll(async () => (await pressedState(panel)) === 'archived' && (await sortOf(panel)) === 'oldest' && (await hitIds(panel))[0] === oldestArchived, { timeout: 30_000, message: 'the view applied', describe: () => shown(panel) });
      expect(await panel.$eval('[data-testid=search-input]', (i) => (i as HTMLInputElement).value)).toBe('');
      await chipsAre(panel, [{ name: 'Old archive', pressed: true }], 'the view shown again');

      // A second panel has it (the list it restores is the view); renamed there, the first panel follows.
      const other = await driver.openExtensionPage('sidepanel.html#clips');
      await chipsAre(other, [{ name: 'Old archive', pressed: true }], 'the view in a second panel');
      await other.click('[data-testid=view-rename]');
      expect(await other.$eval('[data-testid=view-name]', (i) => (i as HTMLInputElement).value)).toBe('Old archive');
      await nameView(other, 'Archive, oldest first');
      await chipsAre(panel, [{ name: 'Archive, oldest first', pressed: true }], 'the rename in the first panel');
      await other.close();

      // An empty name is refused with the reason.
      await panel.click('[data-testid=view-rename]');
      await nameView(panel, ' ', false);
      await poll(() => panel.$('[data-testid=view-error]'), { message: 'the empty name refused' });
      expect(await panel.$eval('[data-testid=view-error]', (p) => p.textContent)).toBe('A view needs a name.');
      await panel.keyboard.press('Escape');

      // Deleted, then brought back with Undo.
      await panel.click('[data-testid=view-delete]');
      await poll(async () => (await chips(panel)).length === 0 && (await panel.$('[data-testid=view-deleted]')), { message: 'the view deleted' });
      expect((await must(driver, 'listViews', {})).views).toEqual([]);
      await panel.click('[data-testid=view-undo]');
      await chipsAre(panel, [{ name: 'Archive, oldest first', pressed: true }], 'the view back');

      // Durable: the background killed, a new panel asks the new one.
      await driver.killBackground();
      const fresh = await driver.openExtensionPage('sidepanel.html#clips');
      await poll(async () => {
        const res = await driver.call('listViews', {});
        return res.ok && res.value.views.map((v) => v.name).join() === 'Archive, oldest first';
      }, { timeout: 20_000, message: 'the view after a restart' });
      await chipsAre(fresh, [{ name: 'Archive, oldest first', pressed: true }], 'the view in a panel after the restart');
      await fresh.close();
      await panel.close();
    });
  });
}
