import { readCapped } from '../../src/images/read-capped';
import { toBase64 } from '../../src/util/base64';

/** Per image, request to last byte, in the page. */
const TIMEOUT_MS = 15_000;

/**
 * The content script's side of `fetchImage`: one image fetched from the page's own context,
 * so it carries the page's cookies (`credentials: 'include'`: same-origin images and CORS
 * ones that allow it) and may come from the browser's cache (`force-cache`: the page has just
 * shown it). GET only, http(s) only, capped and timed. Null on any failure: the background
 * then fetches it itself (cross-origin images a page may show but not read).
 */
export async function fetchImageHere(url: string, maxBytes: number): Promise<{ image: { type: string; url: string; base64: string } | null }> {
  if (!/^https?:\/\//i.test(url)) return { image: null };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(url, { method: 'GET', credentials: 'include', cache: 'force-cache', redirect: 'follow', signal: controller.signal });
    if (!res.ok) return { image: null };
    const bytes = await readCapped(res, maxBytes, () => controller.abort());
    if (!bytes) return { image: null };
    return { image: { type: (res.headers.get('content-type') ?? '').slice(0, 200), url: (res.url || url).slice(0, 8_192), base64: toBase64(bytes) } };
  } catch {
    return { image: null };
  } finally {
    clearTimeout(timer);
  }
}
