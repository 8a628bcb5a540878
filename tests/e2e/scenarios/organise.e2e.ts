/**
 * Organising the library in the real side panel, in Chromium (`uiScenarioBrowsers`), across 1,000 clips (a Pocket
 * export imported through the options page: every 3rd row tagged "news" and "topic-N", every 4th
 * archived): the filter bar's counts against the library's, filtering by tag and by state; tagging
 * in the reader with the autocomplete, and a tag over 200 characters refused with its message;
 * archiving (the clip leaves the list for Archived); a favourite and a note that survive a stopped
 * background; renaming and merging a tag in the Tags view, the list and counts following; deleting
 * one. The virtualised list: scrolled to the end of the library the DOM holds fewer than 100 rows,
 * each the one the index puts at its position; Home, End, PageUp/PageDown, j and ↑ select rows that
 * were not drawn; End then Enter opens the last clip; a panel reopened without a view comes back to
 * that reader, and to the list where it was left (scrolled there, the clip selected and focused).
 * Search results are virtualised too and ask for more at their end. Each test sets the filter it
 * needs (from the list's top) and uses its own page or tags, so any order passes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { uiScenarioBrowsers, type ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';
import { chooseState, clickSave, importPocketRowsOnce, must, openPopupFor, text, useWorld, type World } from '../harness/steps';

const dir = mkdtempSync(join(tmpdir(), 'cp-organise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLIPS = 1_000;
const HOST = 'organise.example';
const NEWS = Math.ceil(CLIPS / 3);
/** The 1,000 Pocket rows, imported once per browser (every test calls it; the first one waits). */
const library = (driver: ExtensionDriver) => importPocketRowsOnce(driver, { dir, name: 'organise.zip', host: HOST, rows: CLIPS, perPart: 250, timeoutMs: 240_000 });

/** The id of imported row `i`. */
async function importedId(driver: ExtensionDriver, i: number): Promise<string> {
  return (await must(driver, 'pageStatus', { url: `https://${HOST}/articles/${i}?ref=list` })).clip!.id;
}

/** Saves a fixture page; returns its clip id. */
async function saveFixture({ driver, site }: World, path: string): Promise<string> {
  const page = await driver.openPage(site.url(path));
  const out = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
  await page.close();
  return out.clip.id;
}

/** Opens the side panel's reader on a clip. */
async function openReader(driver: ExtensionDriver, clipId: string): Promise<Page> {
  const panel = await driver.openExtensionPage(`sidepanel.html#clip=${clipId}`);
  await poll(() => panel.$('[data-testid=reader] [data-testid=tag-input]'), { message: 'the reader with its tag editor' });
  return panel;
}

/** Sets the list's filter by clicking, and waits until the list shows it. */
async function showList(panel: Page, state: string, tag: string | null): Promise<void> {
  await poll(() => panel.$('[data-testid=list-filters]'), { message: 'the filter bar' });
  await chooseState(panel, state);
  if (tag !== null) {
    await poll(() => panel.$(`[data-testid=filter-tag] option[value="${tag}"]`), { message: `the tag ${tag} in the menu` });
    await panel.select('[data-testid=filter-tag]', tag);
  } else if (await panel.$('[data-testid=filter-tag]')) await panel.select('[data-testid=filter-tag]', '');
  await poll(
    () => panel.$(`[data-testid=clip-list][data-filter-state=${state}][data-filter-tag="${tag ?? ''}"], [data-testid=empty-list][data-state=${state}][data-tag="${tag ?? ''}"]`),
    { message: `the list filtered by ${state} ${tag ?? ''}` },
  );
  // From its top (a list comes back scrolled where it was left, once it is read whole).
  if (await panel.$('[data-testid=clip-list]')) {
    await poll(() => panel.$eval('[data-testid=clip-list]', (el) => ((el.scrollTop = 0), el.getAttribute('data-complete') === 'true' && !!el.querySelector('li[data-index="0"]'))), { message: 'the list at its top' });
  }
}

/** The rows shown: id, tags, archived, favourite. */
const rowsShown = (panel: Page) =>
  panel.$$eval('[data-testid=clip-item]', (els) =>
    els.map((li) => ({
      id: li.getAttribute('data-clip-id')!,
      tags: [...li.querySelectorAll('[data-testid=clip-tag]')].map((t) => t.textContent ?? ''),
      archived: li.getAttribute('data-archived') === 'true',
      favorite: li.getAttribute('data-favorite') === 'true',
      note: !!li.querySelector('[data-testid=clip-note]'),
    })),
  );

/** The counts the filter bar shows, per state. */
const stateCounts = (panel: Page) =>
  panel.$$eval('[data-testid=filter-state]', (els) => Object.fromEntries(els.map((b) => [b.getAttribute('data-state'), (b.querySelector('[data-testid=state-count]')?.textContent ?? '').replace(/\D/g, '')])));

/** What the counts must be, from the library's own (`libraryFacets`). */
async function expectedCounts(driver: ExtensionDriver): Promise<Record<string, string>> {
  const f = await must(driver, 'libraryFacets');
  return { unread: String(f.unread), reading: String(f.reading ?? 0), all: String(f.all - f.archived), favorites: String(f.favorites), archived: String(f.archived) };
}

/** Waits until the filter bar's counts are the library's. */
async function countsMatch(driver: ExtensionDriver, panel: Page): Promise<Record<string, string>> {
  let want: Record<string, string> = {};
  await poll(async () => {
    want = await expectedCounts(driver);
    return JSON.stringify(await stateCounts(panel)) === JSON.stringify(want);
  }, { timeout: 15_000, message: 'the filter bar counts to be the library counts', describe: async () => `shown ${JSON.stringify(await stateCounts(panel))}, library ${JSON.stringify(want)}` });
  return want;
}

/** The count the tag menu shows for `tag`, or null when it is not there. */
const tagOptionCount = (panel: Page, tag: string) =>
  panel.$eval(`[data-testid=filter-tag] option[value="${tag}"]`, (o) => Number(o.getAttribute('data-count'))).catch(() => null);

const rand = () => Math.random().toString(36).slice(2, 8);

/** The length of the list shown (the whole filter's, once its ids are read), or null before. */
const listLength = (panel: Page) =>
  panel.$eval('[data-testid=clip-list]', (el) => (el.getAttribute('data-complete') === 'true' ? Number(el.getAttribute('data-count')) : null)).catch(() => null);

/** The ids the list in a filter must show, in order, read from the index database on its own (newest first, ties by id, as IndexedDB orders them). */
const expectedOrder = (panel: Page, state: string, tag: string | null) =>
  panel.evaluate(
    (state, tag) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('commonplace-index');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('clips').objectStore('clips').getAll();
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            type Row = { id: string; live: number; savedAt: number; archivedAt: number | null; readAt: number | null; favoriteAt: number | null; tags: string[] };
            const keep = (r: Row) =>
              r.live === 1 &&
              (tag === null || r.tags.includes(tag)) &&
              (state === 'archived' ? r.archivedAt !== null : state === 'favorites' ? r.favoriteAt !== null : state === 'unread' ? r.archivedAt === null && r.readAt === null : r.archivedAt === null);
            const rows = (req.result as Row[]).filter(keep).sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
            db.close();
            resolve(rows.map((r) => r.id));
          };
        };
      }),
    state,
    tag,
  );

/** Rows in the list's DOM (drawn ones and placeholders). */
const domRows = (panel: Page) => panel.$$eval('[data-testid=clip-list] li', (els) => els.length);

/** The focused row: its clip id and its position in the whole list (1-based). */
const focusedRow = (panel: Page) =>
  panel.evaluate(() => {
    const el = document.activeElement;
    return el?.tagName === 'LI' ? { id: el.getAttribute('data-clip-id'), pos: Number(el.getAttribute('aria-posinset')) } : null;
  });

/** Whether a row is drawn and inside the list's visible box. */
const rowInView = (panel: Page, id: string) =>
  panel.evaluate((id) => {
    const list = document.querySelector('[data-testid=clip-list]');
    const li = list?.querySelector(`li[data-clip-id="${id}"]`);
    if (!list || !li) return false;
    const a = list.getBoundingClientRect();
    const b = li.getBoundingClientRect();
    return b.bottom > a.top + 1 && b.top < a.bottom - 1;
  }, id);

for (const name of uiScenarioBrowsers('chromium')) {
  describe(`${name}: organising 1,000 clips`, () => {
    const world = useWorld(name);

    it('shows the counts per state and tag, and filters the list by tag and by state', async () => {
      const { driver } = world();
      await library(driver);
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      await showList(panel, 'all', null);
      const counts = await countsMatch(driver, panel);
      expect(Number(counts.all)).toBeGreaterThanOrEqual(CLIPS * 0.75);
      expect(Number(counts.archived)).toBeGreaterThanOrEqual(CLIPS / 4);
      // A tag's count is the length of the list choosing it gives: in "All", its clips not archived.
      const newsInAll = (await expectedOrder(panel, 'all', 'news')).length;
      expect(newsInAll).toBeGreaterThan(NEWS / 2);
      expect(newsInAll).toBeLessThan(NEWS);
      await poll(async () => (await tagOptionCount(panel, 'news')) === newsInAll, { message: `"news (${newsInAll})" in the tag menu` });
      // Most used first.
      const menu = await panel.$$eval('[data-testid=filter-tag] option', (os) => os.map((o) => Number(o.getAttribute('data-count') ?? Infinity)));
      expect(menu.slice(1)).toEqual([...menu.slice(1)].sort((a, b) => b - a));

      // All (not archived) with "news": a screenful drawn of the whole list, every one tagged and none archived.
      await showList(panel, 'all', 'news');
      await poll(async () => (await rowsShown(panel)).length >= 5, { message: 'a screen of news clips' });
      for (const r of await rowsShown(panel)) expect([r.tags.includes('news'), r.archived]).toEqual([true, false]);
      // Combined with Archived: only archived ones with the tag.
      await showList(panel, 'archived', 'news');
      await poll(async () => (await rowsShown(panel)).length >= 5 && (await rowsShown(panel)).every((r) => r.archived), { message: 'a screen of archived news clips' });
      for (const r of await rowsShown(panel)) expect([r.tags.includes('news'), r.archived]).toEqual([true, true]);
      // The list's length is the whole filter's, however few rows are drawn.
      await poll(async () => (await listLength(panel)) === (await expectedOrder(panel, 'archived', 'news')).length, { message: 'the archived news list complete' });
      // A tag on 3 clips of which one is archived and one a favourite: each list shows exactly its own.
      const tag = `trio-${rand()}`;
      const ids = [await importedId(driver, 1), await importedId(driver, 8), await importedId(driver, 13)];
      for (const id of ids) await must(driver, 'setTags', { clipId: id, tags: [tag] });
      await must(driver, 'setArchived', { clipId: ids[1]!, archived: true });
      await must(driver, 'setFavorite', { clipId: ids[2]!, favorite: true });
      // The counts come from \`libraryFacets\`, asked again at most every 700 ms while the index changes, so
      // they can show a state between the writes after the list itself is current: with rows 1 and 8 tagged
      // (8 archived by the import), "1" under Archived and "1" under All. Each count is waited for, never read once.
      // The bar is on Archived (and news): the menu counts the tag's one archived clip, as that list holds it.
      await poll(async () => (await tagOptionCount(panel, tag)) === 1, { message: `"${tag} (1)" in the menu under Archived` });
      const shown = async (state: string) => (await showList(panel, state, tag), poll(async () => {
        const rows = await rowsShown(panel);
        return rows.length > 0 || (await panel.$('[data-testid=empty-list]')) ? rows.map((r) => r.id).sort() : null;
      }, { message: `the ${state} list of ${tag}` }));
      expect(await shown('all')).toEqual([ids[0], ids[2]].sort());
      await poll(async () => (await tagOptionCount(panel, tag)) === 2, { message: `"${tag} (2)" in the menu under All`, describe: async () => `shown ${await tagOptionCount(panel, tag)}` });
      expect(await shown('archived')).toEqual([ids[1]]);
      expect(await shown('favorites')).toEqual([ids[2]]);
      // With the tag chosen, each state counts its clips with the tag; and the tag, in each state, its clips there.
      const unread = (await shown('unread')).length;
      const want = { unread: String(unread), reading: '0', all: '2', favorites: '1', archived: '1' };
      await poll(async () => JSON.stringify(await stateCounts(panel)) === JSON.stringify(want), { message: `the counts of ${tag} per state`, describe: async () => JSON.stringify(await stateCounts(panel)) });
      await poll(async () => (await tagOptionCount(panel, tag)) === unread, { message: `"${tag} (${unread})" in the menu under Unread` });
      await showList(panel, 'all', null);
      await panel.close();
    });

    it('a virtualised list: scrolled to the end of the library the DOM holds a bounded number of rows; keys reach any row; a reopened panel comes back to the reader and to the list where it was left', async () => {
      const { driver } = world();
      await library(driver);
      let panel = await driver.openExtensionPage('sidepanel.html#clips');
      await showList(panel, 'all', null);
      const order = await expectedOrder(panel, 'all', null);
      expect(order.length).toBeGreaterThan(CLIPS / 2);
      await poll(async () => (await listLength(panel)) === order.length, { message: `a list of ${order.length} clips` });
      // The scrollbar is the whole list's: about a hundred pixels a row.
      const sizes = await panel.$eval('[data-testid=clip-list]', (el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
      expect(sizes.scroll).toBeGreaterThan(order.length * 50);

      // Scrolled through to the end, as a wheel would: never more than a screen and its margins in the DOM.
      let most = 0;
      for (let step = 1; step <= 12; step++) {
        await panel.$eval('[data-testid=clip-list]', (el, f) => void (el.scrollTop = el.scrollHeight * f), step / 12);
        await poll(async () => (await panel.$$('[data-testid=clip-list] [data-testid=clip-placeholder]')).length === 0 && (await domRows(panel)) > 0, {
          message: `rows drawn at step ${step}`,
          describe: async () => `${JSON.stringify(await panel.$$eval('[data-testid=clip-list] li', (els) => els.map((li) => `${li.getAttribute('aria-posinset')}:${li.getAttribute('data-testid')}`)))} ${await panel.$eval('[data-testid=clip-list]', (el) => `${el.scrollTop}/${el.scrollHeight}/${el.getAttribute('data-count')}`)}`,
        });
        most = Math.max(most, await domRows(panel));
      }
      expect(most).toBeLessThan(100);
      await poll(() => rowInView(panel, order.at(-1)!), { message: 'the last clip in view at the end' });
      // Every drawn row is the one the index puts at its position.
      const drawn = await panel.$$eval('[data-testid=clip-item]', (els) => els.map((li) => [Number(li.getAttribute('aria-posinset')), li.getAttribute('data-clip-id')] as const));
      for (const [pos, id] of drawn) expect(id).toBe(order[pos - 1]);

      // Keys: Home, End, PageDown, j and k select rows that were not drawn, scrolling them into view.
      await panel.$eval('[data-testid=clip-list]', (el) => void (el.scrollTop = 0));
      await poll(() => panel.$(`[data-testid=clip-item][data-clip-id="${order[0]}"]`), { message: 'the top row' });
      await panel.focus(`[data-testid=clip-item][data-clip-id="${order[0]}"]`);
      await panel.keyboard.press('End');
      await poll(async () => (await focusedRow(panel))?.id === order.at(-1), { message: 'End selects the last clip' });
      expect(await focusedRow(panel)).toEqual({ id: order.at(-1), pos: order.length });
      await poll(() => rowInView(panel, order.at(-1)!), { message: 'the last clip scrolled into view' });
      expect(await domRows(panel)).toBeLessThan(100);
      await panel.keyboard.press('Home');
      await poll(async () => (await focusedRow(panel))?.pos === 1, { message: 'Home selects the first clip' });
      await panel.keyboard.press('PageDown');
      await poll(async () => ((await focusedRow(panel))?.pos ?? 0) > 2, { message: 'PageDown moves a screen' });
      const paged = (await focusedRow(panel))!.pos;
      await panel.keyboard.press('j');
      await poll(async () => (await focusedRow(panel))?.pos === paged + 1, { message: 'j moves down one' });
      await panel.keyboard.press('ArrowUp');
      await poll(async () => (await focusedRow(panel))?.pos === paged, { message: '↑ moves up one' });
      await panel.keyboard.press('PageUp');
      await poll(async () => (await focusedRow(panel))?.pos === 1 || (await focusedRow(panel))!.pos < paged, { message: 'PageUp moves back' });
      // End, then Enter opens the last clip.
      await panel.keyboard.press('End');
      await poll(async () => (await focusedRow(panel))?.id === order.at(-1), { message: 'End again' });
      await panel.keyboard.press('Enter');
      await poll(() => panel.$(`[data-testid=reader][data-clip-id="${order.at(-1)}"]`), { message: 'the last clip in the reader' });
      await panel.close();

      // Reopened as the browser opens it (no view named): the reader, on that clip.
      panel = await driver.openExtensionPage('sidepanel.html');
      await poll(() => panel.$(`[data-testid=reader][data-clip-id="${order.at(-1)}"]`), { message: 'the reader restored on reopen' });
      // Back: the list where it was left, the clip selected and in view.
      await panel.click('[data-testid=back]');
      await poll(async () => (await rowInView(panel, order.at(-1)!)) && (await focusedRow(panel))?.id === order.at(-1), {
        message: 'the list back at the last clip, selected',
        describe: async () =>
          `in view ${await rowInView(panel, order.at(-1)!)}, focused ${JSON.stringify(await focusedRow(panel))}, active ${await panel.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}, list ${await panel.$eval('[data-testid=clip-list]', (el) => `${el.scrollTop}/${el.scrollHeight}/${el.clientHeight}`)}, saved ${await panel.evaluate(() => localStorage.getItem('commonplace-list-position'))}`,
      });

      // Left in the middle, with a clip selected: reopened there.
      const mid = Math.floor(order.length / 2);
      await panel.$eval('[data-testid=clip-list]', (el, f) => void (el.scrollTop = el.scrollHeight * f), mid / order.length);
      // A row wholly in view with filled rows after it (under load the rows of the old range can
      // still be in the DOM for a moment after the scroll, and the new ones still placeholders).
      const chosen = await poll(
        () =>
          panel.evaluate(() => {
            const list = document.querySelector('[data-testid=clip-list]')!;
            const box = list.getBoundingClientRect();
            const rows = [...list.querySelectorAll<HTMLElement>('[data-testid=clip-item]')].filter((li) => {
              const r = li.getBoundingClientRect();
              return r.top >= box.top && r.bottom <= box.bottom;
            });
            rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
            return rows.length >= 4 ? rows[1]!.getAttribute('data-clip-id') : null;
          }),
        { message: 'rows in the middle' },
      );
      await panel.focus(`[data-testid=clip-item][data-clip-id="${chosen}"]`);
      await panel.keyboard.press('j');
      const selected = order[order.indexOf(chosen) + 1]!;
      await poll(async () => (await focusedRow(panel))?.id === selected, { message: 'a clip selected in the middle' });
      await panel.close();
      panel = await driver.openExtensionPage('sidepanel.html');
      await poll(async () => (await rowInView(panel, selected)) && (await focusedRow(panel))?.id === selected, { message: 'the list reopened in the middle, the clip selected and focused' });
      expect(await panel.$eval('[data-testid=clip-list]', (el) => el.getAttribute('data-filter-state'))).toBe('all');
      expect(await domRows(panel)).toBeLessThan(100);
      // And ↓ goes on from there.
      await panel.keyboard.press('ArrowDown');
      await poll(async () => (await focusedRow(panel))?.id === order[order.indexOf(selected) + 1], { message: '↓ after the reopen' });

      // Left at the top again, for the other tests.
      await panel.keyboard.press('Home');
      await poll(async () => (await focusedRow(panel))?.pos === 1, { message: 'back to the top' });
      await panel.close();
    });

    it('going back and forth between the list and search reads the whole list once, not at every return (search p95 at 10,000 clips)', async () => {
      const { driver } = world();
      await library(driver);
      // Left with a query in the box, so that the panel reopens on the search, not on the list.
      let panel = await driver.openExtensionPage('sidepanel.html#clips');
      await poll(() => panel.$('[data-testid=search-input]'), { message: 'the search box' });
      await panel.type('[data-testid=search-input]', 'news');
      await poll(() => panel.$('[data-testid=search-results], [data-testid=search-empty]'), { message: 'results' });
      await panel.close();
      panel = await driver.openExtensionPage('sidepanel.html#clips');
      await poll(() => panel.$eval('[data-testid=search-input]', (i) => (i as HTMLInputElement).value === 'news').catch(() => null), { message: 'the query restored' });
      const reads = () => panel.evaluate(() => performance.getEntriesByName('cp-list-read-start').length);
      // Each time: a query, then the box emptied (the list comes back and starts reading the whole
      // list), then a query typed as soon as that read started, so the list goes away before it ends.
      const cycles = 6;
      const counts: number[] = [];
      for (let i = 0; i < cycles; i++) {
        await panel.evaluate(async (q) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid=search-input]')!;
          const set = (v: string) => ((input.value = v), input.dispatchEvent(new Event('input', { bubbles: true })));
          const w = window as unknown as { __cpSearchRenderedAt?: { query: string; at: number } };
          const results = async (t0: number) => {
            while (!(w.__cpSearchRenderedAt?.query === q && w.__cpSearchRenderedAt.at >= t0)) await new Promise((r) => setTimeout(r, 5));
          };
          const n = performance.getEntriesByName('cp-list-read-start').length;
          set('');
          const t0 = performance.now();
          while (performance.getEntriesByName('cp-list-read-start').length === n && performance.now() - t0 < 300) await new Promise((r) => setTimeout(r, 0));
          set(q);
          await results(t0);
        }, `news ${i}`);
        counts.push(await reads());
      }
      // Read once, and kept though the list was gone before the read ended: no read at the later returns
      // (no index write meanwhile). Before, every return read it again.
      expect(counts.at(-1)! - counts[0]!, JSON.stringify(counts)).toBeLessThanOrEqual(1);
      // The box left empty: the other tests open on the list.
      await panel.$eval('[data-testid=search-input]', (i) => ((i as HTMLInputElement).value = '', i.dispatchEvent(new Event('input', { bubbles: true }))));
      await poll(() => panel.evaluate(() => localStorage.getItem('commonplace-search-query') === null), { message: 'the query cleared' });
      await panel.close();
    });

    it('search results are a virtualised list too: more are asked for at the end, the DOM stays bounded', async () => {
      const { driver } = world();
      await library(driver);
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      await showList(panel, 'all', null);
      await panel.type('[data-testid=search-input]', 'article');
      const count = () => panel.$eval('[data-testid=search-list]', (el) => Number(el.getAttribute('data-count'))).catch(() => 0);
      await poll(async () => (await count()) >= 20, { timeout: 60_000, message: 'search results' });
      let most = 0;
      for (let i = 0; i < 40 && (await count()) < 100; i++) {
        await panel.$eval('[data-testid=search-list]', (el) => void (el.scrollTop = el.scrollHeight));
        await new Promise((r) => setTimeout(r, 150));
        most = Math.max(most, await panel.$$eval('[data-testid=search-list] li', (els) => els.length));
      }
      expect(await count()).toBeGreaterThanOrEqual(100);
      expect(most).toBeLessThan(100);
      // ↑ on the first result goes back to the search box, which empties with Escape: the list again.
      await panel.$eval('[data-testid=search-list]', (el) => void (el.scrollTop = 0));
      await poll(() => panel.$('[data-testid=search-hit][aria-posinset="1"]'), { message: 'the first result' });
      await panel.focus('[data-testid=search-hit][aria-posinset="1"]');
      await panel.keyboard.press('k');
      expect(await panel.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-input');
      await panel.keyboard.press('Escape');
      await poll(() => panel.$('[data-testid=clip-list]'), { message: 'the list again' });
      await panel.close();
    });

    it('tags a clip in the reader: the autocomplete offers an existing tag; a tag over 200 characters is refused with its message', async () => {
      const w = world();
      await library(w.driver);
      const clipId = await saveFixture(w, '/article.html');
      await must(w.driver, 'setTags', { clipId, tags: [] });
      const panel = await openReader(w.driver, clipId);
      await panel.click('[data-testid=tag-input]');
      await panel.type('[data-testid=tag-input]', 'opic-3');
      await poll(() => panel.$('[data-testid=tag-option][data-tag=topic-3]'), { message: 'topic-3 offered' });
      await panel.keyboard.press('ArrowDown');
      await panel.keyboard.press('Enter');
      await poll(() => panel.$('[data-testid=tag-chip][data-tag=topic-3]'), { message: 'the topic-3 chip' });
      expect(await panel.$eval('[data-testid=tag-input]', (i) => (i as HTMLInputElement).value)).toBe('');
      // A new tag, typed and ended with a comma.
      const own = `mine-${rand()}`;
      await panel.type('[data-testid=tag-input]', `${own},`);
      await poll(() => panel.$(`[data-testid=tag-chip][data-tag="${own}"]`), { message: 'the new tag chip' });
      expect((await must(w.driver, 'getClip', { clipId })).tags.sort()).toEqual([own, 'topic-3'].sort());

      // Over 200 characters: refused, the message shown, what was typed kept, the tags unchanged.
      const long = 'x'.repeat(201);
      await panel.$eval('[data-testid=tag-input]', (i, v) => {
        (i as HTMLInputElement).value = v;
        i.dispatchEvent(new Event('input', { bubbles: true }));
      }, long);
      await panel.focus('[data-testid=tag-input]');
      await panel.keyboard.press('Enter');
      await poll(() => panel.$('[data-testid=tag-error]'), { message: 'the refusal' });
      expect(await text(panel, '[data-testid=tag-error]')).toMatch(/at most 200 characters; this one has 201/);
      expect(await panel.$eval('[data-testid=tag-input]', (i) => (i as HTMLInputElement).value)).toBe(long);
      expect((await must(w.driver, 'getClip', { clipId })).tags.sort()).toEqual([own, 'topic-3'].sort());

      // × removes a tag.
      await panel.click(`[data-testid=tag-chip][data-tag="${own}"] [data-testid=tag-remove]`);
      await poll(async () => !(await panel.$(`[data-testid=tag-chip][data-tag="${own}"]`)), { message: 'the chip removed' });
      expect((await must(w.driver, 'getClip', { clipId })).tags).toEqual(['topic-3']);
      await panel.close();
    });

    it('archives a clip from the reader: it leaves the list and appears under Archived, the counts following', async () => {
      const w = world();
      const { driver } = w;
      await library(driver);
      const clipId = await saveFixture(w, '/article-2.html');
      await must(driver, 'setArchived', { clipId, archived: false });
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      await showList(panel, 'all', null);
      const row = `[data-testid=clip-item][data-clip-id="${clipId}"]`;
      await poll(() => panel.$(row), {
        message: 'the clip in the list',
        describe: async () =>
          `${JSON.stringify(await panel.$$eval('[data-testid=clip-list] li', (els) => els.slice(0, 5).map((li) => `${li.getAttribute('aria-posinset')}:${li.getAttribute('data-testid')}:${li.getAttribute('data-clip-id')}`)))} ${await panel.$eval('[data-testid=clip-list]', (el) => `${el.scrollTop}/${el.scrollHeight}/${el.getAttribute('data-count')}/${el.getAttribute('data-complete')}`).catch(() => 'no list')} want ${clipId}`,
      });
      const before = await countsMatch(driver, panel);

      await panel.click(row);
      await poll(() => panel.$('[data-testid=toggle-archive]'), { message: 'the reader toolbar' });
      await panel.click('[data-testid=toggle-archive]');
      await poll(async () => (await panel.$eval('[data-testid=toggle-archive]', (b) => b.getAttribute('data-archived'))) === 'true', { message: 'archived' });
      expect(await text(panel, '[data-testid=toggle-archive]')).toBe('Unarchive');
      await panel.click('[data-testid=back]');
      await poll(async () => (await panel.$('[data-testid=clip-item]')) && !(await panel.$(row)), {
        message: 'the clip gone from the list',
        // Failed in clean-clone runs (cause unknown): what the list holds, and what the library says of the clip.
        describe: async () => {
          const list = await panel.$eval('[data-testid=clip-list]', (el) => `${el.getAttribute('data-filter-state')}/${el.getAttribute('data-count')}/${el.getAttribute('data-complete')}`).catch(() => 'no list');
          const clip = await must(driver, 'getClip', { clipId }).then((c) => ({ archivedAt: c.archivedAt, deletedAt: c.deletedAt })).catch(() => null);
          return `list ${list}, clip ${JSON.stringify(clip)}, rows ${JSON.stringify((await rowsShown(panel)).slice(0, 3))}`;
        },
      });
      const after = await countsMatch(driver, panel);
      expect([Number(after.all), Number(after.archived)]).toEqual([Number(before.all) - 1, Number(before.archived) + 1]);

      await showList(panel, 'archived', null);
      await poll(() => panel.$(row), { message: 'the clip under Archived' });
      expect((await rowsShown(panel))[0]!.id).toBe(clipId);
      await panel.close();
    });

    it('a row marks a clip never opened and names its author; its quick Archive moves it to Archived and Unarchive brings it back, each with Undo, the counts following', async () => {
      const w = world();
      const { driver } = w;
      await library(driver);
      const clipId = await saveFixture(w, '/article-3.html?via=quick-archive'); // a clip of its own, never opened
      await must(driver, 'setArchived', { clipId, archived: false });
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      await showList(panel, 'all', null);
      const row = `[data-testid=clip-item][data-clip-id="${clipId}"]`;
      await poll(() => panel.$(row), { message: 'the clip in the list' });
      expect(await panel.$eval(`${row} [data-testid=clip-unread]`, (el) => el.getAttribute('aria-label'))).toBe('Unread');
      expect(await text(panel, `${row} .clip-byline`)).toBe('Ines Caldwell');
      const before = await countsMatch(driver, panel);

      await panel.hover(row);
      await panel.click(`${row} [data-testid=quick-archive]`);
      await poll(async () => !(await panel.$(row)), { message: 'the clip gone from All' });
      expect((await must(driver, 'getClip', { clipId })).archivedAt).not.toBeNull();
      expect(await text(panel, '[data-testid=undo-bar] span')).toBe('Archived “A Field Guide to the Night Trains of the Alps”.');
      const after = await countsMatch(driver, panel);
      expect([Number(after.all), Number(after.archived)]).toEqual([Number(before.all) - 1, Number(before.archived) + 1]);

      await showList(panel, 'archived', null);
      await poll(() => panel.$(row), { message: 'the clip under Archived' });
      expect(await panel.$eval(`${row} [data-testid=quick-archive]`, (b) => b.getAttribute('aria-label'))).toMatch(/^Unarchive /);
      await panel.hover(row);
      await panel.click(`${row} [data-testid=quick-archive]`);
      await poll(async () => !(await panel.$(row)), { message: 'the clip gone from Archived' });
      expect((await must(driver, 'getClip', { clipId })).archivedAt).toBeNull();
      // Undo archives it again: back under Archived.
      await panel.click('[data-testid=undo]');
      await poll(() => panel.$(row), { message: 'the clip back under Archived after Undo' });
      expect((await must(driver, 'getClip', { clipId })).archivedAt).not.toBeNull();
      await countsMatch(driver, panel);
      await panel.close();
    });

    it('favourites a clip and writes a note that survive a stopped background', async () => {
      const w = world();
      const { driver } = w;
      await library(driver);
      const clipId = await saveFixture(w, '/article-3.html');
      await must(driver, 'setFavorite', { clipId, favorite: false });
      await must(driver, 'setClipNote', { clipId, note: '' });
      let panel = await openReader(driver, clipId);
      await panel.click('[data-testid=toggle-favorite]');
      await poll(async () => (await panel.$eval('[data-testid=toggle-favorite]', (b) => b.getAttribute('aria-pressed'))) === 'true', { message: 'starred' });
      const note = `Read again before the meeting — ${rand()}.\nSecond line, ünïcödé.`;
      await panel.type('[data-testid=note-input]', note);
      await poll(async () => (await panel.$eval('[data-testid=note-status]', (p) => p.getAttribute('data-state'))) === 'saved', { message: 'the note saved' });
      expect(await text(panel, '[data-testid=note-status]')).toBe('Saved');
      await panel.close();

      await driver.stopBackground();
      panel = await openReader(driver, clipId);
      await poll(async () => (await panel.$eval('[data-testid=note-input]', (t) => (t as HTMLTextAreaElement).value)) === note, { message: 'the note back after the restart' });
      expect(await panel.$eval('[data-testid=toggle-favorite]', (b) => b.getAttribute('aria-pressed'))).toBe('true');
      await panel.click('[data-testid=back]');
      await showList(panel, 'favorites', null);
      await poll(async () => (await rowsShown(panel)).some((r) => r.id === clipId && r.favorite && r.note), { message: 'the clip under Favourites, starred, with a note mark' });
      await panel.close();
    });

    it('the popup of a page just saved edits its note too: shown as stored, saved as typed', async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/article.html?via=popup-note'));
      let popup = await openPopupFor(driver, page);
      expect((await clickSave(popup)).state).toBe('saved');
      const note = `From the popup — ${rand()}`;
      await (await poll(() => popup.$('[data-testid=popup-organise] [data-testid=note-input]'), { message: 'the note box in the popup' })).type(note);
      await poll(async () => (await popup.$eval('[data-testid=note-status]', (p) => p.getAttribute('data-state'))) === 'saved', { message: 'the note saved' });
      const clipId = (await must(driver, 'pageStatus', { url: site.url('/article.html?via=popup-note') })).clip!.id;
      expect((await must(driver, 'getClip', { clipId })).note).toBe(note);
      await popup.close();
      // Saved again later: the popup shows the note as it is stored.
      popup = await openPopupFor(driver, page);
      expect((await clickSave(popup)).state).toBe('saved');
      await poll(async () => (await popup.$eval('[data-testid=popup-organise] [data-testid=note-input]', (t) => (t as HTMLTextAreaElement).value).catch(() => null)) === note, { message: 'the stored note in the popup' });
      await Promise.all([popup.close(), page.close()]);
    });

    it('the popup of a page just saved tags it, marks it read, archives it and stars it; the popup shows them again later', async () => {
      const { driver, site } = world();
      const url = site.url('/article.html?via=popup-states');
      const page = await driver.openPage(url);
      // The fixture page is one clip for the whole file (its canonical URL): it starts untagged, unread, not archived, not starred.
      const clipId = (await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) })).clip.id;
      await must(driver, 'setTags', { clipId, tags: [] });
      await must(driver, 'markRead', { clipId, read: false });
      await must(driver, 'setArchived', { clipId, archived: false });
      await must(driver, 'setFavorite', { clipId, favorite: false });
      let popup = await openPopupFor(driver, page);
      expect((await clickSave(popup)).state).toBe('saved');
      const tag = `from-popup-${rand()}`;
      const box = '[data-testid=popup-organise]';
      await (await poll(() => popup.$(`${box} [data-testid=tag-input]`), { message: 'the tag editor in the popup' })).type(`${tag},`);
      await poll(() => popup.$(`${box} [data-testid=tag-chip][data-tag="${tag}"]`), { message: 'the tag chip in the popup' });
      // The library's tags are still offered under the input (it keeps the focus): closed first, so they cover no button.
      await popup.keyboard.press('Escape');
      await poll(async () => (await popup.$(`${box} [data-testid=tag-suggestions]:not([hidden])`)) === null, { message: 'the suggestions closed' });
      for (const [button, attr, value] of [['toggle-read', 'data-read', 'true'], ['toggle-archive', 'data-archived', 'true'], ['toggle-favorite', 'aria-pressed', 'true']] as const) {
        await popup.click(`${box} [data-testid=${button}]`);
        await poll(async () => (await popup.$eval(`${box} [data-testid=${button}]`, (b, a) => b.getAttribute(a), attr)) === value, { message: `${button} pressed in the popup` });
      }
      const stored = await must(driver, 'getClip', { clipId });
      expect(stored.tags).toEqual([tag]);
      expect([stored.readAt !== null, stored.archivedAt !== null, stored.favoriteAt !== null]).toEqual([true, true, true]);
      await popup.close();
      popup = await openPopupFor(driver, page);
      expect((await clickSave(popup)).state).toBe('saved');
      await poll(() => popup.$(`${box} [data-testid=tag-chip][data-tag="${tag}"]`), { message: 'the tag shown again in the popup' });
      expect(await popup.$eval(`${box} [data-testid=toggle-read]`, (b) => b.getAttribute('data-read'))).toBe('true');
      expect(await popup.$eval(`${box} [data-testid=toggle-favorite]`, (b) => b.getAttribute('aria-pressed'))).toBe('true');
      await Promise.all([popup.close(), page.close()]);
    });

    it('quick clicks in the popup are all kept: read, archive and star at once, and the star clicked twice more', async () => {
      const { driver, site } = world();
      const url = site.url('/article.html?via=popup-quick');
      const page = await driver.openPage(url);
      const clipId = (await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) })).clip.id;
      await must(driver, 'markRead', { clipId, read: false });
      await must(driver, 'setArchived', { clipId, archived: false });
      await must(driver, 'setFavorite', { clipId, favorite: false });
      const popup = await openPopupFor(driver, page);
      expect((await clickSave(popup)).state).toBe('saved');
      const box = '[data-testid=popup-organise]';
      await poll(() => popup.$(`${box} [data-testid=toggle-read][data-read=false]`), { message: 'the toggles in the popup' });
      // One after another without waiting for an answer: each comes after the popup has drawn the one before as
      // in flight, while it is still being written (a message to the background and a write take longer than a task).
      const early = await popup.evaluate(async (b) => {
        const busy: string[] = [];
        for (const id of ['toggle-read', 'toggle-archive', 'toggle-favorite', 'toggle-favorite', 'toggle-favorite']) {
          document.querySelector<HTMLButtonElement>(`${b} [data-testid=${id}]`)!.click();
          await new Promise((r) => setTimeout(r, 0));
          busy.push(document.querySelector(`${b} [data-testid=${id}]`)!.getAttribute('aria-busy') ?? '');
        }
        return busy;
      }, box);
      expect(early, 'each click shown as in flight').toContain('true');
      const shown = () =>
        popup.$eval(box, (el) => ({
          read: el.querySelector('[data-testid=toggle-read]')!.getAttribute('data-read'),
          archived: el.querySelector('[data-testid=toggle-archive]')!.getAttribute('data-archived'),
          favorite: el.querySelector('[data-testid=toggle-favorite]')!.getAttribute('aria-pressed'),
          busy: el.querySelectorAll('[aria-busy=true]').length,
        }));
      await poll(async () => JSON.stringify(await shown()) === JSON.stringify({ read: 'true', archived: 'true', favorite: 'true', busy: 0 }), {
        message: 'every click applied', describe: async () => JSON.stringify(await shown()),
      });
      const stored = await must(driver, 'getClip', { clipId });
      expect([stored.readAt !== null, stored.archivedAt !== null, stored.favoriteAt !== null]).toEqual([true, true, true]);
      expect(await popup.$(`${box} [data-testid=state-error]`)).toBeNull();
      await Promise.all([popup.close(), page.close()]);
    });

    it('an open reader follows its clip changed elsewhere (as by sync or the popup): tags, read, star and note, without losing its own edit', async () => {
      const { driver } = world();
      const clipId = await importedId(driver, 21);
      await must(driver, 'setTags', { clipId, tags: ['here'] });
      await must(driver, 'markRead', { clipId, read: false });
      await must(driver, 'setFavorite', { clipId, favorite: false });
      await must(driver, 'setClipNote', { clipId, note: 'first line' });
      const panel = await openReader(driver, clipId);
      await poll(async () => (await panel.$eval('[data-testid=note-input]', (t) => (t as HTMLTextAreaElement).value)) === 'first line', { message: 'the note as stored' });
      // Elsewhere: a tag added, marked read, starred, a line added to the note.
      await must(driver, 'setTags', { clipId, tags: ['here', 'elsewhere'], base: ['here'] });
      await must(driver, 'markRead', { clipId, read: true });
      await must(driver, 'setFavorite', { clipId, favorite: true });
      await must(driver, 'setClipNote', { clipId, note: 'first line\nsecond line', base: 'first line' });
      await poll(() => panel.$('[data-testid=reader] [data-testid=tag-chip][data-tag=elsewhere]'), { message: 'the tag added elsewhere' });
      await poll(async () => (await panel.$eval('[data-testid=toggle-read]', (b) => b.getAttribute('data-read'))) === 'true', { message: 'read, as marked elsewhere' });
      await poll(async () => (await panel.$eval('[data-testid=toggle-favorite]', (b) => b.getAttribute('aria-pressed'))) === 'true', { message: 'starred, as elsewhere' });
      await poll(async () => (await panel.$eval('[data-testid=note-input]', (t) => (t as HTMLTextAreaElement).value)) === 'first line\nsecond line', { message: 'the note edited elsewhere' });
      // Typed here at the start while another line arrives at the end: both kept.
      await panel.click('[data-testid=note-input]');
      await panel.keyboard.down('Control');
      await panel.keyboard.press('Home');
      await panel.keyboard.up('Control');
      await panel.keyboard.type('Top. ');
      await must(driver, 'setClipNote', { clipId, note: 'first line\nsecond line\nthird line', base: 'first line\nsecond line' });
      await poll(async () => (await must(driver, 'getClip', { clipId })).note === 'Top. first line\nsecond line\nthird line', { message: 'both edits in the stored note' });
      await poll(async () => (await panel.$eval('[data-testid=note-input]', (t) => (t as HTMLTextAreaElement).value)) === 'Top. first line\nsecond line\nthird line', { message: 'the merged note in the box' });
      await panel.close();
    });

    it('renames a tag, then merges it into another (said so first), the list and counts following; deletes a tag naming the clips that lose it', async () => {
      const { driver } = world();
      await library(driver);
      const [a, b, c] = [`alpha-${rand()}`, `beta-${rand()}`, `gamma-${rand()}`];
      const ids = await Promise.all([2, 5, 7, 10].map((i) => importedId(driver, i))); // none archived
      for (const id of ids.slice(0, 3)) await must(driver, 'setTags', { clipId: id, tags: [a] });
      await must(driver, 'setTags', { clipId: ids[2]!, tags: [a, b] });
      await must(driver, 'setTags', { clipId: ids[3]!, tags: [b] });
      const panel = await driver.openExtensionPage('sidepanel.html#tags');
      const tagRow = (t: string) => `[data-testid=tag-row][data-tag="${t}"]`;
      const count = (t: string) => panel.$eval(`${tagRow(t)} [data-testid=tag-count]`, (s) => Number(s.getAttribute('data-count'))).catch(() => null);
      await poll(async () => (await count(a)) === 3 && (await count(b)) === 2, { message: 'the tags with their counts' });

      // Rename a → c.
      await panel.click(`${tagRow(a)} [data-testid=tag-rename]`);
      const input = `${tagRow(a)} [data-testid=tag-rename-input]`;
      await panel.$eval(input, (i) => ((i as HTMLInputElement).value = ''));
      await panel.type(input, c);
      await panel.click(`${tagRow(a)} [data-testid=tag-rename-confirm]`);
      expect(await text(panel, `${tagRow(a)} [data-testid=tag-confirm-message]`)).toBe(`Rename “${a}” to “${c}” on 3 clips?`);
      await panel.click(`${tagRow(a)} [data-testid=tag-rename-confirm]`);
      await poll(async () => (await count(c)) === 3 && (await count(a)) === null, { message: `${a} renamed ${c}` });

      // Merge c → b: the confirmation says so.
      await panel.click(`${tagRow(c)} [data-testid=tag-rename]`);
      await panel.$eval(`${tagRow(c)} [data-testid=tag-rename-input]`, (i) => ((i as HTMLInputElement).value = ''));
      await panel.type(`${tagRow(c)} [data-testid=tag-rename-input]`, b.toUpperCase());
      await panel.click(`${tagRow(c)} [data-testid=tag-rename-confirm]`);
      expect(await text(panel, `${tagRow(c)} [data-testid=tag-confirm-message]`)).toMatch(new RegExp(`“${b}” exists already \\(2 clips\\): “${c}” will be merged into it, on 3 clips`));
      await panel.click(`${tagRow(c)} [data-testid=tag-rename-confirm]`);
      await poll(async () => (await count(b)) === 4 && (await count(c)) === null, { message: `${c} merged into ${b}` });
      // The status follows the call's answer, the counts the index's announce: either may come first.
      await poll(async () => (await text(panel, '[data-testid=tag-manager-status]').catch(() => '')).includes(`Merged “${c}” into “${b}”`), { message: 'the merge said in the status' });

      // Its name opens the list filtered by it: the 4 clips, and the menu says 4.
      await panel.click(`${tagRow(b)} [data-testid=tag-show]`);
      await poll(() => panel.$(`[data-testid=clip-list][data-filter-tag="${b}"]`), { message: 'the list filtered by the merged tag' });
      await poll(async () => (await rowsShown(panel)).map((r) => r.id).sort().join() === [...ids].sort().join(), { message: 'the 4 clips' });
      await poll(async () => (await tagOptionCount(panel, b)) === 4, { message: `"${b} (4)" in the tag menu` });
      for (const r of await rowsShown(panel)) expect(r.tags).toEqual([b]);

      // Delete it: the confirmation names how many clips lose it.
      await panel.click('[data-testid=tab-tags]');
      await poll(() => panel.$(`${tagRow(b)} [data-testid=tag-delete]`), { message: 'the Tags view' });
      await panel.click(`${tagRow(b)} [data-testid=tag-delete]`);
      expect(await text(panel, `${tagRow(b)} [data-testid=tag-confirm-message]`)).toBe(`Remove “${b}” from 4 clips? The clips themselves stay.`);
      await panel.click(`${tagRow(b)} [data-testid=tag-delete-confirm]`);
      await poll(async () => (await count(b)) === null, { message: 'the tag gone' });
      for (const id of ids) expect((await must(driver, 'getClip', { clipId: id })).tags).toEqual([]);
      await panel.close();
    });
  });
}
