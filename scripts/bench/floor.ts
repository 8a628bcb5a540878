/**
 * The "floor" of a clip: the least work that turns the page into a stored article,
 * run in the page's main world with the same libraries the extension uses:
 *
 *   article = new Readability(document.cloneNode(true)).parse()   (default options)
 *   html    = DOMPurify.sanitize(article.content)                  (default config)
 *   one IndexedDB put of UTF-8(html + article.textContent) into a throwaway database of
 *   the page's origin, awaiting the transaction's `complete` event (durability 'strict',
 *   as the extension's storage adapter uses).
 *
 * When Readability finds nothing, the body's HTML/text is used instead (as the extension
 * falls back). Opening the database is done before timing, once per page load.
 */
import { build } from 'esbuild';
import type { Page } from 'puppeteer-core';
import { ROOT } from './browser';

const ENTRY = `
import { Readability } from '@mozilla/readability';
import DOMPurify from 'dompurify';

const DB = 'cp-bench-floor';
let db = null;

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('x');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

globalThis.__cpFloor = {
  async prepare() {
    db = db || (await openDb());
    return true;
  },
  async run(key) {
    const t0 = performance.now();
    const article = new Readability(document.cloneNode(true)).parse();
    const t1 = performance.now();
    let html, text;
    if (article && article.content) {
      html = DOMPurify.sanitize(article.content);
      text = article.textContent || '';
    } else {
      html = DOMPurify.sanitize(document.body ? document.body.innerHTML : '');
      text = document.body ? document.body.textContent || '' : '';
    }
    const t2 = performance.now();
    const bytes = new TextEncoder().encode(html + text);
    await new Promise((resolve, reject) => {
      const tx = db.transaction('x', 'readwrite', { durability: 'strict' });
      tx.objectStore('x').put(bytes, key);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('aborted'));
    });
    const t3 = performance.now();
    return { ms: t3 - t0, readabilityMs: t1 - t0, sanitizeMs: t2 - t1, putMs: t3 - t2, bytes: bytes.length, readability: !!(article && article.content) };
  },
};
`;

let bundle: string | null = null;

/** The IIFE bundle (Readability + DOMPurify + the timing code), built once with esbuild. */
export async function floorBundle(): Promise<string> {
  if (bundle) return bundle;
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'js', sourcefile: 'cp-bench-floor.js' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0]!.text;
  return bundle;
}

export interface FloorRun {
  ms: number;
  readabilityMs: number;
  sanitizeMs: number;
  putMs: number;
  bytes: number;
  readability: boolean;
}

/** Injects the bundle into the page's main world (CDP evaluate: not subject to the page's CSP) and opens the database. */
export async function prepareFloor(page: Page): Promise<void> {
  const src = await floorBundle();
  await page.evaluate(src);
  await page.evaluate(() => (globalThis as unknown as { __cpFloor: { prepare(): Promise<boolean> } }).__cpFloor.prepare());
}

export async function runFloor(page: Page, key: string): Promise<FloorRun> {
  return page.evaluate((key) => (globalThis as unknown as { __cpFloor: { run(k: string): Promise<FloorRun> } }).__cpFloor.run(key), key);
}

/**
 * The same floor in a fresh isolated world of the page (CDP `Page.createIsolatedWorld`), the kind of
 * world a content script runs in. Reported beside the main-world floor (`--isolated-floor`) to show
 * how much of the gap is the world itself; the headline floor stays the main-world one.
 */
export async function runIsolatedFloor(page: Page, key: string): Promise<FloorRun> {
  const cdp = await page.createCDPSession();
  try {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: `cp-floor-${key}` });
    const evalIn = async <T>(expression: string): Promise<T> => {
      const r = await cdp.send('Runtime.evaluate', { expression, contextId: executionContextId, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
      return r.result.value as T;
    };
    await evalIn(await floorBundle());
    await evalIn('globalThis.__cpFloor.prepare()');
    return await evalIn<FloorRun>(`globalThis.__cpFloor.run(${JSON.stringify(`${key}-isolated`)})`);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
