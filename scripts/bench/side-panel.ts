/**
 * Where the benchmarks open the side panel: in a new tab (the default, headless), or, with
 * `--side-panel`, as Chromium's real side panel, in a browser with windows (headful) on a
 * virtual display (Xvfb, started here when `$DISPLAY` is not set; Debian's `xvfb` package).
 *
 * Headless Chromium has no side panel, so until 2026-12-04 every figure "in the side panel" was
 * taken from sidepanel.html in a tab. The real panel is opened as a user opens it:
 * `chrome.sidePanel.open({ windowId })` from a click (puppeteer's clicks are trusted input, so
 * they carry the user gesture the call needs) on a button put into the control page, and closed
 * with `chrome.sidePanel.close`. Its page is a target like a tab's, so the same probes read it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type PanelMode = 'tab' | 'side-panel';

/** The panel mode the command line asks for (`--side-panel`). */
export const panelModeOf = (args: readonly string[]): PanelMode => (args.includes('--side-panel') ? 'side-panel' : 'tab');

/** What opening a panel needs of a session (browser.ts's `Session` has it). */
export interface PanelHost {
  readonly browser: Browser;
  readonly base: string;
  /** An extension page kept open (the clicks that open the real panel are made in it). */
  readonly control: Page;
  readonly panelMode: PanelMode;
}

/**
 * A display for a headful browser: `$DISPLAY` if set, else a new Xvfb on the first free display
 * number from 99. `stop` ends the Xvfb this started (nothing when it used `$DISPLAY`).
 */
export async function ensureDisplay(): Promise<{ display: string; stop(): void }> {
  if (process.env.DISPLAY) return { display: process.env.DISPLAY, stop: () => undefined };
  let n = 99;
  while (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) n++;
  let child: ChildProcess;
  try {
    child = spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  } catch (e) {
    throw new Error(`--side-panel needs a display: set DISPLAY or install Xvfb (apt-get install -y xvfb): ${String(e)}`);
  }
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (e) => reject(new Error(`--side-panel needs a display: set DISPLAY or install Xvfb (apt-get install -y xvfb): ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`Xvfb :${n} exited (${code}) before it was ready`)));
  });
  const ready = (async () => {
    for (let i = 0; i < 200 && !existsSync(`/tmp/.X11-unix/X${n}`); i++) await sleep(25);
    if (!existsSync(`/tmp/.X11-unix/X${n}`)) throw new Error(`Xvfb :${n} did not start within 5 s`);
  })();
  await Promise.race([ready, failed]);
  failed.catch(() => undefined);
  return { display: `:${n}`, stop: () => void child.kill('SIGTERM') };
}

const OPEN_BUTTON = 'cp-bench-open-panel';
const CLOSE_BUTTON = 'cp-bench-close-panel';

/** Puts the two buttons into the control page (once per page load). */
async function installButtons(control: Page): Promise<void> {
  await control.evaluate(
    `(() => {
      if (document.getElementById(${JSON.stringify(OPEN_BUTTON)})) return;
      const add = (id, top, run) => {
        const b = document.createElement('button');
        b.id = id;
        b.textContent = id;
        b.style.cssText = 'position:fixed;left:0;top:' + top + 'px;width:160px;height:40px;z-index:2147483647';
        b.onclick = () => {
          window.__cpPanelError = null;
          chrome.windows.getCurrent().then((w) => run(w.id)).catch((e) => { window.__cpPanelError = String(e); });
        };
        document.body.append(b);
      };
      add(${JSON.stringify(OPEN_BUTTON)}, 0, (windowId) => chrome.sidePanel.open({ windowId }));
      add(${JSON.stringify(CLOSE_BUTTON)}, 50, (windowId) => chrome.sidePanel.close({ windowId }));
    })()`,
  );
}

const isPanel = (base: string) => (url: string) => url.startsWith(`${base}sidepanel.html`);
const panelOpen = (s: PanelHost): boolean => s.browser.targets().some((t) => isPanel(s.base)(t.url()));

/**
 * Opens the side panel and returns its page, navigating (not waited for: the probes poll it).
 * In a tab: a new tab. As the real panel: the control page is brought to the front and its
 * open button clicked; the panel's page is the new target at sidepanel.html.
 */
export async function openPanel(s: PanelHost): Promise<Page> {
  if (s.panelMode === 'tab') {
    const page = await s.browser.newPage();
    await page.goto(`${s.base}sidepanel.html`, { waitUntil: 'domcontentloaded' });
    return page;
  }
  const match = isPanel(s.base);
  if (panelOpen(s)) throw new Error('a side panel is open already: close it first (closePanel)');
  await installButtons(s.control);
  await s.control.bringToFront();
  const appeared = s.browser.waitForTarget((t) => match(t.url()), { timeout: 15_000 });
  await s.control.click(`#${OPEN_BUTTON}`);
  const target = await appeared.catch(async () => {
    const why = await s.control.evaluate('window.__cpPanelError').catch(() => null);
    throw new Error(`the side panel did not open within 15 s${why ? `: ${String(why)}` : ''}`);
  });
  return target.asPage();
}

/** Closes a panel `openPanel` opened (the tab, or the real side panel), and waits until its page is gone. */
export async function closePanel(s: PanelHost, page: Page): Promise<void> {
  if (s.panelMode === 'tab') return page.close();
  await installButtons(s.control);
  await s.control.bringToFront();
  await s.control.click(`#${CLOSE_BUTTON}`);
  for (let i = 0; i < 400 && panelOpen(s); i++) await sleep(25);
  if (panelOpen(s)) throw new Error('the side panel did not close within 10 s');
}

/**
 * Waits until `page`'s performance timeline has an entry named `name` (a `cp-` mark, or
 * `first-contentful-paint`: a panel's rows on screen), at most `timeoutMs`; resolves either way.
 */
export async function waitForEntry(page: Page, name: string, timeoutMs: number): Promise<void> {
  await page.waitForFunction((n: string) => performance.getEntriesByName(n).length > 0, { timeout: timeoutMs }, name).catch(() => undefined);
}

/**
 * A panel page's timeline, in ms since navigation: the navigation's `responseEnd`, `domInteractive`
 * and `domContentLoadedEventEnd`, every performance mark (the panel's `cp-` marks), `renderedAt`
 * (its first rows in the DOM) and `firstContentfulPaint` (on screen); those not reached are left out.
 */
export async function panelMarks(page: Page): Promise<Record<string, number>> {
  const all = await page.evaluate(() => {
    const o: Record<string, unknown> = {};
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (nav) for (const k of ['responseEnd', 'domInteractive', 'domContentLoadedEventEnd'] as const) o[k] = nav[k];
    for (const m of performance.getEntriesByType('mark')) o[m.name] = m.startTime;
    o.renderedAt = (window as unknown as { __cpListRenderedAt?: number }).__cpListRenderedAt;
    o.firstContentfulPaint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    return o;
  });
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

/** `window.__cpListRenderedAt` of a panel's page (its first rows, in ms since navigation), polled every 20 ms; null after `timeoutMs`. */
export async function pollRendered(page: Page, timeoutMs = 60_000): Promise<number | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const v = await page.evaluate(() => (window as unknown as { __cpListRenderedAt?: number }).__cpListRenderedAt ?? null);
    if (typeof v === 'number') return v;
    await sleep(20);
  }
  return null;
}
