/**
 * User-level steps shared by every scenario, written once for both browsers:
 * they drive the real popup, side panel and protocol through an ExtensionDriver.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { AppError } from '../../../src/util/result';
import { launchDriver, type BrowserName, type CallValue, type ExtensionDriver, type Method, type ParamsArg } from './driver';
import { startFixtureServer, startRemoteServer, type TestServer } from './fixture-server';
import { poll } from './poll';
import { pocketRows, pocketZip } from '../../unit/import/fixtures';

export interface World {
  readonly driver: ExtensionDriver;
  readonly site: TestServer;
  readonly remote: TestServer;
}

/** Starts servers and a browser for one describe block; closes them after. */
export function useWorld(name: BrowserName): () => World {
  let world: World | undefined;
  beforeAll(async () => {
    const remote = await startRemoteServer();
    const site = await startFixtureServer({ remoteOrigin: remote.origin });
    const driver = await launchDriver(name);
    world = { driver, site, remote };
  });
  afterAll(async () => {
    await world?.driver.close();
    await world?.site.close();
    await world?.remote.close();
  });
  return () => world ?? expect.fail('world did not start');
}

/** A call that must succeed; returns its value. */
export async function must<K extends Method>(driver: ExtensionDriver, method: K, ...params: ParamsArg<K>): Promise<CallValue<K>> {
  const res = await driver.call(method, ...params);
  if (!res.ok) throw new Error(`${method} failed: ${res.error.code}: ${res.error.message}`);
  return res.value;
}

/** A call that must fail; returns its error. */
export async function mustFail<K extends Method>(driver: ExtensionDriver, method: K, ...params: ParamsArg<K>): Promise<AppError> {
  const res = await driver.call(method, ...params);
  if (res.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(res.value).slice(0, 200)}`);
  return res.error;
}

export const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

/** Opens the popup for the tab showing `page`, as the toolbar button would (in a new tab, or a new document in `tab`). */
export async function openPopupFor(driver: ExtensionDriver, page: Page, tab?: Page): Promise<Page> {
  const tabId = await driver.tabIdOf(page);
  const popup = await driver.openExtensionPage(`popup.html?tabId=${tabId}`, tab);
  await poll(() => popup.$eval('[data-testid=status]', (el) => el.getAttribute('data-state') !== 'loading').catch(() => false), {
    message: 'popup status',
  });
  return popup;
}

/** Clicks "Save page" in a popup and waits for the outcome. */
export async function clickSave(popup: Page, afterClick?: () => Promise<void>, timeout = 30_000): Promise<{ state: string; message: string }> {
  const attempts = () => popup.$eval('[data-testid=status]', (el) => Number(el.getAttribute('data-attempts')));
  const before = await attempts();
  await popup.click('[data-testid=save-page]');
  await afterClick?.();
  await poll(async () => (await attempts()) > before, { timeout, message: 'save outcome in popup' });
  const state = await popup.$eval('[data-testid=status]', (el) => el.getAttribute('data-state') ?? '');
  return { state, message: await text(popup, '[data-testid=status]') };
}

/** Row titles in the side panel's list (waits for it to render). */
export async function listTitles(panel: Page): Promise<string[]> {
  await poll(() => panel.$('[data-testid=clip-list], [data-testid=empty-list]'), { message: 'reading list' });
  return panel.$$eval('[data-testid=clip-item] .clip-title', (els) => els.map((e) => e.textContent ?? ''));
}

/** Waits until the list shows exactly `expected` titles (in any order). */
export async function expectListTitles(panel: Page, expected: string[]): Promise<void> {
  const want = [...expected].sort();
  await poll(async () => JSON.stringify((await listTitles(panel)).sort()) === JSON.stringify(want), {
    timeout: 10_000,
    message: `list titles ${JSON.stringify(want)}`,
    describe: async () => `got ${JSON.stringify(await listTitles(panel))}`,
  });
}

/** Number of live clips the background knows of. */
export async function clipCount(driver: ExtensionDriver): Promise<number> {
  return (await must(driver, 'libraryInfo')).clipCount;
}

/** Frame id of the frame whose URL contains `fragment`, via scripting from an extension page. */
export async function frameIdOf(driver: ExtensionDriver, tabId: number, fragment: string): Promise<number> {
  const page = await driver.openExtensionPage('options.html');
  try {
    const frames = await page.evaluate(async (tabId) => {
      const api = (globalThis as any).browser ?? (globalThis as any).chrome;
      const results = await api.scripting.executeScript({ target: { tabId, allFrames: true }, func: () => location.href });
      return results.map((r: any) => ({ frameId: r.frameId, url: r.result }));
    }, tabId);
    const frame = frames.find((f: { url: string }) => f.url.includes(fragment));
    if (!frame) throw new Error(`no frame with ${fragment} in ${JSON.stringify(frames)}`);
    return frame.frameId;
  } finally {
    await page.close();
  }
}

/** Selects the text of `selector` in the page (optionally inside the iframe matching `frameSelector`). */
export async function selectText(page: Page, selector: string, frameSelector?: string): Promise<void> {
  const target = frameSelector ? await (await page.$(frameSelector))!.contentFrame() : page.mainFrame();
  await target!.evaluate((sel) => {
    const el = document.querySelector(sel)!;
    const range = document.createRange();
    range.selectNodeContents(el);
    const s = window.getSelection()!;
    s.removeAllRanges();
    s.addRange(range);
  }, selector);
}

/** The in-page toast the background shows after a menu or shortcut save. */
export async function pageToast(page: Page): Promise<{ kind: string; message: string }> {
  return poll(
    () =>
      page.evaluate(() => {
        const host = document.getElementById('commonplace-toast-host');
        const box = host?.shadowRoot?.querySelector('[role]');
        return host && box ? { kind: host.getAttribute('data-kind') ?? '', message: box.textContent ?? '' } : null;
      }),
    { message: 'in-page toast' },
  );
}

/**
 * Opens a privileged page (chrome://, about:) in a new tab and returns its tab id.
 * Extensions may not open these in Firefox, and awaiting puppeteer's navigation to them
 * can hang over BiDi: start the navigation, then find the tab through the tabs API.
 */
export async function openPrivilegedPage(driver: ExtensionDriver, url: string): Promise<{ page: Page; tabId: number }> {
  const page = await driver.browser.newPage();
  void page.goto(url).catch(() => undefined);
  const control = await driver.openExtensionPage('options.html');
  try {
    const tabId = await poll(
      () =>
        control.evaluate(async (url) => {
          const api = (globalThis as any).browser ?? (globalThis as any).chrome;
          const tabs = await api.tabs.query({});
          return tabs.find((t: any) => t.url === url && t.status === 'complete')?.id as number | undefined;
        }, url),
      { timeout: 20_000, message: `tab showing ${url}` },
    );
    return { page, tabId };
  } finally {
    await control.close();
  }
}

/**
 * Selects the first occurrence of `phrase` within one text node under `within` (a CSS
 * selector; default the body) of `page`, as a user's drag would, then fires `mouseup` where
 * the selection ends (what highlight toolbars listen for). Throws when the phrase is not found.
 */
export async function selectPhrase(page: Page, phrase: string, within = 'body'): Promise<void> {
  const found = await page.evaluate(
    (phrase, within) => {
      const root = document.querySelector(within);
      if (!root) return false;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.nodeValue?.indexOf(phrase) ?? -1;
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + phrase.length);
        const sel = getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        const rect = range.getBoundingClientRect();
        n.parentElement!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, clientX: rect.right, clientY: rect.bottom }));
        return true;
      }
      return false;
    },
    phrase,
    within,
  );
  if (!found) throw new Error(`"${phrase}" is not in ${within}`);
}

/** The highlighter's UI host in a page (its shadow root is open in test builds). */
const HIGHLIGHTER_HOST = 'commonplace-highlighter';

/** Selects the text of `selector` (as `selectText`) and releases the mouse, as a user ending a selection does: the highlighter's toolbar shows. */
export async function selectForHighlight(page: Page, selector: string): Promise<void> {
  await selectText(page, selector);
  await page.evaluate(() => window.dispatchEvent(new MouseEvent('mouseup', { bubbles: true })));
  await poll(() => highlighterShows(page, 'highlight-toolbar'), { message: 'highlight toolbar' });
}

/** Whether the highlighter's panel with this test id is shown. */
export function highlighterShows(page: Page, testId: string): Promise<boolean> {
  return page.evaluate(
    (host, id) => {
      const el = document.querySelector(host)?.shadowRoot?.querySelector<HTMLElement>(`[data-testid=${id}]`);
      return !!el && !el.hidden;
    },
    HIGHLIGHTER_HOST,
    testId,
  );
}

/** Clicks, with the mouse, the element matching `selector` inside the highlighter's shadow root. */
export async function clickInHighlighter(page: Page, selector: string): Promise<void> {
  const handle = await page.evaluateHandle(
    (host, sel) => document.querySelector(host)?.shadowRoot?.querySelector(sel) ?? null,
    HIGHLIGHTER_HOST,
    selector,
  );
  const el = handle.asElement();
  if (!el) throw new Error(`nothing matches ${selector} in the highlighter`);
  await (el as import('puppeteer-core').ElementHandle<Element>).click();
  await handle.dispose();
}

/** How many ranges the page draws per highlight name (`commonplace-yellow` …), read in the page's own world. */
export function drawnHighlights(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    CSS.highlights.forEach((h, name) => {
      if (name.startsWith('commonplace-') && h.size > 0) out[name] = h.size;
    });
    return out;
  });
}

/** Clicks the middle of the first line of `selector`'s text with the mouse (e.g. on a drawn highlight); resolves to the point clicked. */
export async function clickText(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const point = await page.evaluate((sel) => {
    const el = document.querySelector(sel)!;
    el.scrollIntoView({ block: 'center' });
    const range = document.createRange();
    range.selectNodeContents(el);
    const r = range.getClientRects()[0]!;
    return { x: r.left + Math.min(r.width / 2, 40), y: r.top + r.height / 2 };
  }, selector);
  await page.mouse.click(point.x, point.y);
  return point;
}

/** Chooses `bytes` as `name` (written into `dir`) in the Import section's file input (puppeteer's upload; a DataTransfer if the browser's driver lacks it). */
export async function chooseImportFile(page: Page, dir: string, name: string, bytes: Uint8Array): Promise<void> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const input = await poll(() => page.$('[data-testid=import-file]:not([disabled])'), { message: 'the import file input' });
  try {
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path);
  } catch {
    await page.evaluate(
      (b64, name) => {
        const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bin], name));
        const el = document.querySelector('[data-testid=import-file]') as HTMLInputElement;
        el.files = dt.files;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      },
      Buffer.from(bytes).toString('base64'),
      name,
    );
  }
}

/** What {@link importPocketRows} imports: `rows` generated Pocket rows on `host`, `perPart` to a CSV part of the zip `name`. */
export interface PocketImport {
  readonly dir: string;
  readonly name: string;
  readonly host: string;
  readonly rows: number;
  readonly perPart: number;
  readonly timeoutMs?: number;
}

/**
 * Imports a generated Pocket export (`pocketRows`, their URLs moved to `host` so each file's
 * clips are its own) through the options page's Import section, as a user does, and waits until
 * `importStatus` reports that job done. The library the list, search and bulk tests work on.
 */
export async function importPocketRows(driver: ExtensionDriver, { dir, name, host, rows, perPart, timeoutMs = 60_000 }: PocketImport): Promise<void> {
  const generated = pocketRows(rows).map((r) => ({ ...r, url: r.url.replace('example.com', host) }));
  const page = await driver.openExtensionPage('options.html');
  await chooseImportFile(page, dir, name, pocketZip(generated, perPart));
  await poll(
    async () => {
      const res = await driver.call('importStatus');
      return res.ok && res.value.job?.name === name && res.value.job.state === 'done';
    },
    { timeout: timeoutMs, interval: 300, message: `the import of ${name}` },
  );
  await page.close();
}

const importedOnce = new WeakMap<ExtensionDriver, Map<string, Promise<void>>>();
/** {@link importPocketRows} once per browser and file name: every test of a file calls it, the first one waits. */
export function importPocketRowsOnce(driver: ExtensionDriver, spec: PocketImport): Promise<void> {
  let byName = importedOnce.get(driver);
  if (!byName) importedOnce.set(driver, (byName = new Map()));
  let done = byName.get(spec.name);
  if (!done) byName.set(spec.name, (done = importPocketRows(driver, spec)));
  return done;
}

/**
 * Presses a state of the side panel's filter bar (unread, reading, all, favorites, archived) and
 * waits until it shows as pressed, clicking again while it does not. A mouse click is aimed where
 * the button was, then sent: when the bar's counts arrive in between they widen the buttons before
 * it, and the click lands beside it (CI on 62840bf: Archived was never pressed, and saved-views
 * waited 30 s for the archive). Pressing a state already pressed changes nothing.
 */
export async function chooseState(panel: Page, state: string): Promise<void> {
  const button = `[data-testid=filter-state][data-state=${state}]`;
  await poll(() => panel.$(button), { message: `the ${state} filter` });
  await poll(
    async () => {
      if (await panel.$(`${button}[aria-pressed=true]`)) return true;
      await panel.click(button);
      return !!(await panel.$(`${button}[aria-pressed=true]`));
    },
    { interval: 400, message: `the ${state} filter pressed` },
  );
}
