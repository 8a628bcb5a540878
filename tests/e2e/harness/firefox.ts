/**
 * Firefox driver: /usr/bin/firefox-esr over WebDriver BiDi.
 *
 * - The extension is packed into an .xpi and installed *permanently*
 *   (`webExtension.install` with `moz:permanent`, allowed because ESR honours
 *   `xpinstall.signatures.required=false`). It therefore survives a restart the
 *   way a user's add-on does: no reinstall, `runtime.onStartup` fires, and its
 *   IndexedDB/storage stay in the profile.
 * - `extensions.webextensions.uuids` pins the moz-extension:// UUID, so `baseUrl`
 *   is known before launch and stable across restarts.
 * - Background control needs privileged ("chrome") script access, which
 *   `--remote-allow-system-access` grants to BiDi: the harness evaluates in the
 *   browser window's chrome context (`browsingContext.getTree` with
 *   `moz:scope: 'chrome'`) through puppeteer's raw BiDi connection.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { BaseDriver } from './base-driver';
import { makeTempDir, removeDir } from './browser-process';
import { builtExtension } from './build-output';
import { seedFirefoxProfile, settleProfile } from './firefox-profile';
import type { ExtensionDriver, LaunchOptions } from './driver';
import { poll } from './poll';
import { phaseTimer } from './trace';
import { packXpi } from './xpi';

/** Firefox binary. */
export const FIREFOX_PATH = process.env.COMMONPLACE_FIREFOX ?? '/usr/bin/firefox-esr';

/** The moz-extension:// UUID pinned for the extension in every harness profile. */
export const FIREFOX_EXTENSION_UUID = 'c0ffee00-cafe-4b1d-9e57-c011ec7ed0c5';

/** The subset of puppeteer's internal BiDi connection the driver uses. */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: any }>;
}

function bidi(browser: Browser): BidiConnection {
  const connection = (browser as unknown as { connection?: BidiConnection }).connection;
  if (!connection || typeof connection.send !== 'function') {
    throw new Error('firefox: puppeteer no longer exposes its BiDi connection (browser.connection); update firefox.ts');
  }
  return connection;
}

class FirefoxDriver extends BaseDriver {
  readonly name = 'firefox' as const;
  readonly baseUrl = `moz-extension://${FIREFOX_EXTENSION_UUID}/`;
  constructor(
    private readonly buildDir: string,
    private readonly geckoId: string,
    profileDir: string,
    controlPath: string,
    ownsProfile: boolean,
  ) {
    super(profileDir, controlPath, ownsProfile);
  }

  async start(): Promise<void> {
    const lap = phaseTimer('firefox start');
    // A browser closed before (a restart, a reused profile) may not have its own preferences back yet.
    await settleProfile(this.profileDir);
    this.current = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      userDataDir: this.profileDir,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [this.geckoId]: FIREFOX_EXTENSION_UUID }),
        'xpinstall.signatures.required': false,
        // Downloads (exports, backups) go to the profile's own folder, never the user's.
        'browser.download.dir': this.downloadsDir,
        'browser.download.folderList': 2,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.download.start_downloads_in_tmp_dir': false,
      },
    });
    lap('launch');
    if (this.installedInProfile()) {
      await poll(() => this.extensionState(), { timeout: 15_000, message: 'firefox: the installed extension to load' });
    } else {
      await this.install();
    }
    await poll(async () => (await this.extensionState())?.active, { timeout: 15_000, message: 'firefox: the extension to be active' });
    lap('extension ready');
    await this.controlPage();
    lap('control page');
  }

  /** Whether the profile already holds the add-on (a restart, or a reused `profileDir`). */
  private installedInProfile(): boolean {
    const file = join(this.profileDir, 'extensions.json');
    return existsSync(file) && readFileSync(file, 'utf8').includes(JSON.stringify(this.geckoId));
  }

  /** Packs the build into an .xpi and installs it permanently (Firefox copies it into the profile). */
  private async install(): Promise<void> {
    const dir = makeTempDir('xpi');
    try {
      const xpi = join(dir, 'commonplace.xpi');
      packXpi(this.buildDir, xpi);
      const { result } = await bidi(this.browser).send('webExtension.install', {
        extensionData: { type: 'archivePath', path: xpi },
        'moz:permanent': true,
      });
      if (result?.extension !== this.geckoId) throw new Error(`firefox: installed ${JSON.stringify(result)}, expected ${this.geckoId}`);
    } finally {
      removeDir(dir);
    }
  }

  /**
   * Evaluates `expression` with chrome privileges in the browser window (it may
   * return a promise) and returns its JSON-serialisable result.
   */
  private async chromeEval<T>(expression: string): Promise<T> {
    const connection = bidi(this.browser);
    const { result: tree } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const top = tree?.contexts?.[0] as { context?: string; url?: string } | undefined;
    const context = top?.context;
    if (!context) throw new Error('firefox: no chrome browsing context (is --remote-allow-system-access set?)');
    // An older Firefox ignores moz:scope and answers with a web page's context, where every chrome
    // script fails as "WebExtensionPolicy is not defined" (seen with 140.12; 153.8 answers chrome://).
    if (top.url !== undefined && !top.url.startsWith('chrome://')) {
      throw new Error(`firefox: ${FIREFOX_PATH} gave no chrome context over WebDriver BiDi (it gave ${top.url}): this Firefox is too old for the harness; install the current one (apt-get update && apt-get install -y firefox-esr)`);
    }
    const { result } = await connection.send('script.evaluate', {
      expression: `(async () => JSON.stringify(await (${expression})))()`,
      target: { context },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    if (result.type === 'exception') throw new Error(`firefox: chrome script failed: ${result.exceptionDetails?.text ?? 'unknown error'}`);
    const json = result.result?.value as string | undefined;
    return (json === undefined ? undefined : JSON.parse(json)) as T;
  }

  /** `{ active, backgroundState }` of the installed extension, or null when not installed. */
  private extensionState(): Promise<{ active: boolean; backgroundState: string | null } | null> {
    return this.chromeEval(`(() => {
      const policy = WebExtensionPolicy.getByID(${JSON.stringify(this.geckoId)});
      return policy ? { active: policy.active, backgroundState: policy.extension?.backgroundState ?? null } : null;
    })()`);
  }

  /**
   * `page.goto` to a moz-extension:// URL loads the page but never resolves, so
   * start the navigation and poll `location.href` and `readyState` instead. A page opened
   * without a hash may set one itself (the side panel restores the view it was left on). A reused
   * `tab`'s document is marked first, so one at the same URL is not taken for the new one.
   */
  async openExtensionPage(path: string, tab?: Page): Promise<Page> {
    const url = new URL(path, this.baseUrl).href;
    const page = tab ?? (await this.browser.newPage());
    if (tab) await tab.evaluate(() => void ((globalThis as { __commonplaceLeft?: boolean }).__commonplaceLeft = true));
    page.goto(url).catch(() => undefined);
    await poll(
      () =>
        page.evaluate(
          (u) => !(globalThis as { __commonplaceLeft?: boolean }).__commonplaceLeft && (location.href === u || (!u.includes('#') && location.href.startsWith(`${u}#`))) && document.readyState !== 'loading',
          url,
        ),
      {
        timeout: 15_000,
        message: `firefox: ${url} to load`,
        describe: async () => `the tab shows ${await page.evaluate(() => `${location.href} (${document.readyState})`).catch(() => 'nothing it can tell')}; the extension: ${JSON.stringify(await this.extensionState())}`,
      },
    );
    return page;
  }

  /**
   * Grants "Run in Private Windows" (what the user does in about:addons) and reloads the
   * add-on so it takes effect. Firefox-only: Chromium's incognito switch has no API.
   */
  async allowInPrivateWindows(): Promise<void> {
    const id = JSON.stringify(this.geckoId);
    await this.chromeEval(`(async () => {
      const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
      const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
      await ExtensionPermissions.add(${id}, { permissions: ['internal:privateBrowsingAllowed'], origins: [] });
      const addon = await AddonManager.getAddonByID(${id});
      await addon.reload();
      return true;
    })()`);
    this.resetPages(); // the reload closed every extension page, the control tab included
    await poll(async () => (await this.extensionState())?.active, { timeout: 15_000, message: 'firefox: the extension to be active again' });
    await poll(() => this.chromeEval<boolean>(`WebExtensionPolicy.getByID(${id})?.privateBrowsingAllowed === true`), {
      message: 'firefox: private browsing allowed',
    });
  }

  async isBackgroundRunning(): Promise<boolean> {
    const state = await this.extensionState();
    return state?.backgroundState === 'running' || state?.backgroundState === 'starting';
  }

  /**
   * Calls the event page's `extension.terminateBackground()` — what about:debugging's
   * "Terminate background script" and the idle timeout call — with
   * `disableResetIdleForTest` so pending listeners cannot veto it (like Chromium's
   * stopWorker), and resolves when `backgroundState` is `stopped`.
   */
  async stopBackground(): Promise<void> {
    const id = JSON.stringify(this.geckoId);
    await poll(
      () =>
        this.chromeEval<string>(`(async () => {
          const extension = WebExtensionPolicy.getByID(${id})?.extension;
          if (!extension) throw new Error('extension not installed');
          if (extension.backgroundState === 'running' || extension.backgroundState === 'starting') {
            await extension.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
            // It answers once the page has stopped; an open page may wake it again at once.
            return 'stopped';
          }
          return extension.backgroundState;
        })()`).then((state) => state === 'stopped'),
      { timeout: 10_000, message: 'firefox: the event page to stop' },
    );
  }

  async killBackground(): Promise<void> {
    const id = JSON.stringify(this.geckoId);
    await this.chromeEval<string>(`(async () => {
      const extension = WebExtensionPolicy.getByID(${id})?.extension;
      if (extension && (extension.backgroundState === 'running' || extension.backgroundState === 'starting')) {
        await extension.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
      }
      return extension?.backgroundState ?? 'none';
    })()`);
  }
}

/** Launches Firefox ESR with the built extension; see {@link ExtensionDriver}. */
export async function launchFirefox(opts: LaunchOptions = {}): Promise<ExtensionDriver> {
  const { dir, manifest } = builtExtension('firefox'); // throws before anything is created
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (typeof geckoId !== 'string') throw new Error('firefox: the build has no browser_specific_settings.gecko.id');
  const profileDir = opts.profileDir ?? makeTempDir('firefox');
  const driver = new FirefoxDriver(dir, geckoId, profileDir, opts.controlPage ?? 'options.html', !opts.profileDir);
  try {
    mkdirSync(profileDir, { recursive: true });
    const lap = phaseTimer('firefox');
    if (readdirSync(profileDir).length === 0) await seedFirefoxProfile(FIREFOX_PATH, profileDir);
    lap('profile seeded');
    await driver.start();
  } catch (e) {
    await driver.close();
    throw e;
  }
  return driver;
}
