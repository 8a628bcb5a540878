/**
 * One interface over both browsers, so each scenario is written once:
 *
 * ```ts
 * for (const name of browsersUnderTest()) describe(name, () => { ... launchDriver(name) ... });
 * ```
 */
import type { Browser, Page } from 'puppeteer-core';
import type { Req, Res } from '../../../src/protocol/rpc';
import type { AnyToBackground } from '../../../src/protocol/test-protocol';
import type { Result } from '../../../src/util/result';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';

/** The browsers the harness can drive. */
export type BrowserName = 'chromium' | 'firefox';

/**
 * A background call the harness may make: a production call (`UiToBackground`) or a
 * test-only one (`TestToBackground`, present only in `--mode test` builds).
 */
export type Method = keyof AnyToBackground & string;
/** The params of `K`, as the caller writes them (the request schema's input type). */
export type CallParams<K extends Method> = Req<AnyToBackground, K>;
/** The value `K` answers with (the response schema's output type). */
export type CallValue<K extends Method> = Res<AnyToBackground, K>;
/** The params argument of `K`: optional when the call takes none. */
export type ParamsArg<K extends Method> = {} extends CallParams<K> ? [params?: CallParams<K>] : [params: CallParams<K>];
/** The answer of a background call, checked against the call's response schema: `{ ok: true, value }` or `{ ok: false, error }`. */
export type CallResult<K extends Method> = Result<CallValue<K>>;

/** A headless browser with the built extension installed. */
export interface ExtensionDriver {
  readonly name: BrowserName;
  /** Extension base URL with trailing slash: `chrome-extension://ID/` or `moz-extension://UUID/`. */
  readonly baseUrl: string;
  /** The browser profile directory (kept across {@link ExtensionDriver.restart}). */
  readonly profileDir: string;
  /** Where the browser saves downloads (exports, backups): `<profileDir>/downloads`, set at every start. */
  readonly downloadsDir: string;
  /** The current puppeteer Browser; a new object after every restart. Escape hatch for special cases. */
  readonly browser: Browser;
  /**
   * Opens a web page (fixture server URL) in a new tab, or navigates `tab` to it (a new document
   * in a tab already open: cheaper than a new tab in a loop), and waits for its `load` event.
   */
  openPage(url: string, tab?: Page): Promise<Page>;
  /**
   * Opens an extension page (`'options.html'`, `'sidepanel.html#clip=ID'`,
   * `'popup.html?tabId=3'`) in a new tab, or navigates `tab` to it (a new document, as above);
   * resolves once its DOM is parsed (`readyState` is `interactive` or `complete`).
   */
  openExtensionPage(path: string, tab?: Page): Promise<Page>;
  /**
   * Sends one protocol call (`{ cp: 1, to: 'background', method, params, id }`) from the
   * harness's control tab (an extension page), once, with no retry, and returns the
   * result with its value checked against the call's response schema. Throws if the
   * message could not be delivered, nothing answered, or the answer is malformed.
   */
  call<K extends Method>(method: K, ...params: ParamsArg<K>): Promise<CallResult<K>>;
  /** The browser's tab id of a page opened with {@link ExtensionDriver.openPage} (found by URL). */
  tabIdOf(page: Page): Promise<number>;
  /**
   * Stops the background now, the way the browser does when it is idle, and
   * resolves once it is stopped; the next extension event starts it again.
   * Chromium: CDP `ServiceWorker.stopWorker`. Firefox: the event page's
   * `terminateBackground()`, as about:debugging's "Terminate background script".
   */
  stopBackground(): Promise<void>;
  /**
   * Stops whatever background runs right now, once, as a crash at this instant would, and
   * resolves when that instance is gone. Unlike {@link ExtensionDriver.stopBackground} it
   * leaves alone a background the extension starts again right after (a retried message).
   */
  killBackground(): Promise<void>;
  /** Firefox only: grant "Run in Private Windows" and reload the add-on (Chromium has no API for it). */
  allowInPrivateWindows?(): Promise<void>;
  /** Whether the background (service worker / event page) is running right now. Does not wake it. */
  isBackgroundRunning(): Promise<boolean>;
  /**
   * Closes the browser and launches it again on the same profile, extension
   * installed and its data kept. Pages opened before are gone.
   */
  restart(opts?: RestartOptions): Promise<void>;
  /** Writes a PNG screenshot of `page` to `file` (parent directories are created). */
  screenshot(page: Page, file: string): Promise<void>;
  /** Closes the browser, kills any leftover process of it, and removes temp dirs it created. */
  close(): Promise<void>;
}

/** Options for {@link ExtensionDriver.restart}. */
export interface RestartOptions {
  /**
   * Kill every process of the browser at once (SIGKILL to its process group), as a crash
   * would, instead of closing it: nothing gets to flush or say goodbye.
   */
  crash?: boolean;
}

/** Options for {@link launchDriver}. */
export interface LaunchOptions {
  /**
   * Profile directory to use (created if missing); kept on close. Default: a fresh
   * temp dir, removed on close.
   */
  profileDir?: string;
  /** Extension page used as the control tab for {@link ExtensionDriver.call}. Default `'options.html'`. */
  controlPage?: string;
}

/** Launches `name` headless with the built extension (see build-output.ts) installed. */
export function launchDriver(name: BrowserName, opts: LaunchOptions = {}): Promise<ExtensionDriver> {
  return name === 'chromium' ? launchChromium(opts) : launchFirefox(opts);
}

const ALL_BROWSERS: readonly BrowserName[] = ['chromium', 'firefox'];

/**
 * The browsers selected by `COMMONPLACE_BROWSERS` (comma-separated; default
 * `chromium,firefox`). Throws on an unknown name rather than silently testing less.
 */
export function browsersUnderTest(): BrowserName[] {
  const raw = process.env.COMMONPLACE_BROWSERS?.trim() || ALL_BROWSERS.join(',');
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!ALL_BROWSERS.includes(n as BrowserName)) {
      throw new Error(`COMMONPLACE_BROWSERS: unknown browser "${n}" (expected ${ALL_BROWSERS.join(', ')})`);
    }
  }
  return [...new Set(names)] as BrowserName[];
}

/**
 * The two browsers of a test that needs two (one writes, the other joins or follows), for the
 * test numbered `turn` in its file. With both browsers under test it is Chromium then Firefox
 * on even turns and the other way round on odd ones: each browser writes and each joins across
 * a file, which runs once instead of once per browser (two browsers of the same kind prove less
 * than one of each, and CI's time is bounded). With one browser under test, both are it.
 */
export function browserPair(turn: number): [BrowserName, BrowserName] {
  const names = browsersUnderTest();
  if (names.length === 1) return [names[0]!, names[0]!];
  return turn % 2 === 0 ? ['chromium', 'firefox'] : ['firefox', 'chromium'];
}

/**
 * The browser a scenario of browser-independent UI logic runs in: `preferred` when it is under
 * test, else the first one that is. The side panel is one Preact bundle in both browsers, so its
 * filters, orders, cards, saved views and bulk marks are proven once each, and the files are
 * shared out (organise's 1,000 clips in Chromium; list orders, cards, saved views, bulk changes
 * and the deep search in Firefox) so each engine draws and scrolls some of them. What depends on
 * the browser (messaging, worker lifetimes, capture, storage, sync, text segmentation in search)
 * still runs in both. `COMMONPLACE_E2E_EVERY_BROWSER=1` runs these in every browser under test
 * too. Why: CI's 30 minutes on two cores (the suite took 1,765 s on 2026-12-07, the second
 * browser of these files ~200 s of file time).
 */
export function uiScenarioBrowsers(preferred: BrowserName): BrowserName[] {
  const names = browsersUnderTest();
  if (process.env.COMMONPLACE_E2E_EVERY_BROWSER === '1') return names;
  return names.includes(preferred) ? [preferred] : names.slice(0, 1);
}
