/**
 * Chromium driver: Debian's /usr/bin/chromium over CDP (pipe), the unpacked MV3
 * build loaded with `Extensions.loadUnpacked` (what puppeteer's `enableExtensions`
 * does).
 *
 * The build is first copied into the profile (`<profile>/commonplace-extension`):
 * Chromium reads extension files lazily, so a `wxt build` running meanwhile (which
 * empties .output/) would otherwise break a test mid-run. The extension id is
 * derived from that path, so it is stable for the profile, across restarts.
 * Chromium does not persist an extension loaded this way: restart() loads it again
 * from the same copy, which fires `runtime.onInstalled` with reason "install" (not
 * `onStartup`); its storage and IndexedDB are kept.
 */
import { cpSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import puppeteer, { type CDPSession, type Page } from 'puppeteer-core';
import { BaseDriver } from './base-driver';
import { makeTempDir, removeDir } from './browser-process';
import { builtExtension } from './build-output';
import type { ExtensionDriver, LaunchOptions } from './driver';
import { poll } from './poll';
import { phaseTimer } from './trace';

/** Chromium binary (the Debian wrapper script). */
export const CHROMIUM_PATH = process.env.COMMONPLACE_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for headless Chromium on a machine with no network but loopback (see shared platform notes). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface WorkerVersion {
  versionId: string;
  scriptURL: string;
  runningStatus: string;
}

class ChromiumDriver extends BaseDriver {
  readonly name = 'chromium' as const;
  /** Set by start() from the id Chromium assigns; the same across restarts. */
  baseUrl = '';
  private readonly extensionDir = join(this.profileDir, 'commonplace-extension');
  private copied = false;
  private cdp: CDPSession | undefined;
  private browserCdp: CDPSession | undefined;
  private readonly versions = new Map<string, WorkerVersion>();
  /** How many times CDP reported a version of any worker going to `stopped`. */
  private stops = 0;

  constructor(
    private readonly buildDir: string,
    profileDir: string,
    controlPath: string,
    ownsProfile: boolean,
  ) {
    super(profileDir, controlPath, ownsProfile);
  }

  async start(): Promise<void> {
    const lap = phaseTimer('chromium start');
    if (!this.copied) {
      removeDir(this.extensionDir);
      cpSync(this.buildDir, this.extensionDir, { recursive: true });
      this.copied = true; // restart() keeps this copy, as a browser keeps the installed version
    }
    this.setDownloadFolder();
    this.current = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      pipe: true,
      enableExtensions: true,
      userDataDir: this.profileDir,
      args: CHROMIUM_ARGS,
    });
    lap('launch');
    const id = await this.browser.installExtension(this.extensionDir);
    lap('install');
    const base = `chrome-extension://${id}/`;
    if (this.baseUrl && this.baseUrl !== base) throw new Error(`chromium: extension id changed from ${this.baseUrl} to ${base}`);
    this.baseUrl = base;
    // The id also appears as the service worker's URL; waiting for it proves the background registered.
    await this.browser
      .waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(base), { timeout: 15_000 })
      .catch(() => {
        throw new Error(`chromium: the extension's service worker never started (${base}); check the background build`);
      });
    lap('service worker');
    // Open the control tab first, so tabs opened by tests are the newest (active) ones.
    await this.controlPage();
    lap('control page');
  }

  /**
   * Downloads (exports, backups) go to the profile's own folder, never the user's: the profile's
   * preferences say so before every start (CDP's Browser.setDownloadBehavior does not apply to
   * the extension downloads API).
   */
  private setDownloadFolder(): void {
    const file = join(this.profileDir, 'Default', 'Preferences');
    mkdirSync(dirname(file), { recursive: true });
    let prefs: Record<string, any> = {};
    try {
      prefs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
    } catch {
      // A new profile: no preferences yet.
    }
    prefs.download = { ...(prefs.download ?? {}), default_directory: this.downloadsDir, prompt_for_download: false, directory_upgrade: true };
    prefs.savefile = { ...(prefs.savefile ?? {}), default_directory: this.downloadsDir };
    writeFileSync(file, JSON.stringify(prefs));
  }

  async openExtensionPage(path: string, tab?: Page): Promise<Page> {
    const page = tab ?? (await this.browser.newPage());
    await page.goto(new URL(path, this.baseUrl).href, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    return page;
  }

  protected override resetPages(): void {
    super.resetPages();
    this.cdp = undefined;
    this.browserCdp = undefined;
  }

  /** A CDP session on the control tab with the ServiceWorker domain enabled (recreated with the tab). */
  private async workerSession(): Promise<CDPSession> {
    const page = await this.controlPage();
    if (this.cdp && !this.cdp.detached) return this.cdp;
    this.versions.clear();
    const cdp = await page.createCDPSession();
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: WorkerVersion[] }) => {
      for (const v of e.versions) {
        if (v.runningStatus === 'stopped' && this.versions.get(v.versionId)?.runningStatus !== 'stopped') this.stops++;
        this.versions.set(v.versionId, v);
      }
    });
    await cdp.send('ServiceWorker.enable');
    this.cdp = cdp;
    // The versions come as events after `enable` answers: a kill asked at once (the first worker
    // call of a test) found none and stopped nothing. Wait for ours (a worker that does not run
    // at all is reported too, as stopped), up to 2 s.
    const until = Date.now() + 2_000;
    while (![...this.versions.values()].some((v) => v.scriptURL.startsWith(this.baseUrl)) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    return cdp;
  }

  /**
   * Asks the browser (CDP `Target.getTargets`) whether this extension's worker
   * target exists now, rather than trusting puppeteer's event-fed target list,
   * which may lag behind a worker that has just woken or stopped.
   */
  private async workerTargetExists(): Promise<boolean> {
    if (!this.browserCdp || this.browserCdp.detached) this.browserCdp = await this.browser.target().createCDPSession();
    const { targetInfos } = await this.browserCdp.send('Target.getTargets', { filter: [{ type: 'service_worker' }] });
    return targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(this.baseUrl));
  }

  async isBackgroundRunning(): Promise<boolean> {
    return this.workerTargetExists();
  }

  /**
   * Stops the extension's service worker with CDP `ServiceWorker.stopWorker` (what
   * chrome://serviceworker-internals "Stop" does). Resolves when CDP reports no version of ours
   * running and its target is gone, or, once a version of ours was reported stopped after the
   * first `stopWorker`, when one runs again: an open extension page reconnects its keep-awake port
   * a second later and starts the worker again, as in a real browser, and waiting for "no worker
   * at all" then timed out under load. Only this extension's worker is stopped.
   */
  async stopBackground(): Promise<void> {
    const cdp = await this.workerSession();
    const stopsBefore = this.stops;
    let asked = false;
    await poll(
      async () => {
        const ours = [...this.versions.values()].filter((v) => v.scriptURL.startsWith(this.baseUrl));
        const running = ours.filter((v) => v.runningStatus === 'running' || v.runningStatus === 'starting');
        if (asked && this.stops > stopsBefore && running.length > 0) return true; // stopped, and started again since
        for (const v of running) await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
        asked ||= running.length > 0;
        return running.length === 0 && ours.every((v) => v.runningStatus === 'stopped') && !(await this.workerTargetExists());
      },
      { timeout: 10_000, interval: 25, message: 'chromium: the service worker to stop' },
    );
  }

  async killBackground(): Promise<void> {
    const cdp = await this.workerSession();
    const ours = () => [...this.versions.values()].filter((v) => v.scriptURL.startsWith(this.baseUrl));
    const victims = ours().filter((v) => v.runningStatus === 'running' || v.runningStatus === 'starting').map((v) => v.versionId);
    // stopWorker answers once the worker is stopped; a retried message may start it again at once.
    for (const versionId of victims) await cdp.send('ServiceWorker.stopWorker', { versionId });
  }

  /**
   * Chromium keeps its process-singleton socket in /tmp/org.chromium.Chromium.XXXXXX
   * (linked from the profile's `SingletonSocket`) and removes it only on a clean
   * exit; remove it after a kill too.
   */
  protected override async closeCurrent(graceful = true): Promise<void> {
    let socketDir: string | undefined;
    try {
      socketDir = dirname(readlinkSync(join(this.profileDir, 'SingletonSocket')));
    } catch {
      // no singleton socket (browser not running)
    }
    await super.closeCurrent(graceful);
    if (socketDir && basename(socketDir).startsWith('org.chromium.Chromium.')) removeDir(socketDir);
  }
}

/** Launches Chromium with the built extension; see {@link ExtensionDriver}. */
export async function launchChromium(opts: LaunchOptions = {}): Promise<ExtensionDriver> {
  const { dir } = builtExtension('chromium'); // throws before anything is created
  const profileDir = opts.profileDir ?? makeTempDir('chromium');
  const driver = new ChromiumDriver(dir, profileDir, opts.controlPage ?? 'options.html', !opts.profileDir);
  try {
    mkdirSync(profileDir, { recursive: true });
    await driver.start();
  } catch (e) {
    await driver.close();
    throw e;
  }
  return driver;
}
