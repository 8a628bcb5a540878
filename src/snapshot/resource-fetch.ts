/**
 * The other end of a snapshot's `fetchResource`: where the extension fetches a resource
 * for a page being snapshotted (the background, which has host permissions, so
 * cross-origin images, fonts and stylesheets can be read). The request comes from a content
 * script in a page the extension does not control, so each one is checked against the
 * page it came from: http(s) only; nothing on a private or local network unless the page
 * itself is there; cookies only for the page's own site (as the page's own requests would
 * carry them); a size limit while reading, and a timeout.
 */
import { isSameSite } from '../url/canonical';
import { MISSING, type FetchFailed } from '../images/left-reasons';
import { readCapped } from '../images/read-capped';

/** A fetched resource, as `FetchResource` answers. */
export interface FetchedBytes {
  readonly type: string;
  readonly bytes: Uint8Array;
  /** The final URL, after redirects. */
  readonly url: string;
}

/** Whether a resource may be fetched for a page, and with which credentials. */
export type ResourcePolicy = { readonly allowed: false; readonly reason: string } | { readonly allowed: true; readonly credentials: 'include' | 'omit' };

/** Whether `host` (`URL#hostname`) is on a local or private network (or names one). */
export function isPrivateHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.+$/, '');
  if (h === 'localhost' || h.endsWith('.localhost') || !h.includes('.') && !h.startsWith('[')) return true;
  if (/\.(local|internal|lan|home\.arpa|intranet|corp)$/.test(h)) return true;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (h.startsWith('[')) {
    const v6 = h.slice(1, -1);
    return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^::ffff:/.test(v6);
  }
  return false;
}

/** The policy for fetching `url` on behalf of a page at `pageUrl` (its top frame's URL). */
export function resourcePolicy(url: string, pageUrl: string | undefined): ResourcePolicy {
  let target: URL;
  let page: URL | null = null;
  try {
    target = new URL(url);
    page = pageUrl ? new URL(pageUrl) : null;
  } catch {
    return { allowed: false, reason: 'not a URL' };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return { allowed: false, reason: 'not http(s)' };
  if (target.username || target.password) return { allowed: false, reason: 'credentials in the URL' };
  if (!page || (page.protocol !== 'http:' && page.protocol !== 'https:')) return { allowed: false, reason: 'no web page to fetch for' };
  if (isPrivateHost(target.hostname) && !isPrivateHost(page.hostname)) return { allowed: false, reason: 'a private network address for a public page' };
  return { allowed: true, credentials: isSameSite(target.hostname, page.hostname) ? 'include' : 'omit' };
}

/** Options of {@link createResourceFetcher}. */
export interface ResourceFetcherOptions {
  /** The `fetch` to use (the background's). */
  readonly fetch: typeof fetch;
  /** Per request, headers to body (default 20 s). */
  readonly timeoutMs?: number;
  /** Larger responses are abandoned while reading (default 10 MB). */
  readonly maxBytes?: number;
}

/**
 * A fetcher for snapshot resources requested by the page at `pageUrl`: null when refused
 * (see {@link resourcePolicy}), failed, not 2xx, too large or too slow. Redirects are
 * followed, and the final URL is checked again.
 */
export function createResourceFetcher(opts: ResourceFetcherOptions): (url: string, pageUrl: string | undefined) => Promise<FetchedBytes | null> {
  const get = createResourceFetcherWithReasons(opts);
  return async (url, pageUrl) => {
    const got = await get(url, pageUrl);
    return 'failed' in got ? null : got;
  };
}

/**
 * {@link createResourceFetcher}, saying why a fetch failed as a short code (src/images/left-reasons.ts):
 * `blocked` (refused by {@link resourcePolicy}), `http:<status>`, `redirect` (to a URL the policy
 * refuses), `big` (over `maxBytes`), `timeout`, `failed` (a network error).
 */
export function createResourceFetcherWithReasons(opts: ResourceFetcherOptions): (url: string, pageUrl: string | undefined) => Promise<FetchedBytes | FetchFailed> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const maxBytes = opts.maxBytes ?? 10_000_000;
  return async (url, pageUrl) => {
    const policy = resourcePolicy(url, pageUrl);
    if (!policy.allowed) return { failed: MISSING.blocked };
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs);
    try {
      const res = await opts.fetch(url, { credentials: policy.credentials, redirect: 'follow', signal: controller.signal, cache: 'force-cache', referrerPolicy: 'no-referrer' });
      const finalUrl = res.url || url;
      if (!res.ok) return { failed: MISSING.http(res.status) };
      if (!resourcePolicy(finalUrl, pageUrl).allowed) return { failed: MISSING.redirect };
      const bytes = await readCapped(res, maxBytes, () => controller.abort());
      return bytes ? { type: (res.headers.get('content-type') ?? '').slice(0, 200), bytes, url: finalUrl } : { failed: timedOut ? MISSING.timeout : MISSING.tooBig };
    } catch {
      return { failed: timedOut ? MISSING.timeout : MISSING.failed };
    } finally {
      clearTimeout(timer);
    }
  };
}
