/**
 * Headless Chromium with the built extension, as docs/platform notes prescribe:
 * Debian's /usr/bin/chromium, pipe transport, `enableExtensions: [dir]`, a fresh
 * profile. The build output is copied to a temp dir first, so a rebuild by someone
 * else mid-run cannot swap the extension's files under the benchmark.
 *
 * Network: `--host-resolver-rules` maps every host except 127.0.0.1 to NOTFOUND, so a
 * corpus page's external images, scripts and fonts fail at once and nothing leaves
 * the machine.
 */
import { CHROMIUM_ARGS } from '../../tests/e2e/harness/chromium';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type CDPSession, type Page, type Target } from 'puppeteer-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CHROMIUM = process.env.COMMONPLACE_CHROMIUM ?? '/usr/bin/chromium';

export const log = (...a: unknown[]): void => void process.stderr.write(`${a.map(String).join(' ')}\n`);

/** Builds the Chromium MV3 extension (unless `skip`) and returns a private copy of the output. */
export function buildExtension(skip: boolean): string {
  const wait = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  const out = join(ROOT, '.output', 'chrome-mv3');
  if (!skip) {
    log('building the extension: npx wxt build -b chrome …');
    const t0 = Date.now();
    const r = spawnSync('npx', ['wxt', 'build', '-b', 'chrome'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(r.stdout ?? '');
      process.stderr.write(r.stderr ?? '');
      throw new Error(`wxt build failed (exit ${r.status})`);
    }
    log(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  // Someone else's build may be rewriting the folder: wait for a manifest, then for the files to settle.
  for (let i = 0; i < 120 && !existsSync(join(out, 'manifest.json')); i++) wait(1000);
  if (!existsSync(join(out, 'manifest.json'))) throw new Error(`no build at ${out}; run without --no-build`);
  wait(2000);
  const copy = mkdtempSync(join(tmpdir(), 'cp-bench-ext-'));
  cpSync(out, copy, { recursive: true });
  return copy;
}

export interface Session {
  readonly browser: Browser;
  readonly extId: string;
  readonly base: string;
  /** An extension page (options.html) used to send protocol messages. */
  readonly control: Page;
  readonly profileDir: string;
  close(): Promise<void>;
}

export async function launch(extDir: string, extraArgs: string[] = []): Promise<Session> {
  const profileDir = mkdtempSync(join(tmpdir(), 'cp-bench-profile-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    enableExtensions: [extDir],
    userDataDir: profileDir,
    protocolTimeout: 600_000,
    args: [
      ...CHROMIUM_ARGS,
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      // Tabs other than the one in front must not be throttled while we time them.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      ...extraArgs,
    ],
  });
  const pid = browser.process()?.pid;
  const close = async () => {
    await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 15_000))]);
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL'); // puppeteer starts the browser detached: its pid is its process group
      } catch {
        // already gone
      }
    }
    rmSync(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  try {
    const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 20_000 });
    const extId = new URL(sw.url()).host;
    const base = `chrome-extension://${extId}/`;
    const control = await openExtensionPage(browser, base, 'options.html');
    return { browser, extId, base, control, profileDir, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export async function openExtensionPage(browser: Browser, base: string, path: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => log(`[${path} error]`, e instanceof Error ? e.message : String(e)));
  await page.goto(base + path, { waitUntil: 'domcontentloaded', timeout: 30_000 });
  return page;
}

/** `ms` is timed in the page; `at` is its start as an absolute time (performance.timeOrigin + now). */
export type CallResult<T = any> =
  | { ok: true; value: T; ms: number; at: number }
  | { ok: false; error: { code: string; message: string }; ms: number; at: number };

/**
 * Sends one protocol message from an extension page and times it there:
 * ms = performance.now() around `chrome.runtime.sendMessage` (no puppeteer overhead).
 */
export async function call<T = any>(page: Page, method: string, params: unknown = {}): Promise<CallResult<T>> {
  return page.evaluate(
    async (method, params) => {
      const t0 = performance.now();
      const at = performance.timeOrigin + t0;
      let raw: any;
      try {
        raw = await chrome.runtime.sendMessage({ cp: 1, to: 'background', method, params });
      } catch (e) {
        return { ok: false, error: { code: 'transport', message: e instanceof Error ? e.message : String(e) }, ms: performance.now() - t0, at };
      }
      const ms = performance.now() - t0;
      if (!raw || typeof raw !== 'object') return { ok: false, error: { code: 'no-answer', message: `no answer (${String(raw)})` }, ms, at };
      return { ...raw, ms, at };
    },
    method,
    params as any,
  ) as Promise<CallResult<T>>;
}

export async function callOk<T = any>(page: Page, method: string, params: unknown = {}): Promise<T> {
  const r = await call<T>(page, method, params);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The tab id (as chrome.tabs sees it) of the tab showing a URL that starts with `prefix`. */
export async function tabIdFor(control: Page, prefix: string): Promise<number> {
  const id = await control.evaluate(async (prefix) => (await chrome.tabs.query({})).find((t) => (t.url ?? t.pendingUrl ?? '').startsWith(prefix))?.id ?? null, prefix);
  if (id === null) throw new Error(`no tab shows ${prefix}`);
  return id;
}

export function workerTarget(s: Session): Target {
  const t = s.browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(s.base));
  if (!t) throw new Error('the extension service worker is not running');
  return t;
}

/**
 * A CDP session on the extension's service worker. Makes a protocol round trip
 * through the control page first: evaluating in a worker that is still starting hangs.
 */
export async function workerSession(s: Session): Promise<CDPSession> {
  await callOk(s.control, 'ping');
  const cdp = await workerTarget(s).createCDPSession();
  await cdp.send('Runtime.enable');
  return cdp;
}

/** Evaluates an expression (may be async) in the service worker and returns its JSON value. */
export async function evalInWorker<T = any>(cdp: CDPSession, expression: string): Promise<T> {
  const r = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (r.exceptionDetails) throw new Error(`worker evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
  return r.result.value as T;
}

export async function gotoLoaded(page: Page, url: string, timeout = 30_000): Promise<{ ms: number; timedOut: boolean }> {
  const t0 = Date.now();
  try {
    await page.goto(url, { waitUntil: 'load', timeout });
    return { ms: Date.now() - t0, timedOut: false };
  } catch (e) {
    if (e instanceof Error && /timeout/i.test(e.message)) return { ms: Date.now() - t0, timedOut: true };
    throw e;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
