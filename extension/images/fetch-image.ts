import { decodeDataUrl } from '../../src/images/data-url';
import { IMAGE_LIMITS } from '../../src/images/inspect';
import { MISSING, type FetchFailed } from '../../src/images/left-reasons';
import { createResourceFetcherWithReasons } from '../../src/snapshot/resource-fetch';
import { fromBase64 } from '../../src/util/base64';
import { contentOf } from '../messaging';

/** Per image, a call to the page's content script (its fetch has its own 15 s limit). */
const CONTENT_TIMEOUT_MS = 20_000;

/**
 * The background's own fetch, for images the page's context could not read (cross-origin
 * without CORS) or when the tab is gone: GET, http(s) only, redirects followed and the final
 * URL checked again, the page's cookies only for its own site, nothing on a private network
 * for a public page (src/snapshot/resource-fetch.ts), 20 s and 20 MB per image.
 */
const backgroundFetch = createResourceFetcherWithReasons({ fetch: (input, init) => fetch(input, init), timeoutMs: 20_000, maxBytes: IMAGE_LIMITS.maxFileBytes });

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | null> =>
  Promise.race([p.catch(() => null), new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);

/**
 * A fetcher for the images of one saved page: `data:` URLs decoded; others asked first of the
 * page's content script (its cookies, CORS, the browser's cache) while its tab still shows
 * that page, then fetched by the background. The bytes as they came (null: failed); what they
 * are is decided from the bytes afterwards (src/images/process.ts), never from headers. A
 * failed fetch says why (`FetchFailed`: the background's fetch, the last one tried).
 */
export function imageFetcher(tabId: number | null, pageUrl: string): (src: string) => Promise<Uint8Array | FetchFailed | null> {
  let tabShowsPage: Promise<boolean> | null = null;
  const sameDocument = async (): Promise<boolean> => {
    if (tabId === null) return false;
    const res = await withTimeout(contentOf(tabId)('hello', {}), 5_000);
    return !!res?.ok && res.value.url === pageUrl;
  };
  return async (src) => {
    if (/^data:/i.test(src)) return decodeDataUrl(src, IMAGE_LIMITS.maxFileBytes)?.bytes ?? null;
    if (!/^https?:\/\//i.test(src)) return { failed: MISSING.blocked };
    tabShowsPage ??= sameDocument();
    if (tabId !== null && src.length <= 8_192 && (await tabShowsPage)) {
      const res = await withTimeout(contentOf(tabId)('fetchImage', { url: src, maxBytes: IMAGE_LIMITS.maxFileBytes }), CONTENT_TIMEOUT_MS);
      if (res?.ok && res.value.image) {
        try {
          return fromBase64(res.value.image.base64);
        } catch {
          // A malformed answer: fetch it here instead.
        }
      }
    }
    const got = await backgroundFetch(src, pageUrl);
    return 'failed' in got ? got : got.bytes;
  };
}
