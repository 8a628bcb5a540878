/**
 * bench:sync's articles: each corpus page opened once in browser A and extracted by the
 * extension's own content script (injected and asked `extractPage` from the service worker,
 * over CDP, as a save does, and as bench-library does); nothing is saved here. Optionally
 * cached in a JSON file (`--articles-cache`), so repeated runs at several sizes skip the
 * extraction: the cache holds exactly what the extraction returned.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CDPSession, Page } from 'puppeteer-core';
import { withText } from '../../src/capture/extract';
import { backgroundToContent } from '../../src/protocol/protocol';
import { CONTENT_GLOBAL, type Envelope } from '../../src/protocol/rpc';
import { answerOf, closeTab, evalInWorker, gotoLoaded, log, openTab, TimeoutError, withTimeout, type Params, type Session } from './browser';

export interface Article {
  readonly name: string;
  readonly page: Params<'saveExtracted'>;
  /** UTF-8 bytes of the article's HTML + text. */
  readonly rawBytes: number;
}

export interface Extraction {
  readonly articles: Article[];
  readonly failures: { page: string; reason: string }[];
  /** True when read from the cache file. */
  readonly cached: boolean;
}

/** Reads the cache if it exists (and holds articles), else extracts and writes it. */
export async function loadOrExtract(
  cacheFile: string | null,
  extract: () => Promise<{ articles: Article[]; failures: { page: string; reason: string }[] }>,
): Promise<Extraction> {
  if (cacheFile && existsSync(cacheFile)) {
    const raw = JSON.parse(readFileSync(cacheFile, 'utf8')) as { articles: { name: string; page: Params<'saveExtracted'> }[]; failures: { page: string; reason: string }[] };
    const articles = raw.articles.map((a) => ({ name: a.name, page: a.page, rawBytes: Buffer.byteLength(a.page.html) + Buffer.byteLength(a.page.text) }));
    if (articles.length > 0) return { articles, failures: raw.failures ?? [], cached: true };
  }
  const r = await extract();
  if (cacheFile && r.articles.length > 0) writeFileSync(cacheFile, JSON.stringify({ articles: r.articles.map((a) => ({ name: a.name, page: a.page })), failures: r.failures }));
  return { ...r, cached: false };
}

/**
 * Opens each corpus page and has the extension's content script extract it (as a save would),
 * without saving: bench:sync's and bench:library's articles. Each page has `pageTimeoutMs` to
 * load (its `load` event is awaited at most 5 s; an unfinished page is extracted as it is) and
 * be extracted; a page that fails is left out with its reason, and its tab replaced (it may be
 * hung). `tabMarker` names the tabs' URLs (e.g. `sync-tab`), so each tab's id can be looked up.
 */
export async function extractArticles(
  s: Session,
  cdp: CDPSession,
  url: (name: string, run?: number | string) => string,
  names: string[],
  pageTimeoutMs: number,
  tabMarker = 'sync-tab',
): Promise<{ articles: Article[]; failures: { page: string; reason: string }[] }> {
  const articles: Article[] = [];
  const failures: { page: string; reason: string }[] = [];
  let tabs = 0;
  let current: { tab: Page; tabId: number } | null = null;
  for (const name of names) {
    const deadline = Date.now() + pageTimeoutMs;
    let step = 'opening a tab';
    const within = <T>(what: string, p: Promise<T>): Promise<T> => {
      step = what;
      return withTimeout(p, deadline - Date.now(), what);
    };
    try {
      // A tab of its own URL, so its id can be looked up ("-" ends the marker: tab-1- is no prefix of tab-10-).
      current ??= await within('opening a tab', openTab(s, url('__warmup', `${tabMarker}-${++tabs}-`), Math.min(30_000, pageTimeoutMs)));
      const { tab, tabId } = current;
      const nav = await within('loading the page', gotoLoaded(tab, url(name), Math.min(5_000, deadline - Date.now())));
      if (nav.timedOut && deadline - Date.now() <= 0) throw new TimeoutError('loading the page', pageTimeoutMs);
      // The content script's endpoint (CONTENT_GLOBAL in src/protocol/rpc.ts), called the way the
      // background calls it (extension/messaging.ts), with the envelope of backgroundToContent.extractPage.
      const env: Envelope = { cp: 1, to: 'content', method: 'extractPage' satisfies keyof typeof backgroundToContent, params: {} };
      const expr = `(async () => {
        try {
          const target = { tabId: ${tabId}, frameIds: [0] };
          await chrome.scripting.executeScript({ target, files: ['/content-scripts/content.js'] });
          const [res] = await chrome.scripting.executeScript({
            target,
            func: (name, envelope) => globalThis[name].handle(envelope),
            args: [${JSON.stringify(CONTENT_GLOBAL)}, ${JSON.stringify(env)}],
          });
          return res.result;
        } catch (e) { return { ok: false, error: { code: 'internal', message: String((e && e.message) || e) } }; }
      })()`;
      const r = answerOf(backgroundToContent, 'extractPage', await within('extractPage', evalInWorker<unknown>(cdp, expr)));
      if (r.ok) {
        // The content script sends no text; the background derives it from the HTML, as here.
        const page = withText(r.value);
        articles.push({ name, page, rawBytes: Buffer.byteLength(page.html) + Buffer.byteLength(page.text) });
      } else {
        failures.push({ page: name, reason: `extractPage: ${r.error.code}: ${r.error.message}` });
        log(`  ${name}: not extracted (${r.error.message})`);
      }
    } catch (e) {
      const reason = e instanceof TimeoutError ? `timed out after ${pageTimeoutMs} ms (${e.what})` : `${step}: ${e instanceof Error ? e.message : String(e)}`;
      failures.push({ page: name, reason });
      log(`  ${name}: not extracted (${reason})`);
      if (current) await closeTab(current.tab);
      current = null;
    }
  }
  if (current) await closeTab(current.tab);
  return { articles, failures };
}
