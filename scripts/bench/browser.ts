/**
 * Headless Chromium with the built extension, as docs/platform notes prescribe:
 * Debian's /usr/bin/chromium, pipe transport, `enableExtensions: [dir]`, a fresh
 * profile. The extension is the *test* build (`wxt build -b chrome --mode test`, in
 * .output/chrome-mv3-test): the benchmarks need the test-only calls (`debugState`, see
 * src/protocol/test-protocol.ts), which production builds lack. The build output is
 * copied to a temp dir first, so a rebuild by someone else mid-run cannot swap the
 * extension's files under the benchmark.
 *
 * Network: `--host-resolver-rules` maps every host except 127.0.0.1 to NOTFOUND, so a
 * corpus page's external images, scripts and fonts fail at once and nothing leaves
 * the machine.
 *
 * Nothing here waits without a limit: every page of the browser has its dialogs
 * (alert, confirm, prompt, beforeunload) answered as a user would (see `handleDialogs`),
 * protocol calls (`call`) give up after a timeout, and `withTimeout` bounds anything else.
 */
import { CHROMIUM_ARGS } from '../../tests/e2e/harness/chromium';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type CDPSession, type Dialog, type Page, type Target } from 'puppeteer-core';
import { uiToBackground, type CallMap } from '../../src/protocol/protocol';
import type { Envelope, Req, Res } from '../../src/protocol/rpc';
import { testCalls, type AnyToBackground } from '../../src/protocol/test-protocol';
import { err, isErrorCode, ok, type Result } from '../../src/util/result';
import { ensureDisplay, type PanelMode } from './side-panel';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CHROMIUM = process.env.COMMONPLACE_CHROMIUM ?? '/usr/bin/chromium';

export const log = (...a: unknown[]): void => void process.stderr.write(`${a.map(String).join(' ')}\n`);

/** Where `wxt build -b chrome --mode test` writes the test build the benchmarks load (`COMMONPLACE_OUT_DIR`, as wxt.config.ts reads it, instead of `.output`). */
export const TEST_BUILD_DIR = join(ROOT, process.env.COMMONPLACE_OUT_DIR || '.output', 'chrome-mv3-test');
const BUILD_ARGS = ['wxt', 'build', '-b', 'chrome', '--mode', 'test'];

/** Builds the Chromium MV3 test extension (unless `skip`) and returns a private copy of the output. */
export function buildExtension(skip: boolean): string {
  const wait = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  const out = TEST_BUILD_DIR;
  if (!skip) {
    log(`building the test extension: npx ${BUILD_ARGS.join(' ')} …`);
    const t0 = Date.now();
    const r = spawnSync('npx', BUILD_ARGS, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) {
      process.stderr.write(r.stdout ?? '');
      process.stderr.write(r.stderr ?? '');
      throw new Error(`wxt build failed (exit ${r.status})`);
    }
    log(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  // Someone else's build may be rewriting the folder: wait for a manifest, then for the files to settle.
  for (let i = 0; i < 120 && !existsSync(join(out, 'manifest.json')); i++) wait(1000);
  if (!existsSync(join(out, 'manifest.json'))) throw new Error(`no test build at ${out}; run without --no-build (or \`npx ${BUILD_ARGS.join(' ')}\`)`);
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
  /** Where `openPanel` (side-panel.ts) opens the side panel: a tab, or the real panel (headful, `--side-panel`). */
  readonly panelMode: PanelMode;
  /** Every dialog any page of this browser opened, in order, as `handleDialogs` answered it. */
  readonly dialogs: DialogSeen[];
  /** Answers `page`'s dialogs (once per page; `launch` already does it for every page it sees open). */
  watchDialogs(page: Page): void;
  close(): Promise<void>;
}

export async function launch(extDir: string, extraArgs: string[] = [], panelMode: PanelMode = 'tab'): Promise<Session> {
  const profileDir = mkdtempSync(join(tmpdir(), 'cp-bench-profile-'));
  // The real side panel needs a browser with windows: on a display of its own unless $DISPLAY is set.
  const display = panelMode === 'side-panel' ? await ensureDisplay() : null;
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: display === null,
    ...(display ? { env: { ...process.env, DISPLAY: display.display }, defaultViewport: null } : {}),
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
      ...(display ? ['--window-size=1280,1000'] : []),
      ...extraArgs,
    ],
  }).catch((e: unknown) => {
    display?.stop();
    throw e;
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
    display?.stop();
  };
  // Every page, from the first (a page's dialog blocks it, and puppeteer leaves dialogs
  // unanswered unless someone listens): the benchmarks' tabs, popups pages open, extension pages.
  const dialogs: DialogSeen[] = [];
  const watched = new WeakSet<Page>();
  const watch = (page: Page | null): void => {
    if (!page || watched.has(page)) return;
    watched.add(page);
    handleDialogs(page, (d) => dialogs.push(d));
  };
  browser.on('targetcreated', (t: Target) => {
    if (t.type() === 'page') void t.page().then(watch, () => undefined);
  });
  try {
    for (const p of await browser.pages()) watch(p);
    const base = await extensionBase(browser);
    const extId = new URL(base).host;
    const control = await openExtensionPage(browser, base, 'options.html');
    watch(control);
    return { browser, extId, base, control, profileDir, panelMode, dialogs, watchDialogs: watch, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** A new tab, its dialogs answered (`launch` does it for every page; this makes sure before the first navigation). */
export async function newTab(s: Session): Promise<Page> {
  const page = await withTimeout(s.browser.newPage(), 30_000, 'opening a tab');
  s.watchDialogs(page);
  return page;
}

/**
 * A fresh tab (dialogs answered) showing `url`, and its tab id as the extension sees it,
 * looked up by that URL: give each tab a URL of its own (a query marker).
 */
export async function openTab(s: Session, url: string, timeoutMs = 60_000): Promise<{ tab: Page; tabId: number }> {
  const tab = await newTab(s);
  await withTimeout(tab.setCacheEnabled(false), timeoutMs, 'disabling the cache');
  const nav = await withTimeout(gotoLoaded(tab, url, timeoutMs), timeoutMs + 5_000, 'opening a tab');
  if (nav.timedOut) throw new Error(`${url} did not load within ${timeoutMs} ms`);
  return { tab, tabId: await tabIdFor(s.control, url) };
}

export async function openExtensionPage(browser: Browser, base: string, path: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => log(`[${path} error]`, e instanceof Error ? e.message : String(e)));
  await page.goto(base + path, { waitUntil: 'domcontentloaded', timeout: 30_000 });
  return page;
}

// ---------------------------------------------------------------------------------------
// Dialogs and time limits

/** A dialog a page opened, and what was done with it. */
export interface DialogSeen {
  readonly type: 'alert' | 'confirm' | 'prompt' | 'beforeunload';
  /** The dialog's text, cut to 200 characters. */
  readonly message: string;
  readonly action: 'dismissed' | 'accepted';
  /** The URL of the page that opened it. */
  readonly url: string;
  /** Date.now() when it was answered. */
  readonly at: number;
}

/**
 * Answers every dialog of `page` at once, as a user in a hurry would: alert, confirm and
 * prompt are dismissed (confirm → false, prompt → null); beforeunload is accepted ("Leave"),
 * so the navigation that raised it goes on. Without a listener puppeteer leaves a dialog
 * open, and a page with an open dialog neither finishes loading nor runs scripts.
 * (Chromium asks beforeunload only of a page the user has interacted with: a benchmark tab
 * that is never clicked does not get one, but a page may still be given one.)
 */
export function handleDialogs(page: Page, onDialog?: (d: DialogSeen) => void): void {
  page.on('dialog', (d: Dialog) => {
    const type = d.type();
    const accept = type === 'beforeunload';
    onDialog?.({ type, message: d.message().slice(0, 200), action: accept ? 'accepted' : 'dismissed', url: page.url(), at: Date.now() });
    void (accept ? d.accept() : d.dismiss()).catch(() => undefined);
  });
}

export class TimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what}: no result within ${Math.round(ms)} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * `promise`, or a TimeoutError after `ms` (at once when `ms` ≤ 0). The promise is not
 * cancelled (puppeteer cannot cancel an evaluation): whatever it settles with later is
 * ignored.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  promise.catch(() => undefined);
  if (ms <= 0) return Promise.reject(new TimeoutError(what, 0));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Closes a tab without running its beforeunload handlers, giving up (leaving it to the browser) after `ms`. */
export async function closeTab(page: Page, ms = 5_000): Promise<void> {
  if (page.isClosed()) return;
  await withTimeout(page.close({ runBeforeUnload: false }), ms, 'closing a tab').catch(() => undefined);
}

// ---------------------------------------------------------------------------------------
// Protocol calls

/** Every call a benchmark may make on the background: production calls plus the test build's calls. */
export type BackgroundCalls = AnyToBackground;
export type Method = keyof BackgroundCalls & string;
export type Params<K extends Method> = Req<BackgroundCalls, K>;
export type Answer<K extends Method> = Res<BackgroundCalls, K>;
/** `ms` is timed in the page; `at` is its start as an absolute time (performance.timeOrigin + now). */
export interface Timing {
  readonly ms: number;
  readonly at: number;
}
/** The answer to one call, validated against the call's response schema, with its timing. */
export type CallResult<K extends Method> = Result<Answer<K>> & Timing;

export interface CallOptions {
  /** Give up after this many ms (default 60 s): the result is then an `interrupted` error. */
  readonly timeoutMs?: number;
}

/** The schemas of every call, to validate answers at run time (types alone would only be a promise). */
const CALLS: { readonly [K in Method]: BackgroundCalls[K] } = { ...uiToBackground, ...testCalls() };

/** The wire envelope of a call to the background. */
export function envelope<K extends Method>(method: K, params: Params<K>): Envelope {
  return { cp: 1, to: 'background', method, params };
}

/** What `PAGE_SEND` resolves with in the page. */
interface Sent {
  /** The raw answer, when one came. */
  readonly answer?: unknown;
  readonly timedOut?: true;
  /** sendMessage threw (no receiver, …): its message. */
  readonly thrown?: string;
  readonly ms: number;
  readonly at: number;
}

/**
 * The one place a message is sent, as plain JS source evaluated in an extension page:
 * `(envelope, timeoutMs) => Promise<Sent>`, timed with performance.now() around
 * `chrome.runtime.sendMessage` (no puppeteer overhead), given up after `timeoutMs`.
 * Source rather than a function so that tsx's helpers (`__name`) never reach the page,
 * and so scripts/bench-library.ts can run it inside its in-page batch loop.
 */
export const PAGE_SEND = `(async (env, timeoutMs) => {
  const t0 = performance.now();
  const at = performance.timeOrigin + t0;
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve({ timedOut: true }), timeoutMs); });
  try {
    const r = await Promise.race([chrome.runtime.sendMessage(env).then((answer) => ({ answer })), timeout]);
    return Object.assign(r, { ms: performance.now() - t0, at });
  } catch (e) {
    return { thrown: String((e && e.message) || e), ms: performance.now() - t0, at };
  } finally {
    clearTimeout(timer);
  }
})`;

/**
 * Sends one call from an extension page and returns its `Result`, typed from the protocol
 * map and validated against the call's response schema. Never throws and never waits
 * longer than `timeoutMs` (plus 5 s for the page itself to answer puppeteer): no answer,
 * a transport failure or a malformed answer is an `interrupted` / `bad-request` error.
 */
export async function call<K extends Method>(page: Page, method: K, params: Params<K>, opts: CallOptions = {}): Promise<CallResult<K>> {
  const timeoutMs = Math.max(1, Math.round(opts.timeoutMs ?? 60_000));
  const started = Date.now();
  let sent: Sent;
  try {
    sent = await withTimeout(page.evaluate(`${PAGE_SEND}(${JSON.stringify(envelope(method, params))}, ${timeoutMs})`) as Promise<Sent>, timeoutMs + 5_000, `${method}`);
  } catch (e) {
    const why = e instanceof TimeoutError ? `the control page did not return within ${timeoutMs + 5_000} ms` : e instanceof Error ? e.message : String(e);
    return { ...err('interrupted', `${method}: ${why}`), ms: Date.now() - started, at: started };
  }
  const timing: Timing = { ms: sent.ms, at: sent.at };
  if (sent.timedOut) return { ...err('interrupted', `${method}: no answer within ${timeoutMs} ms`), ...timing };
  if (sent.thrown !== undefined) return { ...err('interrupted', `${method}: ${sent.thrown}`), ...timing };
  return { ...parseAnswer(method, sent.answer), ...timing };
}

/** An answer as a `Result`: an error as sent, or a value that passed the call's response schema. */
export function parseAnswer<K extends Method>(method: K, raw: unknown): Result<Answer<K>> {
  return answerOf(CALLS, method, raw);
}

/**
 * An answer to a call of any call map (`backgroundToContent`, …) as a `Result`: an error as
 * sent (unknown codes become `internal`), or a value that passed the call's response schema.
 */
export function answerOf<M extends CallMap, K extends keyof M & string>(map: M, method: K, raw: unknown): Result<Res<M, K>> {
  const r = raw as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } } | null | undefined;
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') return err('interrupted', `${method}: no answer (${String(raw)})`);
  if (!r.ok) {
    const message = typeof r.error?.message === 'string' ? r.error.message : 'unknown error';
    return err(isErrorCode(r.error?.code) ? r.error.code : 'internal', message);
  }
  const parsed = map[method]!.res.safeParse(r.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err('bad-request', `${method}: malformed answer: ${issue?.message ?? 'bad shape'}${issue?.path.length ? ` (at ${issue.path.join('.')})` : ''}`);
  }
  return ok(parsed.data as Res<M, K>);
}

/** `call`, unwrapped: the value, or an Error naming the method and the failure. */
export async function callOk<K extends Method>(page: Page, method: K, params: Params<K>, opts: CallOptions = {}): Promise<Answer<K>> {
  const r = await call(page, method, params, opts);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The tab id (as chrome.tabs sees it) of the tab showing a URL that starts with `prefix`. */
export async function tabIdFor(control: Page, prefix: string, timeoutMs = 10_000): Promise<number> {
  const query = control.evaluate(async (prefix) => (await chrome.tabs.query({})).find((t) => (t.url ?? t.pendingUrl ?? '').startsWith(prefix))?.id ?? null, prefix);
  const id = await withTimeout(query, timeoutMs, `looking up the tab showing ${prefix}`);
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
  await callOk(s.control, 'ping', {});
  const cdp = await workerTarget(s).createCDPSession();
  await cdp.send('Runtime.enable');
  return cdp;
}

/** Evaluates an expression (may be async) in the service worker and returns its JSON value. */
export async function evalInWorker<T = unknown>(cdp: CDPSession, expression: string): Promise<T> {
  const r = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (r.exceptionDetails) throw new Error(`worker evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
  return r.result.value as T;
}

/**
 * Opens `url` and waits for its `load` event, at most `timeout` ms. A page still loading
 * then is not an error (`timedOut`: its DOM is there, it can be clipped); a navigation
 * that fails is.
 */
export async function gotoLoaded(page: Page, url: string, timeout = 30_000): Promise<{ ms: number; timedOut: boolean }> {
  const t0 = Date.now();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: Math.max(1, timeout) });
    return { ms: Date.now() - t0, timedOut: false };
  } catch (e) {
    if (e instanceof Error && /timeout/i.test(e.message)) return { ms: Date.now() - t0, timedOut: true };
    throw e;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The extension's base URL (`chrome-extension://<id>/`), once its service worker is up (at most 20 s). */
export async function extensionBase(browser: Browser): Promise<string> {
  const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 20_000 });
  return `chrome-extension://${new URL(sw.url()).host}/`;
}
