/**
 * Capture through every entry point — popup, context-menu handler, shortcut handler —
 * then reading in the side panel, in each browser. Each test sets up what it needs
 * (saving a page twice is idempotent) and asserts relative to the library it finds,
 * so the tests pass in any order (`--sequence.shuffle`).
 *
 * With `COMMONPLACE_SCREENSHOTS=1`, the Chromium run also writes the README's popup
 * screenshot to docs/screenshots (`npm run screenshots`; the side panel's are
 * theme.e2e.ts's); otherwise it writes nothing. It is taken on a fresh profile in file
 * order, so the popup shows a first save.
 */
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/build-output';
import { browsersUnderTest, type ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';
import { clickSave, clipCount, expectListTitles, frameIdOf, listTitles, must, openPopupFor, pageToast, selectText, text, useWorld } from '../harness/steps';

/** Where the README's screenshots go, when asked for with COMMONPLACE_SCREENSHOTS=1. */
const SHOTS = process.env.COMMONPLACE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs', 'screenshots') : undefined;

/** Writes docs/screenshots/`file` from Chromium, only when screenshots were asked for. */
async function shoot(driver: ExtensionDriver, page: Page, file: string): Promise<void> {
  if (SHOTS && driver.name === 'chromium') await driver.screenshot(page, join(SHOTS, file));
}

const TIDE_MILL = 'The Tide Mill at Sallow Creek';

for (const name of browsersUnderTest()) {
  describe(`${name}: capture and read`, () => {
    const world = useWorld(name);

    it('saves through the popup, shows it in the list, and reads it offline', async () => {
      const { driver, site } = world();
      const known = (await must(driver, 'pageStatus', { url: site.url('/article.html') })).clip;
      const page = await driver.openPage(site.url('/article.html?utm_source=x&fbclid=y#frag'));
      const popup = await openPopupFor(driver, page);
      expect(await popup.$eval('[data-testid=status]', (e) => e.getAttribute('data-state'))).toBe(known ? 'saved' : 'unsaved');
      const outcome = await clickSave(popup);
      expect(outcome).toMatchObject({ state: 'saved' });
      await poll(() => popup.$('[data-testid=open-reader]'), { message: 'open-reader button' });
      if (name === 'chromium') await popup.setViewport({ width: 340, height: 200 });
      await shoot(driver, popup, 'popup.png');

      // The clip is stored under its canonical URL, without tracking parameters or fragment.
      const clip = (await must(driver, 'pageStatus', { url: site.url('/article.html') })).clip;
      expect(clip).toMatchObject({ url: site.url('/article.html'), title: TIDE_MILL });
      if (known) expect(clip!.id).toBe(known.id);

      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      const rowSelector = `[data-testid=clip-item][data-clip-id="${clip!.id}"]`;
      await poll(() => panel.$(rowSelector), { message: 'the saved clip in the list' });
      expect(await listTitles(panel)).toContain(TIDE_MILL);
      const row = await panel.$eval(rowSelector, (li) => ({
        title: li.querySelector('.clip-title')?.textContent,
        site: li.querySelector('.clip-site')?.textContent,
        date: li.querySelector('.clip-date')?.textContent,
        excerpt: li.querySelector('.clip-excerpt')?.textContent,
      }));
      expect(row.title).toBe(TIDE_MILL);
      expect(row.site).toBe('The Estuary Review');
      expect(row.date).toMatch(/\d/); // "Dec 7" this year (rowDate), "Mar 18, 2024" before
      expect(row.excerpt?.length).toBeGreaterThan(20);

      await panel.click(rowSelector);
      await poll(() => panel.$('[data-testid=article] p'), { message: 'article paragraphs' });
      expect(await text(panel, '[data-testid=reader-title]')).toBe(TIDE_MILL);
      expect(await text(panel, '[data-testid=article]')).toContain('rebuilding a clock from a description of its ticking');
      await Promise.all([page.close(), popup.close(), panel.close()]);
    });

    if (name === 'chromium') {
      it("the popup's \"Open in reader\" points the side panel at the saved clip", async () => {
        const { driver, site } = world();
        const page = await driver.openPage(site.url('/article.html'));
        const tabId = await driver.tabIdOf(page);
        const saved = await must(driver, 'savePage', { tabId });
        const popup = await openPopupFor(driver, page);
        await poll(() => popup.$('[data-testid=open-reader]'), { message: 'open-reader button' });
        await popup.click('[data-testid=open-reader]');
        // Headless Chromium has no side-panel UI to look at; what the click controls is the
        // panel's page for this tab, which must be the reader on the saved clip.
        const path = await poll(
          () =>
            popup.evaluate(async (tabId) => {
              const options = await chrome.sidePanel.getOptions({ tabId });
              return options.enabled && options.path?.includes('#clip=') ? options.path : null;
            }, tabId),
          { message: 'side panel set to the clip' },
        );
        expect(path).toBe(`sidepanel.html#clip=${saved.clip.id}`);
        await Promise.all([page.close(), popup.close()]);
      });
    }

    it('saving the same page again updates the clip instead of duplicating it', async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/article.html?utm_medium=email'));
      const first = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
      const before = await clipCount(driver);
      const popup = await openPopupFor(driver, page);
      expect(await popup.$eval('[data-testid=status]', (e) => e.getAttribute('data-state'))).toBe('saved');
      const outcome = await clickSave(popup);
      expect(outcome.state).toBe('saved');
      expect(outcome.message).toMatch(/Updated/);
      expect(await clipCount(driver)).toBe(before);
      expect((await must(driver, 'pageStatus', { url: site.url('/article.html') })).clip?.id).toBe(first.clip.id);
      await Promise.all([page.close(), popup.close()]);
    });

    it('saves through the context-menu handler: page, selection (also inside an iframe) and link', async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/article-3.html'));
      const tabId = await driver.tabIdOf(page);
      const saved = await must(driver, 'simulateMenuClick', { menuItemId: 'save-page', tabId });
      expect(saved.clip.title).toBe('A Field Guide to the Night Trains of the Alps');
      expect((await pageToast(page)).kind).toBe('success');

      await selectText(page, 'h1');
      const sel = await must(driver, 'simulateMenuClick', { menuItemId: 'save-selection', tabId, frameId: 0 });
      expect(sel.clip.kind).toBe('selection');
      expect((await must(driver, 'getClip', { clipId: sel.clip.id })).text).toBe('A Field Guide to the Night Trains of the Alps');

      const framed = await driver.openPage(site.url('/iframe-selection.html'));
      const framedTab = await driver.tabIdOf(framed);
      await selectText(framed, '#frame-text', '#same-origin');
      const frameId = await frameIdOf(driver, framedTab, 'frame-content.html');
      const fromFrame = await must(driver, 'simulateMenuClick', { menuItemId: 'save-selection', tabId: framedTab, frameId });
      const frameText = (await must(driver, 'getClip', { clipId: fromFrame.clip.id })).text;
      expect(frameText.length).toBeGreaterThan(10);
      expect(fromFrame.clip.kind).toBe('selection');

      const links = await driver.openPage(site.url('/links.html'));
      const linkTab = await driver.tabIdOf(links);
      const before = site.requests.length;
      const link = await must(driver, 'simulateMenuClick', { menuItemId: 'save-link', tabId: linkTab, linkUrl: site.url('/article-2.html') });
      expect(link.clip.title).toBe('Why Sourdough Starters Smell of Nail Varnish');
      expect(site.requests.slice(before)).toContain('/article-2.html');
      // Fetched without opening a tab.
      const tabs = await (await driver.browser.pages()).map((p) => p.url());
      expect(tabs.some((u) => u.endsWith('/article-2.html'))).toBe(false);
      await Promise.all([page.close(), framed.close(), links.close()]);
    });

    it("a selection dragged from the page into a web component keeps the component's text as it was shown, and nothing past the selection", async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/shadow-component.html'));
      const tabId = await driver.tabIdOf(page);
      // Pressed at the start of the page's paragraph, released in the middle of the component's second one, as a user drags.
      const from = await page.$eval('#before', (el) => {
        const r = el.getBoundingClientRect();
        return { x: r.left + 1, y: r.top + r.height / 2 };
      });
      const to = await page.evaluate(() => {
        const r = document.getElementById('card')!.shadowRoot!.getElementById('inside-2')!.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 8 });
      await page.mouse.up();
      const saved = await must(driver, 'simulateMenuClick', { menuItemId: 'save-selection', tabId, frameId: 0 });
      expect(saved.clip.kind).toBe('selection');
      const clipText = (await must(driver, 'getClip', { clipId: saved.clip.id })).text.replace(/\s+/g, ' ');
      expect(clipText).toContain('Before the lamp was automated');
      // The component's first paragraph whole, its slot filled with the page's place name.
      expect(clipText).toContain('The keeper at Fastnet Rock logged a gale of force ten');
      expect(clipText).toContain('His entry');
      expect(clipText).not.toContain('written the morning after');
      expect(clipText).not.toContain('county archive');
      await page.close();
    });

    it('Save link on a page saved from its tab keeps the article as the user saw it, and says so', async () => {
      const { driver, site } = world();
      // The tab shows more than a fetch gets (a signed-in reader's copy): a paragraph only in the tab.
      const url = site.url('/article-3.html?kept=tab');
      const page = await driver.openPage(url);
      const tabId = await driver.tabIdOf(page);
      await page.evaluate(() => {
        const p = document.createElement('p');
        p.textContent = 'Only the tab shows this paragraph, as for a reader signed in.';
        document.querySelector('article, main, body')!.append(p);
      });
      const saved = await must(driver, 'savePage', { tabId });
      expect((await must(driver, 'getClip', { clipId: saved.clip.id })).text).toContain('Only the tab shows this paragraph');
      const links = await driver.openPage(site.url('/links.html'));
      const link = await must(driver, 'simulateMenuClick', { menuItemId: 'save-link', tabId: await driver.tabIdOf(links), linkUrl: url });
      expect([link.clip.id, link.created, link.kept, link.clip.kind]).toEqual([saved.clip.id, false, true, 'page']);
      expect((await must(driver, 'getClip', { clipId: saved.clip.id })).text).toContain('Only the tab shows this paragraph');
      expect((await pageToast(links)).message).toMatch(/already saved in Commonplace as you saw it/);
      await Promise.all([page.close(), links.close()]);
    });

    it('saves through the keyboard-shortcut handler', async () => {
      const { driver, site } = world();
      const known = (await must(driver, 'pageStatus', { url: site.url('/article-2.html') })).clip;
      const page = await driver.openPage(site.url('/article-2.html?ref_src=twsrc'));
      const tabId = await driver.tabIdOf(page);
      const out = await must(driver, 'simulateCommand', { command: 'save-page', tabId });
      // A page saved before (say, as a link) is updated, not duplicated.
      expect(out.created).toBe(known === null);
      if (known) expect(out.clip.id).toBe(known.id);
      expect(out.clip.url).toBe(site.url('/article-2.html'));
      expect((await pageToast(page)).message).toMatch(known ? /^Updated/ : /^Saved/);
      expect((await must(driver, 'simulateCommand', { command: 'save-page', tabId })).created).toBe(false);
      await page.close();
    });

    it('deletes with undo, by mouse and by keyboard', async () => {
      const { driver, site } = world();
      // At least two clips, whatever ran before.
      for (const path of ['/article.html', '/article-3.html']) {
        const page = await driver.openPage(site.url(path));
        await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
        await page.close();
      }
      const count = await clipCount(driver);
      const panel = await driver.openExtensionPage('sidepanel.html#clips');
      await poll(async () => (await panel.$$('[data-testid=clip-item]')).length === count, { message: `${count} list rows` });
      const titles = await listTitles(panel);
      const first = titles[0]!;
      await panel.click('[data-testid=clip-item] [data-testid=delete]');
      await poll(() => panel.$('[data-testid=undo-bar]'), { message: 'undo bar' });
      await expectListTitles(panel, titles.slice(1));
      await panel.click('[data-testid=undo]');
      await expectListTitles(panel, titles);

      // Keyboard: focus the first row, move down, delete, undo with "u", open with Enter, back with Escape.
      await panel.focus('[data-testid=clip-item]');
      await panel.keyboard.press('j');
      await panel.keyboard.press('Delete');
      await expectListTitles(panel, titles.filter((_, i) => i !== 1));
      await panel.keyboard.press('u');
      await expectListTitles(panel, titles);
      await panel.focus('[data-testid=clip-item]');
      await panel.keyboard.press('Enter');
      await poll(() => panel.$('[data-testid=reader]'), { message: 'reader' });
      expect(await text(panel, '[data-testid=reader-title]')).toBe(first);
      await panel.keyboard.press('Escape');
      await poll(() => panel.$('[data-testid=clip-list]'), { message: 'back to the list' });
      await panel.close();
    });
  });
}
