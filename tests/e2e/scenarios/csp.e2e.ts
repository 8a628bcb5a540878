/**
 * The extension's pages file no Content Security Policy violation at all: not while
 * they load (where a library probing `new Function` files an `eval` violation on every
 * page, see src/schema/zod.ts), not once they have rendered. A page that does file one
 * is caught: every check ends by injecting a marker violation and waiting until the
 * detector reports it, and one test plants real violations and expects to see them.
 *
 * How violations are seen:
 * - Chromium: a `ReportingObserver` with `buffered: true`, created in the page after it
 *   has rendered, still receives every `csp-violation` report the document filed since
 *   it started loading (`takeRecords()` hands them over synchronously). The background
 *   service worker keeps such a buffer too.
 * - Firefox: its `ReportingObserver` gets no CSP reports, and a listener registered
 *   early (puppeteer's `evaluateOnNewDocument`, a BiDi preload script) never runs in
 *   moz-extension:// pages, nor do their console messages reach BiDi's `log` events.
 *   Firefox does log every violation to the browser console (category `CSP_*`, source
 *   the page or script URL), and console messages of every process reach the parent
 *   process's console service. The detector reads that service from privileged script
 *   (BiDi `moz:scope: 'chrome'`, the access the harness already launches Firefox with),
 *   keeping every CSP message whose source is this extension.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browsersUnderTest, type ExtensionDriver } from '../harness/driver';
import { poll } from '../harness/poll';
import { must, openPopupFor, useWorld } from '../harness/steps';

/** Reads the violations an extension page and the background have filed. */
interface CspDetector {
  /**
   * The violations the extension's pages filed while `page` was opened and used (in
   * Firefox: since the previous check, the harness's control tab included), each as one
   * readable line. Before answering it injects a marker (an
   * inline script, which every extension page's policy blocks) and waits until the
   * marker's violation is reported, so a detector that cannot see this page fails
   * instead of passing, and everything filed before the marker has been delivered.
   */
  violationsOf(page: Page): Promise<string[]>;
  /** The violations the background filed (since its current start, in Chromium). */
  backgroundViolations(): Promise<Filed[]>;
}

/** One violation, where the browser says it happened. */
interface Filed {
  /** Readable one-line description. */
  text: string;
  /** Whether it blocked an `eval`/`new Function`. */
  eval: boolean;
  /** The script's extension URL, line and column (1-based), when known. */
  script: string | null;
  line: number | null;
  column: number | null;
}

/** An inline script with a unique body: blocked by `script-src 'self'`, and recognisable by its hash. */
function markerScript(): { text: string; hash: string } {
  const text = `window.__commonplaceCspMarker = ${JSON.stringify(randomUUID())};`;
  return { text, hash: `sha256-${createHash('sha256').update(text).digest('base64')}` };
}

/** Appends an inline `<script>` to the page (the page's CSP blocks it from running). */
function injectInlineScript(page: Page, text: string): Promise<void> {
  return page.evaluate((text) => {
    const script = document.createElement('script');
    script.textContent = text;
    document.head.append(script);
    script.remove();
  }, text);
}

function chromiumDetector(driver: ExtensionDriver): CspDetector {
  return {
    async violationsOf(page) {
      const marker = markerScript();
      return page.evaluate(async (markerText) => {
        type Body = { effectiveDirective: string; blockedURL: string; sourceFile: string | null; lineNumber: number | null; originalPolicy: string };
        type Report = { type: string; url: string; body: Body };
        const line = (r: Report) =>
          `${r.url}: ${r.body.effectiveDirective} blocked ${r.body.blockedURL || '(inline)'} at ${r.body.sourceFile}:${r.body.lineNumber} under "${r.body.originalPolicy}"`;
        const isMarker = (r: Report) => r.body.effectiveDirective === 'script-src-elem' && r.body.blockedURL === 'inline';
        const later: Report[] = [];
        const Observer = (globalThis as any).ReportingObserver;
        const observer = new Observer((reports: Report[]) => later.push(...reports), { types: ['csp-violation'], buffered: true });
        observer.observe();
        // Every report the document filed since it started loading, handed over now.
        const filed: Report[] = observer.takeRecords();
        const script = document.createElement('script');
        script.textContent = markerText;
        document.head.append(script);
        script.remove();
        const deadline = Date.now() + 10_000;
        while (!later.some(isMarker)) {
          if (Date.now() > deadline) throw new Error('the marker violation was never reported: the detector cannot see this page');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        observer.disconnect();
        return [...filed, ...later.filter((r) => !isMarker(r))].map(line);
      }, marker.text);
    },

    async backgroundViolations() {
      await must(driver, 'ping'); // a running worker: its report buffer covers its start-up
      const target = await driver.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(driver.baseUrl), { timeout: 10_000 });
      const worker = await target.worker();
      if (!worker) throw new Error('chromium: no handle on the service worker');
      const reports = await worker.evaluate(() => {
        const Observer = (globalThis as any).ReportingObserver;
        const observer = new Observer(() => undefined, { types: ['csp-violation'], buffered: true });
        observer.observe();
        const filed = observer.takeRecords() as Array<{ body: { effectiveDirective: string; blockedURL: string; lineNumber: number | null; columnNumber: number | null } }>;
        observer.disconnect();
        return filed.map((r) => ({ directive: r.body.effectiveDirective, blocked: r.body.blockedURL, line: r.body.lineNumber, column: r.body.columnNumber }));
      });
      // Chromium shortens an extension's source URL to its scheme; the worker has one script.
      return reports.map((r) => ({
        text: `${r.directive} blocked ${r.blocked} at ${target.url()}:${r.line}:${r.column}`,
        eval: r.blocked === 'eval',
        script: target.url(),
        line: r.line,
        column: r.column,
      }));
    },
  };
}

/** The raw BiDi connection puppeteer keeps (see `bidi()` in harness/firefox.ts). */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: any }>;
}

/** Evaluates `expression` with chrome privileges in Firefox's browser window; returns its JSON value. */
async function firefoxChromeEval<T>(driver: ExtensionDriver, expression: string): Promise<T> {
  const connection = (driver.browser as unknown as { connection?: BidiConnection }).connection;
  if (!connection || typeof connection.send !== 'function') throw new Error('firefox: puppeteer no longer exposes its BiDi connection');
  const { result: tree } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
  const context = tree?.contexts?.[0]?.context as string | undefined;
  if (!context) throw new Error('firefox: no chrome browsing context (is --remote-allow-system-access set?)');
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

interface ConsoleCsp {
  source: string;
  message: string;
  category: string;
  line: number;
  column: number;
}

async function firefoxDetector(driver: ExtensionDriver): Promise<CspDetector> {
  const prefix = JSON.stringify(driver.baseUrl);
  // A console listener in the parent process, kept on the chrome window's global, seeded
  // with the messages logged before it (the browser console keeps a backlog).
  await firefoxChromeEval(
    driver,
    `(() => {
      if (globalThis.__commonplaceCsp) return true;
      const all = [];
      const keep = (m) => {
        if (!(m instanceof Ci.nsIScriptError)) return;
        const isCsp = /^CSP/.test(m.category) || m.errorMessage.startsWith('Content-Security-Policy');
        if (isCsp && (m.sourceName ?? '').startsWith(${prefix})) {
          all.push({ source: m.sourceName, message: m.errorMessage, category: m.category, line: m.lineNumber, column: m.columnNumber });
        }
      };
      for (const m of Services.console.getMessageArray() ?? []) keep(m);
      const listener = { observe: keep, QueryInterface: ChromeUtils.generateQI(['nsIConsoleListener']) };
      Services.console.registerListener(listener);
      globalThis.__commonplaceCsp = { all, read: 0, listener };
      return true;
    })()`,
  );
  const isBackground = (m: ConsoleCsp) => /\/(background\.js|_generated_background_page\.html)$/.test(m.source);
  const line = (m: ConsoleCsp) => `${m.source}: ${m.message}`;
  // Every marker injected so far: Firefox can log a marker's violation again after the check that
  // waited for it has ended (seen under load), and a late copy is still ours, not the next page's.
  const markers: string[] = [];
  const isMarker = (m: ConsoleCsp) => markers.some((hash) => m.message.includes(hash));
  return {
    async violationsOf(page) {
      const marker = markerScript();
      markers.push(marker.hash);
      await injectInlineScript(page, marker.text);
      // Messages since the previous check, once the marker's has arrived (it was logged
      // after anything this page filed before it).
      const fresh = await poll(
        async () => {
          const { all, read } = await firefoxChromeEval<{ all: ConsoleCsp[]; read: number }>(driver, `globalThis.__commonplaceCsp`);
          const since = all.slice(read);
          if (!since.some((m) => m.message.includes(marker.hash))) return null;
          await firefoxChromeEval(driver, `(globalThis.__commonplaceCsp.read = ${all.length})`);
          return since;
        },
        { timeout: 10_000, message: 'the marker violation to be reported (if it never is, the detector cannot see this page)' },
      );
      // The background's own are checked by backgroundViolations.
      return fresh.filter((m) => !isMarker(m) && !isBackground(m)).map(line);
    },

    async backgroundViolations() {
      const { all } = await firefoxChromeEval<{ all: ConsoleCsp[] }>(driver, `globalThis.__commonplaceCsp`);
      return all.filter(isBackground).map((m) => ({
        text: `${line(m)} (at ${m.line}:${m.column})`,
        eval: /Eval/.test(m.category),
        script: m.source,
        line: m.line || null,
        column: m.column || null,
      }));
    },
  };
}

/** Waits for a page's own sign that it has rendered (`selector`), or just for its load. */
async function settle(page: Page, selector?: string): Promise<void> {
  await poll(() => page.evaluate((s) => document.readyState === 'complete' && (!s || !!document.querySelector(s)), selector ?? null), {
    message: `${page.url()} to render${selector ? ` ${selector}` : ''}`,
  });
}

for (const name of browsersUnderTest()) {
  describe(`${name}: content security policy`, () => {
    const world = useWorld(name);
    let detector: CspDetector | undefined;
    const csp = () => detector ?? expect.fail('the CSP detector did not start');

    beforeAll(async () => {
      const { driver } = world();
      detector = name === 'chromium' ? chromiumDetector(driver) : await firefoxDetector(driver);
    });

    it('no extension page files a violation: popup, side panel list and reader, options' + (name === 'chromium' ? ', offscreen' : ''), async () => {
      const { driver, site } = world();
      const article = await driver.openPage(site.url('/article.html'));
      const saved = await must(driver, 'savePage', { tabId: await driver.tabIdOf(article) });
      const filed: Record<string, string[]> = {};
      const check = async (label: string, page: Page) => {
        const violations = await csp().violationsOf(page);
        if (violations.length) filed[label] = violations;
        await page.close();
      };

      await check('popup', await openPopupFor(driver, article));

      const list = await driver.openExtensionPage('sidepanel.html');
      await settle(list, '[data-testid=clip-item]');
      await check('side panel list', list);

      const reader = await driver.openExtensionPage(`sidepanel.html#clip=${saved.clip.id}`);
      await settle(reader, '[data-testid=article] p');
      await check('side panel reader', reader);

      const options = await driver.openExtensionPage('options.html');
      await settle(options, '[data-testid=library-url]');
      await check('options', options);

      if (name === 'chromium') {
        // The hidden page "Save link" parses fetched HTML in (Chromium only), opened here as a tab.
        const offscreen = await driver.openExtensionPage('offscreen.html');
        await settle(offscreen);
        await check('offscreen', offscreen);
      }

      expect(filed).toEqual({});
      await article.close();
    });

    it('sees the violations a page does file (an inline event handler, a remote image)', async () => {
      const { driver, remote } = world();
      const page = await driver.openExtensionPage('options.html');
      await settle(page, '[data-testid=library-url]');
      const image = remote.url(`/csp-probe-${randomUUID()}.png`);
      await page.evaluate(async (image) => {
        // Inline handlers are blocked by the manifest's `script-src 'self'`.
        const b = document.createElement('b');
        b.setAttribute('onclick', 'window.__commonplaceCspProbe = true');
        document.body.append(b);
        b.click();
        b.remove();
        // Remote images are blocked by the page's own <meta> policy (`img-src 'self' data:`).
        await new Promise((resolve) => {
          const img = new Image();
          img.onload = img.onerror = resolve;
          img.src = image;
        });
      }, image);
      const violations = await csp().violationsOf(page);
      expect(await page.evaluate(() => (window as any).__commonplaceCspProbe ?? null)).toBeNull();
      expect(violations.some((v) => /script-src-attr|event handler/i.test(v))).toBe(true);
      expect(violations.some((v) => v.includes('img-src') && v.includes(new URL(image).host))).toBe(true);
      expect(remote.requests.some((r) => image.endsWith(r))).toBe(false);
      await page.close();
    });

    it('the background files none', async () => {
      // automerge-repo's CBOR codec is built from cbor-x's no-eval build (wxt.config.ts), so nothing probes eval.
      const filed = await csp().backgroundViolations();
      expect(filed.map((v) => v.text)).toEqual([]);
    });
  });
}
