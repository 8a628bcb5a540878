/**
 * Highlighting on the live page, in each browser: the floating toolbar (in a shadow root, on a
 * page whose CSS is hostile to injected UI), the popover (colour, note, delete, undo), the
 * context menu and the keyboard shortcut, drawing with the CSS Custom Highlight API (the
 * page's DOM never changes), drawing again after a reload, a page that renders its article
 * late, a highlight made in the reader, and selections that cannot be highlighted. Each test
 * sets up what it needs and asserts on the highlights it made, so they pass in any order.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { browsersUnderTest, type ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';
import { clickInHighlighter, clickText, highlighterShows, must, mustFail, pageToast, selectForHighlight, selectText, useWorld } from '../harness/steps';

const ARTICLE = '/highlight-article.html';

/** The texts of the ranges the page draws under `commonplace-<color>`, read in the page's own world. */
function drawnTexts(page: Page, color: string): Promise<string[]> {
  return page.evaluate((name) => {
    const texts: string[] = [];
    CSS.highlights.get(name)?.forEach((r) => void texts.push(r.toString()));
    return texts;
  }, `commonplace-${color}`);
}

/** Waits until the page draws `text` in `color`. */
async function waitDrawn(page: Page, color: string, text: string, timeout = 10_000): Promise<void> {
  await poll(async () => (await drawnTexts(page, color)).includes(text), { timeout, message: `"${text.slice(0, 30)}…" drawn ${color}`, describe: async () => `drawn: ${JSON.stringify(await drawnTexts(page, color))}` });
}

/** The stored highlights of the page at `url` (none when it is not saved). */
async function storedHighlights(driver: ExtensionDriver, url: string) {
  const clip = (await must(driver, 'pageStatus', { url })).clip;
  return clip ? (await must(driver, 'clipHighlights', { clipId: clip.id })).highlights : [];
}

/** Waits for a stored highlight of the page at `url` quoting `text` (on the live page) and passing `check`. */
async function waitStored(driver: ExtensionDriver, url: string, text: string, check: (h: Awaited<ReturnType<typeof storedHighlights>>[number]) => boolean = () => true) {
  return poll(async () => (await storedHighlights(driver, url)).find((h) => (h.page ?? h.target)?.quote.exact === text && check(h)), {
    message: `stored highlight "${text.slice(0, 30)}…"`,
  });
}

const textOf = (page: Page, selector: string) => page.$eval(selector, (el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());

for (const name of browsersUnderTest()) {
  describe(`${name}: highlights on the live page`, () => {
    const world = useWorld(name);

    it('the toolbar highlights a selection (saving the page), draws it without changing the DOM, and draws it again after a reload', async () => {
      const { driver, site } = world();
      const url = site.url(ARTICLE);
      const page = await driver.openPage(url);
      const quote = await textOf(page, '#em2');
      const bodyBefore = await page.evaluate(() => document.body.innerHTML);
      // Nothing is added to a page until its UI is needed.
      expect(await page.evaluate(() => document.querySelector('commonplace-highlighter'))).toBeNull();
      await selectForHighlight(page, '#em2');
      await clickInHighlighter(page, '[data-testid=highlight-toolbar] [data-color=green]');
      await waitDrawn(page, 'green', quote);
      const stored = await waitStored(driver, url, quote, (h) => h.color === 'green');
      expect(stored).toMatchObject({ note: '', readOnly: false });
      expect(await page.evaluate(() => document.body.innerHTML)).toBe(bodyBefore);
      expect(await page.evaluate(() => document.querySelectorAll('mark, [data-commonplace-highlight]').length)).toBe(0);
      expect(await page.evaluate(() => window.getSelection()?.isCollapsed)).toBe(true);

      await page.reload();
      await waitDrawn(page, 'green', quote);
      await page.close();
    });

    it('the popover changes the colour and the note, deletes, and undoes the delete', async () => {
      const { driver, site } = world();
      const url = site.url(ARTICLE);
      const page = await driver.openPage(url);
      const quote = await textOf(page, '#p4');
      await selectForHighlight(page, '#p4');
      await clickInHighlighter(page, '[data-testid=highlight-toolbar] [data-color=yellow]');
      const made = await waitStored(driver, url, quote);
      await waitDrawn(page, 'yellow', quote);

      const at = await clickText(page, '#p4');
      await poll(() => highlighterShows(page, 'highlight-popover'), {
        message: 'popover',
        // What was under the click, the selection and the drawing, so a failure in CI says why.
        describe: async () =>
          JSON.stringify({
            at,
            ...(await page.evaluate(({ x, y }) => ({ under: document.elementFromPoint(x, y)?.outerHTML.slice(0, 80), collapsed: window.getSelection()?.isCollapsed, scrollY }), at)),
            yellow: await drawnTexts(page, 'yellow'),
            toolbar: await highlighterShows(page, 'highlight-toolbar'),
          }),
      });
      await clickInHighlighter(page, '[data-testid=highlight-popover] [data-color=blue]');
      await waitStored(driver, url, quote, (h) => h.id === made.id && h.color === 'blue');
      await waitDrawn(page, 'blue', quote);

      // The page listens to every key and input in the capture phase, as a hostile page would.
      await page.evaluate(() => {
        const heard: string[] = ((window as unknown as { heard: string[] }).heard = []);
        for (const type of ['keydown', 'keyup', 'beforeinput', 'input']) window.addEventListener(type, (e) => heard.push(`${type}:${(e as KeyboardEvent).key ?? (e as InputEvent).data}`), true);
      });
      await clickInHighlighter(page, '[data-testid=highlight-popover] textarea');
      await page.keyboard.type('Who is the stranger?');
      await page.keyboard.press('Enter');
      await waitStored(driver, url, quote, (h) => h.id === made.id && h.note === 'Who is the stranger?');
      // Nothing typed into the note reached the page (extension/highlighter/key-shield.ts).
      expect(await page.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual([]);

      await clickInHighlighter(page, '[data-testid=highlight-popover] [data-action=delete]');
      await poll(async () => !(await storedHighlights(driver, url)).some((h) => h.id === made.id), { message: 'deleted' });
      expect(await drawnTexts(page, 'blue')).not.toContain(quote);
      await poll(() => highlighterShows(page, 'highlight-undo'), { message: 'undo bar' });
      await clickInHighlighter(page, '[data-testid=highlight-undo] [data-action=undo]');
      await waitStored(driver, url, quote, (h) => h.id === made.id && h.color === 'blue' && h.note === 'Who is the stranger?');
      await waitDrawn(page, 'blue', quote);
      await page.close();
    });

    it('the context menu and the keyboard shortcut highlight the selection (yellow), and the page draws it', async () => {
      const { driver, site } = world();
      const url = site.url(ARTICLE);
      const page = await driver.openPage(url);
      const tabId = await driver.tabIdOf(page);
      const viaMenu = await textOf(page, '#p1');
      await selectText(page, '#p1');
      await must(driver, 'simulateMenuClick', { menuItemId: 'highlight-selection', tabId, frameId: 0 });
      await waitStored(driver, url, viaMenu, (h) => h.color === 'yellow');
      await waitDrawn(page, 'yellow', viaMenu);
      expect((await pageToast(page)).message).toMatch(/^Highlighted/);

      const viaKey = await textOf(page, '#p5');
      await selectText(page, '#p5');
      await must(driver, 'simulateCommand', { command: 'highlight-selection', tabId });
      await waitStored(driver, url, viaKey);
      await waitDrawn(page, 'yellow', viaKey);
      await page.close();
    });

    it('a page that renders its article late still gets its highlights drawn', async () => {
      const { driver, site } = world();
      const url = site.url('/late-article.html');
      const page = await driver.openPage(url);
      await poll(() => page.$('#fog'), { message: 'late article' });
      const quote = await textOf(page, '#fog');
      await selectForHighlight(page, '#fog');
      await clickInHighlighter(page, '[data-testid=highlight-toolbar] [data-color=pink]');
      await waitStored(driver, url, quote, (h) => h.color === 'pink');

      await page.reload();
      expect(await page.$('#fog')).toBeNull();
      await poll(() => page.$('#fog'), { message: 'late article after reload' });
      await waitDrawn(page, 'pink', quote);
      await page.close();
    });

    it('a highlight made in the reader shows on the open page, found by its quote', async () => {
      const { driver, site } = world();
      const url = site.url(ARTICLE);
      const page = await driver.openPage(url);
      const saved = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
      const quote = await textOf(page, '#p3');
      const { text } = await must(driver, 'getClip', { clipId: saved.clip.id });
      const start = text.indexOf(quote);
      expect(start).toBeGreaterThan(0);
      const highlightId = `reader${Date.now().toString(36)}xxxxxxxxxx`.slice(0, 22);
      await must(driver, 'addHighlight', {
        clipId: saved.clip.id,
        highlightId,
        color: 'purple',
        note: '',
        target: {
          quote: { type: 'TextQuoteSelector', exact: quote, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + quote.length, start + quote.length + 32) },
          position: { type: 'TextPositionSelector', start, end: start + quote.length },
          range: null,
        },
      });
      await waitDrawn(page, 'purple', quote);
      await page.reload();
      await waitDrawn(page, 'purple', quote);

      // The side panel's "show on page": the open page scrolls to it and flashes it.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.bringToFront();
      expect(await must(driver, 'revealHighlight', { clipId: saved.clip.id, highlightId })).toEqual({ found: true });
      await waitDrawn(page, 'flash', quote);
      await poll(() => page.$eval('#p3', (el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }), { message: '#p3 scrolled into view' });
      await page.close();
    });

    it('selections that cannot be highlighted get a clear message, and nothing is stored', async () => {
      const { driver, site } = world();
      const url = site.url(ARTICLE);
      const page = await driver.openPage(url);
      const tabId = await driver.tabIdOf(page);
      const before = (await storedHighlights(driver, url)).length;

      await selectForHighlight(page, '#appendix');
      await clickInHighlighter(page, '[data-testid=highlight-toolbar] [data-color=yellow]');
      expect(await pageToast(page)).toEqual({ kind: 'error', message: expect.stringMatching(/too long to highlight: [\d,]+ characters, and the limit is 10,000/) });

      const tooLong = await mustFail(driver, 'simulateMenuClick', { menuItemId: 'highlight-selection', tabId, frameId: 0 });
      expect(tooLong).toMatchObject({ code: 'too-large' });

      await page.evaluate(() => {
        const field = document.querySelector<HTMLInputElement>('#field')!;
        field.focus();
        field.setSelectionRange(2, 12);
      });
      expect((await mustFail(driver, 'simulateMenuClick', { menuItemId: 'highlight-selection', tabId, frameId: 0 })).message).toMatch(/form field/);

      await selectText(page, '#draft');
      expect((await mustFail(driver, 'simulateMenuClick', { menuItemId: 'highlight-selection', tabId, frameId: 0 })).message).toMatch(/editable area/);

      await page.evaluate(() => {
        (document.activeElement as HTMLElement | null)?.blur();
        window.getSelection()?.removeAllRanges();
      });
      expect((await mustFail(driver, 'simulateMenuClick', { menuItemId: 'highlight-selection', tabId, frameId: 0 })).message).toMatch(/^Select some text/);

      expect((await storedHighlights(driver, url)).length).toBe(before);

      // A selection across an embedded frame: the toolbar and the menu both say why not.
      const framed = await driver.openPage(site.url('/iframe-selection.html'));
      await framed.evaluate(() => {
        const range = document.createRange();
        range.setStart(document.querySelector('#top-text')!.firstChild!, 10);
        range.setEnd(document.querySelector('#bottom-text')!.firstChild!, 12);
        window.getSelection()!.removeAllRanges();
        window.getSelection()!.addRange(range);
        window.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      });
      await poll(() => highlighterShows(framed, 'highlight-toolbar'), { message: 'toolbar over a frame' });
      await clickInHighlighter(framed, '[data-testid=highlight-toolbar] [data-color=yellow]');
      expect(await pageToast(framed)).toEqual({ kind: 'error', message: expect.stringMatching(/crosses an embedded frame/) });
      const across = await mustFail(driver, 'simulateMenuClick', { menuItemId: 'highlight-selection', tabId: await driver.tabIdOf(framed), frameId: 0 });
      expect(across.message).toMatch(/crosses an embedded frame/);
      expect(await storedHighlights(driver, site.url('/iframe-selection.html'))).toEqual([]);
      await Promise.all([page.close(), framed.close()]);
    });
  });
}
