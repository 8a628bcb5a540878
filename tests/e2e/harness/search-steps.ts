import type { Page } from 'puppeteer-core';
import type { ExtensionDriver } from './driver';
import { poll } from './poll';
import { must } from './steps';

/**
 * Search steps shared by the search scenarios: the side panel's box and results, texts a page
 * showed in passing (a banner that lasts a second), and the search database as another
 * extension page sees it.
 */

/** Saves a one-paragraph article as if extracted from `https://<host>/a`. */
export async function saveArticle(driver: ExtensionDriver, a: { host: string; title: string; text: string; publishedTime?: string; excerpt?: string }) {
  return must(driver, 'saveExtracted', {
    kind: 'page', extractor: 'readability', html: `<p>${a.text}</p>`, text: a.text, pageUrl: `https://${a.host}/a`, canonicalUrl: null,
    title: a.title, byline: null, siteName: null, lang: null, dir: null, publishedTime: a.publishedTime ?? null, excerpt: a.excerpt ?? null,
  } as never);
}

/** Types into the side panel's search box (replacing what is there). */
export async function typeQuery(panel: Page, query: string): Promise<void> {
  const box = await poll(() => panel.$('[data-testid=search-input]'), { message: 'the search box' });
  await box.click({ count: 3 });
  await panel.keyboard.press('Backspace');
  if (query) await box.type(query);
}

/** The typed text of the request a results list answers (`data-answered`: `[query, filters, sort]` as JSON), or null. */
function answeredQuery(answered: string | null): string | null {
  try {
    const parsed: unknown = JSON.parse(answered ?? '');
    return Array.isArray(parsed) && typeof parsed[0] === 'string' ? parsed[0] : null;
  } catch {
    return null;
  }
}

/** The results shown for exactly `query`, once the index is ready (no rebuilding banner): titles and the marked words of their snippets. */
export async function searchResults(panel: Page, query: string, timeout = 20_000): Promise<Array<{ title: string; marks: string[] }>> {
  return poll(
    async () => {
      // The box's query and the query the results shown answer (`data-answered`, the request as JSON):
      // while a word is typed the results of an earlier keystroke stay until the new ones come, so the
      // box alone is not enough ("l" listed every title with "list" in it under "lightho" once).
      const shown = await panel.$eval('[data-testid=search-results]', (el) => [el.getAttribute('data-query'), el.getAttribute('data-answered')] as const).catch(() => null);
      if (!shown || shown[0] !== query || answeredQuery(shown[1]) !== query) return null;
      if (await panel.$('[data-testid=search-status] .banner:not(.muted)')) return null; // rebuilding
      const hits = await panel.$$eval('[data-testid=search-hit]', (items) =>
        items.map((li) => ({ title: li.querySelector('.clip-title')?.textContent ?? '', marks: Array.from(li.querySelectorAll('mark')).map((m) => m.textContent ?? '') })),
      );
      return hits.length > 0 ? hits : null;
    },
    { timeout, message: `results for "${query}"` },
  );
}

/**
 * Records every text the element matching `selector` shows from now on (a MutationObserver in the
 * page), so a state that lasts less than a poll (a progress banner) is still seen; read them
 * with `seenTexts`.
 */
export async function recordTexts(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const w = window as unknown as { __cpSeen?: string[]; __cpSeenObserver?: MutationObserver };
    w.__cpSeenObserver?.disconnect();
    const seen: string[] = (w.__cpSeen = []);
    const look = () => {
      const text = document.querySelector(sel)?.textContent ?? null;
      if (text !== null && seen[seen.length - 1] !== text) seen.push(text);
    };
    w.__cpSeenObserver = new MutationObserver(look);
    w.__cpSeenObserver.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    look();
  }, selector);
}

/** The texts recorded since `recordTexts`, in order (each change once). */
export function seenTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cpSeen?: string[] }).__cpSeen ?? []);
}

/** The stored search snapshot's header (`commonplace-search`, `meta` row `header`), read from an extension page; null when none. */
export function searchSnapshotHeader(page: Page): Promise<{ clips: number; chunks: unknown[] } | null> {
  return page.evaluate(
    () =>
      new Promise<{ clips: number; chunks: unknown[] } | null>((resolve, reject) => {
        const open = indexedDB.open('commonplace-search');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('meta')) return db.close(), resolve(null);
          const req = db.transaction('meta', 'readonly').objectStore('meta').get('header');
          req.onsuccess = () => (db.close(), resolve((req.result as { v?: { clips: number; chunks: unknown[] } } | undefined)?.v ?? null));
          req.onerror = () => (db.close(), reject(req.error));
        };
      }),
  );
}

/** Writes garbage over every chunk of the stored search snapshot (its header left as it is, so only the hashes tell), from an extension page; resolves with how many. */
export function corruptSearchSnapshot(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('commonplace-search');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('chunks', 'readwrite');
          const chunks = tx.objectStore('chunks');
          let n = 0;
          const keys = chunks.getAllKeys();
          keys.onsuccess = () => {
            for (const k of keys.result) {
              chunks.put({ n: k, data: `garbage ${'\u0000'.repeat(8)} not an index` });
              n++;
            }
          };
          tx.oncomplete = () => (db.close(), resolve(n));
          tx.onerror = () => (db.close(), reject(tx.error));
        };
      }),
  );
}
