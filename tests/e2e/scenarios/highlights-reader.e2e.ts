/**
 * Highlights in the side panel, in each browser: made in the reader (select, pick a colour),
 * stored against the saved copy and drawn with the CSS Custom Highlight API, on the live page
 * too; made on the live page and shown in the open reader; a highlight of a part of the page
 * the saved article left out listed as not found; editing, delete and undo; and the library's
 * "Highlights" view, newest first, with paging, opening the reader at a highlight. Each test
 * makes what it needs and finds its highlights by quote, so the tests pass in any order.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { HighlightColor } from '../../../src/schema/highlight';
import { browsersUnderTest, type ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';
import { chooseState, must, selectPhrase, text, useWorld, type World } from '../harness/steps';

const ARTICLE = '[data-testid=article]';

/** Saves the fixture at `path` from a tab; returns the clip id and the tab (left open). */
async function saveFixture({ driver, site }: World, path: string): Promise<{ clipId: string; page: Page }> {
  const page = await driver.openPage(site.url(path));
  const out = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
  return { clipId: out.clip.id, page };
}

/** Opens the side panel's reader on a clip and waits for the article and its highlights list. */
async function openReader(driver: ExtensionDriver, clipId: string, highlightId?: string): Promise<Page> {
  const panel = await driver.openExtensionPage(`sidepanel.html#clip=${clipId}${highlightId ? `&highlight=${highlightId}` : ''}`);
  await poll(() => panel.$(`${ARTICLE} p`), { message: 'reader article' });
  await poll(() => panel.$('[data-testid=highlight-panel][data-count]'), { message: 'highlights read' });
  return panel;
}

/** The texts drawn under `commonplace-<color>` in `page` (CSS Custom Highlight API). */
const drawn = (page: Page, color: HighlightColor | 'flash'): Promise<string[]> =>
  page.evaluate((name) => {
    const h = CSS.highlights.get(name) as Iterable<AbstractRange> | undefined;
    return h ? [...h].map((r) => (r instanceof Range ? r.toString() : '')) : [];
  }, `commonplace-${color}`);

/** The clip's stored highlight quoting `quote`, once there is one. */
async function storedByQuote(driver: ExtensionDriver, clipId: string, quote: string) {
  return poll(async () => (await must(driver, 'clipHighlights', { clipId })).highlights.find((h) => (h.target ?? h.page)?.quote.exact === quote), {
    message: `stored highlight "${quote}"`,
  });
}

/** Selects `phrase` in the reader's article and picks `color` in the toolbar (with a note when given). */
async function highlightInReader(panel: Page, phrase: string, color: HighlightColor, note?: string): Promise<void> {
  await selectPhrase(panel, phrase, ARTICLE);
  await poll(() => panel.$('[data-testid=highlight-toolbar]'), { message: 'highlight toolbar' });
  if (note !== undefined) {
    await panel.click('[data-testid=highlight-note-toggle]');
    await poll(() => panel.$('[data-testid=highlight-note-input]'), { message: 'note field' });
    await panel.type('[data-testid=highlight-note-input]', note);
  }
  await panel.click(`[data-testid=highlight-color][data-color=${color}]`);
  await poll(async () => !(await panel.$('[data-testid=highlight-toolbar]')), { message: 'toolbar closes after saving' });
}

/** Opens the reader's highlights list (collapsed by default). */
async function openList(panel: Page): Promise<void> {
  if ((await panel.$eval('[data-testid=highlight-panel-toggle]', (b) => b.getAttribute('aria-expanded'))) !== 'true') {
    await clickCentred(panel, '[data-testid=highlight-panel-toggle]');
  }
  await poll(() => panel.$('[data-testid=highlight-list], .hl-empty'), { message: 'highlights list open' });
}

/** Clicks `selector` after centring it (the reader's sticky bar may cover the top of the view). */
async function clickCentred(page: Page, selector: string): Promise<void> {
  await page.$eval(selector, (el) => el.scrollIntoView({ block: 'center' }));
  await page.click(selector);
}

const item = (id: string) => `[data-testid=highlight-item][data-highlight-id="${id}"]`;

/** Whether the drawn range quoting `quote` is inside the panel's viewport. */
const inView = (panel: Page, quote: string) =>
  panel.evaluate((quote) => {
    for (const [, h] of CSS.highlights as unknown as Map<string, Iterable<AbstractRange>>) {
      for (const r of h) {
        if (!(r instanceof Range) || r.toString() !== quote) continue;
        const rect = r.getBoundingClientRect();
        return rect.top >= 0 && rect.bottom <= innerHeight;
      }
    }
    return false;
  }, quote);

/** A fresh highlight id, as `newHighlightId` makes them (the harness does not import the app). */
const newId = () => randomBytes(16).toString('base64url');

for (const name of browsersUnderTest()) {
  describe(`${name}: highlights in the reader`, () => {
    const world = useWorld(name);

    it('a passage selected in the reader is stored on the saved copy, drawn there, and drawn on the live page', async () => {
      const w = world();
      const { driver, site } = w;
      const passage = 'the wheel turned under load';
      const { clipId, page } = await saveFixture(w, '/article.html');
      await page.close();
      const panel = await openReader(driver, clipId);
      // The reader's text model (media labels left out) is the clip's stored text.
      expect(await panel.$eval(ARTICLE, (a) => a.getAttribute('data-text-aligned'))).toBe('true');

      await highlightInReader(panel, passage, 'green', 'first loaded tide');
      const h = await storedByQuote(driver, clipId, passage);
      expect(h).toMatchObject({ color: 'green', note: 'first loaded tide', found: true, page: null, readOnly: false });
      const clip = await must(driver, 'getClip', { clipId });
      expect(clip.text.slice(h.target!.position.start, h.target!.position.end)).toBe(passage);
      await poll(async () => (await drawn(panel, 'green')).includes(passage), { message: 'reader draws the highlight' });
      await openList(panel);
      expect(await text(panel, `${item(h.id)} .hl-quote`)).toBe(passage);
      expect(await text(panel, `${item(h.id)} [data-testid=highlight-note]`)).toBe('first loaded tide');

      const live = await driver.openPage(site.url('/article.html'));
      await poll(async () => (await drawn(live, 'green')).includes(passage), { timeout: 15_000, message: 'the live page draws the reader highlight' });
      await Promise.all([live.close(), panel.close()]);
    });

    it('a clip opens again where it was left: the same paragraph at the top, after the panel is closed and reopened, on a device with only the synced place, and after going back to the list', async () => {
      const w = world();
      const { clipId, page } = await saveFixture(w, '/long.html');
      await page.close();
      let panel = await openReader(w.driver, clipId);
      // The paragraph two thirds down is scrolled to the top of the view, as a reader would.
      const chosen = await panel.$eval(ARTICLE, (article) => {
        const ps = [...article.querySelectorAll('p')];
        const p = ps[Math.floor((ps.length * 2) / 3)]!;
        const bar = document.querySelector('.reader-bar')!.getBoundingClientRect().bottom;
        window.scrollTo(0, window.scrollY + p.getBoundingClientRect().top - bar);
        return p.textContent!.slice(0, 80);
      });
      expect(await panel.evaluate(() => window.scrollY)).toBeGreaterThan(2_000);
      await poll(async () => ((await panel.evaluate(() => localStorage.getItem('commonplace-reading-positions'))) ?? '').includes(clipId), { message: 'the position saved' });
      await panel.close();
      /** The text of the first paragraph whose top is at or below the bar (what the reader sees first). */
      const topParagraph = (p: Page) =>
        p.$eval(ARTICLE, (article) => {
          const bar = document.querySelector('.reader-bar')!.getBoundingClientRect().bottom;
          const first = [...article.querySelectorAll('p')].find((x) => x.getBoundingClientRect().bottom > bar + 2);
          return first?.textContent!.slice(0, 80) ?? null;
        });
      // Reopened as the browser opens it (no view named): that clip, at that paragraph.
      panel = await w.driver.openExtensionPage('sidepanel.html');
      await poll(() => panel.$(`[data-testid=reader][data-clip-id="${clipId}"] ${ARTICLE} p`), { message: 'the reader restored' });
      await poll(async () => (await topParagraph(panel)) === chosen, {
        message: 'the paragraph it was left at, at the top',
        describe: async () => `top is ${JSON.stringify(await topParagraph(panel))}, scrollY ${await panel.evaluate(() => window.scrollY)}`,
      });
      // The place and how far it was read are in the library too (synced): a device with no position of its own opens there.
      const synced = await poll(async () => {
        const c = await must(w.driver, 'getClip', { clipId });
        return c.position && c.position.offset > 0 && (c.progress ?? 0) >= 60 ? c : null;
      }, { message: 'the position in the library' });
      await panel.evaluate(() => localStorage.removeItem('commonplace-reading-positions'));
      await panel.close();
      panel = await w.driver.openExtensionPage('sidepanel.html');
      await poll(async () => (await topParagraph(panel)) === chosen, { message: 'the synced position, at the top', describe: async () => JSON.stringify(await topParagraph(panel)) });
      // The list shows how far it was read.
      await panel.click('[data-testid=back]');
      const bar = `[data-testid=clip-item][data-clip-id="${clipId}"] [data-testid=clip-progress]`;
      expect(await poll(() => panel.$eval(bar, (el) => el.getAttribute('aria-valuenow')).catch(() => null), { message: 'the row’s progress bar' })).toBe(String(synced.progress));
      // Started and not finished: in the Reading list (then back to the list this panel opened on).
      const shown = await panel.$eval('[data-testid=filter-state][aria-pressed=true]', (b) => b.getAttribute('data-state'));
      await chooseState(panel, 'reading');
      // (Other clips of this file's tests are there too: scrolled to their highlights.)
      await poll(async () => (await panel.$$eval('[data-testid=clip-item]', (els) => els.map((el) => el.getAttribute('data-clip-id')))).includes(clipId), { message: 'this clip in Reading' });
      await chooseState(panel, shown!);
      await panel.close();
      panel = await openReader(w.driver, clipId);
      await poll(async () => (await topParagraph(panel)) === chosen, { message: 'reopened from the list, at the paragraph', describe: async () => `top ${JSON.stringify(await topParagraph(panel))}; in the library ${JSON.stringify((await must(w.driver, 'getClip', { clipId })).position)}` });
      // Back to the top: opened at the top next time.
      await panel.evaluate(() => window.scrollTo(0, 0));
      await poll(async () => !((await panel.evaluate(() => localStorage.getItem('commonplace-reading-positions'))) ?? '').includes(clipId), { message: 'the position forgotten at the top' });
      await panel.close();
    });

    it('a highlight made on the live page shows in the open reader', async () => {
      const w = world();
      const { driver } = w;
      const passage = 'a pencil drawing made by a visiting engineer in 1911';
      const { clipId, page } = await saveFixture(w, '/article.html');
      const panel = await openReader(driver, clipId);
      await selectPhrase(page, passage, 'article');
      await must(driver, 'simulateCommand', { command: 'highlight-selection', tabId: await driver.tabIdOf(page) });
      const h = await storedByQuote(driver, clipId, passage);
      expect(h).toMatchObject({ color: 'yellow', found: true });
      expect(h.target?.quote.exact).toBe(passage);
      // The reader re-reads on the background's broadcast and draws it.
      await poll(async () => (await drawn(panel, 'yellow')).includes(passage), { message: 'reader draws the live-page highlight' });
      await Promise.all([page.close(), panel.close()]);
    });

    it('a highlight of a part of the page the saved article left out is listed as not found, never hidden', async () => {
      const w = world();
      const { driver } = w;
      const quote = 'Fixture page for Commonplace tests';
      const { clipId, page } = await saveFixture(w, '/article.html');
      await selectPhrase(page, quote, 'footer');
      await must(driver, 'simulateCommand', { command: 'highlight-selection', tabId: await driver.tabIdOf(page) });
      const h = await storedByQuote(driver, clipId, quote);
      expect(h).toMatchObject({ target: null, found: false });

      const panel = await openReader(driver, clipId);
      // The list opens by itself: the list is the only place an orphan shows.
      await poll(() => panel.$(item(h.id)), { message: 'orphan listed' });
      expect(await panel.$eval(item(h.id), (li) => li.getAttribute('data-found'))).toBe('false');
      expect(await text(panel, `${item(h.id)} .hl-quote`)).toBe(quote);
      expect(await text(panel, `${item(h.id)} [data-testid=highlight-orphan]`)).toBe('Not found on this version of the page');
      expect(await text(panel, '[data-testid=highlight-panel-toggle]')).toMatch(/not found on this version/);
      for (const color of ['yellow', 'green', 'blue', 'pink', 'purple'] as const) expect(await drawn(panel, color)).not.toContain(quote);

      // The library's list marks it too, and opening it shows its entry in the reader's list.
      await panel.evaluate(() => (location.hash = 'highlights'));
      const entry = `[data-testid=library-highlight][data-highlight-id="${h.id}"]`;
      await poll(() => panel.$(entry), { message: 'orphan in the library list' });
      expect(await text(panel, `${entry} .hl-orphan`)).toMatch(/not found/i);
      await clickCentred(panel, `${entry} [data-testid=library-highlight-open]`);
      await poll(() => panel.$(`[data-testid=reader] ${item(h.id)}`), { message: 'reader lists the orphan it was opened at' });
      await Promise.all([page.close(), panel.close()]);
    });

    it('edits a note and a colour, scrolls to a highlight, and deletes one with undo', async () => {
      const w = world();
      const { driver } = w;
      const passage = 'a four-berth couchette is the right choice';
      const { clipId, page } = await saveFixture(w, '/article-3.html');
      await page.close();
      const panel = await openReader(driver, clipId);
      await highlightInReader(panel, passage, 'blue');
      const h = await storedByQuote(driver, clipId, passage);
      await openList(panel);
      await poll(() => panel.$(item(h.id)), { message: 'highlight listed' });

      await panel.click(`${item(h.id)} [data-testid=highlight-edit-open]`);
      await panel.type(`${item(h.id)} [data-testid=highlight-edit-note]`, 'book early in winter');
      await panel.click(`${item(h.id)} [data-testid=highlight-edit-color][data-color=purple]`);
      await panel.click(`${item(h.id)} [data-testid=highlight-save]`);
      await poll(async () => (await storedByQuote(driver, clipId, passage)).color === 'purple', { message: 'colour changed' });
      expect((await storedByQuote(driver, clipId, passage)).note).toBe('book early in winter');
      await poll(async () => (await drawn(panel, 'purple')).includes(passage) && !(await drawn(panel, 'blue')).includes(passage), { message: 'redrawn purple' });
      expect(await text(panel, `${item(h.id)} [data-testid=highlight-note]`)).toBe('book early in winter');

      // Clicking the quote scrolls the reader to it.
      await panel.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await poll(async () => !(await inView(panel, passage)), { message: 'highlight scrolled away' });
      await panel.evaluate(() => window.scrollTo(0, 0));
      await clickCentred(panel, `${item(h.id)} [data-testid=highlight-show]`);
      await poll(() => inView(panel, passage), { message: 'reader scrolled to the highlight' });

      await clickCentred(panel, `${item(h.id)} [data-testid=highlight-delete]`);
      await poll(async () => !(await panel.$(item(h.id))), { message: 'deleted highlight leaves the list' });
      expect((await must(driver, 'clipHighlights', { clipId })).highlights.map((x) => x.id)).not.toContain(h.id);
      await poll(async () => !(await drawn(panel, 'purple')).includes(passage), { message: 'deleted highlight no longer drawn' });
      expect(await text(panel, '[data-testid=highlight-undo]')).toContain(passage);

      await panel.click('[data-testid=highlight-undo-button]');
      await poll(() => panel.$(item(h.id)), { message: 'undone highlight back in the list' });
      expect(await storedByQuote(driver, clipId, passage)).toMatchObject({ id: h.id, color: 'purple', note: 'book early in winter' });
      await poll(async () => (await drawn(panel, 'purple')).includes(passage), { message: 'undone highlight drawn again' });
      await panel.close();
    });

    it("undoes the latest deletion first: in the reader a highlight's, then the clip deleted before; Ctrl+Z in the search box is the box's own", async () => {
      const w = world();
      const { driver } = w;
      const passage = 'a four-berth couchette is the right choice';
      const read = await saveFixture(w, '/article-3.html');
      await read.page.close();
      const gone = await saveFixture(w, '/article.html');
      await gone.page.close();
      const deletedAt = async () => (await must(driver, 'getClipNote', { clipId: gone.clipId as never })).clip.deletedAt;
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      const row = `[data-testid=clip-item][data-clip-id="${gone.clipId}"]`;
      await poll(() => panel.$(row), { message: 'the clip to delete listed' });
      await panel.click(`${row} [data-testid=delete]`);
      await poll(() => panel.$('[data-testid=undo-bar]'), { message: 'undo bar' });
      expect(await deletedAt()).not.toBeNull();
      // Ctrl+Z while typing in the search box undoes the typing, not the deletion.
      await panel.click('[data-testid=search-input]');
      await panel.keyboard.type('x');
      await panel.keyboard.down('Control');
      await panel.keyboard.press('z');
      await panel.keyboard.up('Control');
      await new Promise((r) => setTimeout(r, 300));
      expect(await deletedAt()).not.toBeNull();
      await panel.$eval('[data-testid=search-input]', (el) => ((el as HTMLInputElement).value = '', el.dispatchEvent(new Event('input', { bubbles: true })), (el as HTMLElement).blur()));

      // The other clip in the reader; a highlight made and deleted there.
      await panel.evaluate((id) => (location.hash = `#clip=${id}`), read.clipId);
      await poll(() => panel.$(`${ARTICLE} p`), { message: 'reader article' });
      await highlightInReader(panel, passage, 'green');
      const h = await storedByQuote(driver, read.clipId, passage);
      await openList(panel);
      await clickCentred(panel, `${item(h.id)} [data-testid=highlight-delete]`);
      await poll(async () => !(await panel.$(item(h.id))), { message: 'deleted highlight leaves the list' });
      await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      // One "u": the highlight comes back, the clip stays deleted.
      await panel.keyboard.press('u');
      await poll(() => panel.$(item(h.id)), { message: 'undone highlight back in the list' });
      await new Promise((r) => setTimeout(r, 300));
      expect(await deletedAt()).not.toBeNull();
      // The next one restores the clip.
      await panel.keyboard.press('u');
      await poll(async () => (await deletedAt()) === null, { message: 'the clip restored by the second u' });
      await panel.close();
    });

    it('shows an error in the toolbar when the selection holds no article text', async () => {
      const w = world();
      // The image's alt text is what is selected: saved without its image, it shows as that text.
      await must(w.driver, 'setImageSettings', { enabled: false, capBytes: 5 * 1024 * 1024 });
      try {
        const { clipId, page } = await saveFixture(w, '/article.html');
        await page.close();
        const panel = await openReader(w.driver, clipId);
        await selectPhrase(panel, 'tide mill at dusk', `${ARTICLE} .cp-media-alt`);
        await poll(() => panel.$('[data-testid=highlight-toolbar]'), { message: 'highlight toolbar' });
        await panel.click('[data-testid=highlight-color][data-color=yellow]');
        const error = await poll(() => panel.$eval('[data-testid=highlight-error]', (e) => e.textContent).catch(() => null), { message: 'toolbar error' });
        expect(error).toMatch(/no text to highlight/);
        await panel.close();
      } finally {
        await must(w.driver, 'setImageSettings', { enabled: true, capBytes: 5 * 1024 * 1024 });
      }
    });

    it('"Highlights" lists the library newest first, pages with "Load more", and opens the reader at one', async () => {
      const w = world();
      const { driver } = w;
      const { clipId, page } = await saveFixture(w, '/article-2.html');
      await page.close();
      // Enough highlights for a second page: quotes of single words, through the protocol.
      const clip = await must(driver, 'getClip', { clipId });
      const words = [...clip.text.matchAll(/\b[a-z]{6,}\b/g)].slice(0, 52);
      for (const m of words) {
        const start = m.index;
        const quote = { type: 'TextQuoteSelector' as const, exact: m[0], prefix: clip.text.slice(Math.max(0, start - 32), start), suffix: clip.text.slice(start + m[0].length, start + m[0].length + 32) };
        const target = { quote, position: { type: 'TextPositionSelector' as const, start, end: start + m[0].length }, range: null };
        await must(driver, 'addHighlight', { clipId, highlightId: newId(), target, color: 'pink', note: '' });
      }
      // Then two made in the reader, the second newest of all.
      const older = 'The smell is a message, not a death sentence';
      const newest = 'both groups feast, the jar rises';
      const reader = await openReader(driver, clipId);
      await highlightInReader(reader, older, 'yellow');
      const a = await storedByQuote(driver, clipId, older);
      await highlightInReader(reader, newest, 'blue', 'feeding schedule');
      const b = await storedByQuote(driver, clipId, newest);
      await reader.close();

      const panel = await driver.openExtensionPage('sidepanel.html#highlights');
      await poll(() => panel.$('[data-testid=library-highlight]'), { message: 'library highlights' });
      expect(await panel.$eval('[data-testid=tab-highlights]', (a) => a.getAttribute('aria-current'))).toBe('page');
      const listed = () => panel.$$eval('[data-testid=library-highlight]', (lis) => lis.map((li) => ({ id: li.getAttribute('data-highlight-id')!, at: Number(li.getAttribute('data-created-at')) })));
      const first = await listed();
      expect(first).toHaveLength(50);
      expect(first[0]!.id).toBe(b.id);
      expect(first[1]!.id).toBe(a.id);
      expect(first.map((x) => x.at)).toEqual([...first.map((x) => x.at)].sort((x, y) => y - x));
      expect(first.map((x) => x.id)).toEqual((await must(driver, 'libraryHighlights', { limit: 50 })).highlights.map((x) => x.id));
      expect(await text(panel, `[data-highlight-id="${b.id}"]`)).toContain('feeding schedule');

      await panel.click('[data-testid=highlights-more]');
      await poll(async () => (await listed()).length > 50, { message: 'second page' });
      const all = await listed();
      expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
      expect(all.map((x) => x.at)).toEqual([...all.map((x) => x.at)].sort((x, y) => y - x));

      // Open the older one: the reader opens on its clip, scrolled to it.
      await panel.click(`[data-highlight-id="${a.id}"] [data-testid=library-highlight-open]`);
      await poll(() => panel.$(`[data-testid=reader][data-clip-id="${clipId}"] ${ARTICLE} p`), { message: 'reader opened from the list' });
      await poll(() => inView(panel, older), { message: 'reader scrolled to the chosen highlight' });
      expect(await text(panel, '[data-testid=back]')).toBe('← All highlights');
      await panel.click('[data-testid=back]');
      await poll(() => panel.$('[data-testid=all-highlights]'), { message: 'back to the highlights list' });
      await panel.close();
    });
  });
}
