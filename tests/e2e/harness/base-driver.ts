/**
 * The browser-independent half of a driver: the control tab, protocol calls,
 * tab ids, web pages, screenshots and cleanup. `chromium.ts` and `firefox.ts`
 * supply launching, extension pages and background control.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { uiToBackground } from '../../../src/protocol/protocol';
import type { Envelope } from '../../../src/protocol/rpc';
import { testCalls } from '../../../src/protocol/test-protocol';
import { isErrorCode } from '../../../src/util/result';
import { closeBrowser, removeDir } from './browser-process';
import type { BrowserName, CallResult, CallValue, ExtensionDriver, Method, ParamsArg, RestartOptions } from './driver';
import { poll, withTimeout } from './poll';
import { phaseTimer } from './trace';

/** How long {@link BaseDriver.call} waits for an answer. */
const CALL_TIMEOUT_MS = 60_000;

/** Every call the harness may make, with its schemas: what a test build serves. */
const CALLS = { ...uiToBackground, ...testCalls() };

let callCounter = 0;
/** A fresh envelope id, as the extension's own client sends (see `createClient` in src/protocol/rpc.ts). */
const newCallId = () => `e2e-${process.pid}-${++callCounter}-${Math.random().toString(36).slice(2, 8)}`;

interface TabInfo {
  id?: number;
  url?: string;
  title?: string;
}

/** Shared driver logic; subclasses launch the browser and control the background. */
export abstract class BaseDriver implements ExtensionDriver {
  abstract readonly name: BrowserName;
  abstract readonly baseUrl: string;
  abstract openExtensionPage(path: string, tab?: Page): Promise<Page>;
  abstract stopBackground(): Promise<void>;
  abstract killBackground(): Promise<void>;
  abstract isBackgroundRunning(): Promise<boolean>;
  /** Launches the browser on `profileDir` with the extension ready and opens the control tab. */
  abstract start(): Promise<void>;

  protected current: Browser | undefined;
  private control: Page | undefined;
  /** Temp dirs to remove on close. */
  protected readonly tempDirs: string[] = [];

  /**
   * @param profileDir browser profile, kept across restarts
   * @param controlPath extension page used as the control tab
   * @param ownsProfile remove `profileDir` on close (it was a fresh temp dir)
   */
  constructor(
    readonly profileDir: string,
    protected readonly controlPath: string,
    protected readonly ownsProfile: boolean,
  ) {
    if (ownsProfile) this.tempDirs.push(profileDir);
  }

  get downloadsDir(): string {
    return join(this.profileDir, 'downloads');
  }

  get browser(): Browser {
    if (!this.current) throw new Error(`${this.name}: the browser is not running`);
    return this.current;
  }

  async openPage(url: string, tab?: Page): Promise<Page> {
    const page = tab ?? (await this.browser.newPage());
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    return page;
  }

  /** The control tab (an extension page), reopened if a test closed it. */
  protected async controlPage(): Promise<Page> {
    if (!this.control || this.control.isClosed()) this.control = await this.openExtensionPage(this.controlPath);
    return this.control;
  }

  /** Forget pages of a closed browser instance. */
  protected resetPages(): void {
    this.control = undefined;
  }

  async call<K extends Method>(method: K, ...args: ParamsArg<K>): Promise<CallResult<K>> {
    const params: unknown = args[0] ?? {};
    const spec = Object.hasOwn(CALLS, method) ? CALLS[method] : undefined;
    if (!spec) throw new Error(`${this.name}: call('${method}'): no such call in the protocol`);
    const page = await this.controlPage();
    const envelope: Envelope = { cp: 1, to: 'background', method, params, id: newCallId() };
    let raw: unknown;
    try {
      raw = await withTimeout(
        page.evaluate((env) => {
          const g = globalThis as any;
          const api = g.browser?.runtime?.sendMessage ? g.browser : g.chrome;
          return api.runtime.sendMessage(env) as Promise<unknown>;
        }, envelope),
        CALL_TIMEOUT_MS,
        `${this.name}: call('${method}') got no answer`,
      );
    } catch (e) {
      throw new Error(`${this.name}: call('${method}') failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const shown = () => JSON.stringify(raw)?.slice(0, 300);
    const r = raw as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
    if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') {
      throw new Error(`${this.name}: call('${method}') answered ${shown()}, not {ok, ...}`);
    }
    if (!r.ok) {
      const { code, message } = r.error ?? {};
      if (!isErrorCode(code) || typeof message !== 'string') throw new Error(`${this.name}: call('${method}') answered a malformed error: ${shown()}`);
      return { ok: false, error: { code, message } };
    }
    const parsed = spec.res.safeParse(r.value);
    if (!parsed.success) {
      throw new Error(`${this.name}: call('${method}') answered a value its response schema rejects (${parsed.error.message}): ${shown()}`);
    }
    return { ok: true, value: parsed.data as CallValue<K> };
  }

  /** Lists open tabs through the extension's `tabs` API, from the control tab. */
  protected async queryTabs(): Promise<TabInfo[]> {
    const page = await this.controlPage();
    return page.evaluate(async () => {
      const g = globalThis as any;
      const api = g.browser?.tabs?.query ? g.browser : g.chrome;
      const tabs = (await api.tabs.query({})) as TabInfo[];
      return tabs.map((t) => ({ id: t.id, url: t.url, title: t.title }));
    });
  }

  async tabIdOf(page: Page): Promise<number> {
    const url = page.url();
    const matches = await poll(
      async () => {
        const found = (await this.queryTabs()).filter((t) => t.url === url && typeof t.id === 'number');
        return found.length ? found : undefined;
      },
      { timeout: 5_000, message: `${this.name}: a tab with url ${url}` },
    );
    if (matches.length === 1) return matches[0]!.id!;
    // Several tabs share the URL: tag this one's title for a moment.
    const marker = `commonplace-e2e-${Math.random().toString(36).slice(2)}`;
    const oldTitle = await page.evaluate((m) => {
      const t = document.title;
      document.title = m;
      return t;
    }, marker);
    try {
      const tab = await poll(async () => (await this.queryTabs()).find((t) => t.title === marker), {
        timeout: 5_000,
        message: `${this.name}: the tab titled ${marker}`,
      });
      return tab.id!;
    } finally {
      await page.evaluate((t) => {
        document.title = t;
      }, oldTitle);
    }
  }

  async screenshot(page: Page, file: string): Promise<void> {
    mkdirSync(dirname(file), { recursive: true });
    // A tab behind others draws no frame, and a screenshot waits for one: in front first (theme.e2e's popup
    // shot hung its test for its whole 120 s under `npm run screenshots`).
    await page.bringToFront();
    await page.screenshot({ path: file as `${string}.png` });
  }

  /**
   * Closes the current browser instance (kills leftovers) and forgets its pages.
   * `graceful` lets it flush the profile; skip that only when the profile is discarded.
   */
  protected async closeCurrent(graceful = true): Promise<void> {
    const browser = this.current;
    this.current = undefined;
    this.resetPages();
    const lap = phaseTimer(`${this.name} close`);
    if (browser) await closeBrowser(browser, { graceful });
    lap(graceful ? 'graceful' : 'killed');
  }

  async restart(opts: RestartOptions = {}): Promise<void> {
    await this.closeCurrent(!opts.crash);
    await this.start();
  }

  async close(): Promise<void> {
    await this.closeCurrent(!this.ownsProfile);
    for (const dir of this.tempDirs.splice(0)) removeDir(dir);
  }
}
