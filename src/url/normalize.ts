import type { CaptureKind } from '../schema/capture';
import { AppFailure } from '../util/result';
import { displayHost, displaySiteName } from './display-host';

/**
 * URL identity for clips: one spelling per page, so the same article saved twice
 * (with different tracking parameters, fragments or casing) lands on one clip.
 * Pure string code: runs in Node tests,
 * content scripts and extension pages alike.
 */

/** Query parameters that only identify a campaign or click, never the content. Compared lowercased. */
const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'mc_cid', 'mc_eid', 'igshid',
  '_ga', '_gl', '_hsenc', '_hsmi', '__hssc', '__hstc', '__hsfp', 'hsctatracking', 'mkt_tok',
  'oly_anon_id', 'oly_enc_id', 'vero_id', 'vero_conv', 'ref_src', 'ref_url', 'spm', 's_cid',
  'wickedid', 'twclid', 'ttclid',
]);

function isTrackingParam(rawKey: string): boolean {
  let key: string;
  try {
    key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
  } catch {
    key = rawKey;
  }
  key = key.toLowerCase();
  return key.startsWith('utm_') || TRACKING_PARAMS.has(key);
}

/**
 * Normalises a URL into the one spelling Commonplace files clips under.
 *
 * Contract: lowercases scheme and host and drops default ports (both via the URL
 * parser), drops the fragment, drops known tracking parameters (`utm_*`, `fbclid`, …)
 * while keeping every other parameter in its original order and original encoding,
 * drops a bare trailing `?`, and drops a user name and password (`https://u:p@host/` becomes
 * `https://host/`). Idempotent. Why: the same article reached from a newsletter, a feed and a
 * search result must map to one clip; and credentials are a secret, never part of a page's
 * identity, so they are never stored, synced or exported, nor split one page into two clips.
 *
 * @throws AppFailure('bad-request') when `url` is not an absolute URL.
 */
export function normalizeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    const shown = url.length > 80 ? `${url.slice(0, 77)}...` : url;
    throw new AppFailure('bad-request', `"${shown}" is not a valid web address. Check the link and try again.`);
  }
  parsed.hash = '';
  parsed.username = '';
  parsed.password = '';
  const query = parsed.search.startsWith('?') ? parsed.search.slice(1) : parsed.search;
  const kept = query
    .split('&')
    .filter((part) => part !== '' && !isTrackingParam(part.split('=', 1)[0] ?? ''));
  parsed.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  let href = parsed.href;
  // Opaque URLs (e.g. `mailto:a?`) can keep a bare `?`; hierarchical ones never do after `search = ''`.
  // Only that bare separator goes: a `?` ending a kept query (`?q=why?`) is part of it.
  if (kept.length === 0 && href.endsWith('?')) href = href.slice(0, -1);
  return href;
}

/**
 * `url` without its user name and password; any other string unchanged (spelling, fragment and
 * parameters kept; one that does not parse, or has no credentials, is returned as given).
 * Why: a page's address as stored (`pageUrl`, `canonicalUrl`) or shown as a link must never
 * carry a secret, including one stored by a version before credentials were stripped.
 */
export function withoutCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

/** FNV-1a, 32-bit, over UTF-16 code units, as 8 lowercase hex digits. Stable across runs and browsers. */
function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The de-duplication key of a capture.
 *
 * Contract: for 'page' and 'link' the key is `url` itself (callers pass the URL
 * already chosen by `chooseCanonical`), so a saved page and a saved link to the same
 * article are one clip. For 'selection' it is `url#selection-<fnv1a>` of the
 * selection text with whitespace collapsed and NFC-normalised, so re-saving the same
 * passage updates its clip while different passages of one page stay separate.
 *
 * @throws AppFailure('bad-request') for a selection without text.
 */
export function clipKey(kind: CaptureKind, url: string, selectionText?: string): string {
  if (kind !== 'selection') return url;
  const text = (selectionText ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  if (text === '') throw new AppFailure('bad-request', 'A saved selection needs some selected text.');
  return `${url}#selection-${fnv1a32(text)}`;
}

export type Capturability = { ok: true } | { ok: false; reason: string };

/** Hosts where browsers forbid extensions from running, with the reason shown to the user. */
function refusedHost(url: URL): string | null {
  const host = url.hostname.toLowerCase();
  const path = url.pathname.toLowerCase();
  if (host === 'chromewebstore.google.com' || (host === 'chrome.google.com' && path.startsWith('/webstore'))) {
    return "Chrome blocks extensions on the Chrome Web Store. Open a regular web page and try again.";
  }
  if (host === 'microsoftedge.microsoft.com' && path.startsWith('/addons')) {
    return 'Edge blocks extensions on the Edge Add-ons store. Open a regular web page and try again.';
  }
  if (host === 'addons.mozilla.org' || host.endsWith('.addons.mozilla.org')) {
    return 'Firefox blocks extensions on addons.mozilla.org. Open a regular web page and try again.';
  }
  if (host === 'accounts.firefox.com' || host.endsWith('.accounts.firefox.com')) {
    return 'Firefox blocks extensions on Firefox account pages. Open a regular web page and try again.';
  }
  return null;
}

/**
 * Whether an extension can read the page at `url` at all.
 *
 * Contract: only http:, https: and file: pages are capturable; browser-internal
 * schemes (chrome:, about:, moz-extension:, view-source:, data:, …), Firefox Reader
 * View and the browser vendors' add-on stores (where browsers block extensions) are
 * refused with a reason a person can act on. Why: checking up front turns a cryptic
 * "Cannot access contents of the page" into a clear message before any script runs.
 */
export function isCapturableUrl(url: string): Capturability {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { ok: false, reason: "This isn't a web address Commonplace can open. Open a regular web page and try again." };
  }
  const scheme = parsed.protocol.toLowerCase();
  if (scheme === 'about:' && parsed.pathname.toLowerCase() === 'reader') {
    return {
      ok: false,
      reason: "Firefox doesn't let extensions read pages in Reader View. Leave Reader View, then try again.",
    };
  }
  if (scheme !== 'http:' && scheme !== 'https:' && scheme !== 'file:') {
    const shown = url.trim().toLowerCase().startsWith(`${scheme}//`) ? `${scheme}//` : scheme;
    const what = scheme === 'data:' ? 'data: addresses' : `${shown} pages`;
    return { ok: false, reason: `Browsers don't let extensions read ${what}. Open a regular web page and try again.` };
  }
  const host = refusedHost(parsed);
  return host === null ? { ok: true } : { ok: false, reason: host };
}

/**
 * Whether "Save link" can save the link to `url`, with a reason about the link when not.
 *
 * Contract: an http(s) link is judged as `isCapturableUrl` judges its page (the add-on stores
 * stay refused); any other scheme (mailto:, javascript:, data:, blob:, tel:, file:, …) and a
 * link that does not parse are refused with a message naming the link, not the page, and what
 * to do instead. Why: "Open a regular web page" is the wrong way out when the page is fine and
 * it is the link that is not a web page; file: links are refused since a background fetch
 * cannot read local files.
 */
export function isSavableLink(url: string): Capturability {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { ok: false, reason: "This link isn't a valid web address, so it cannot be saved. Save a link to a web page (http:// or https://) instead." };
  }
  const scheme = parsed.protocol.toLowerCase();
  if (scheme === 'http:' || scheme === 'https:') return isCapturableUrl(url);
  return {
    ok: false,
    reason: `This link is not a web page (${scheme}), so it cannot be saved. Save a link to a web page (http:// or https://) instead, or select the link's text and save the selection.`,
  };
}

const CANONICAL_HTTP_URL = /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?![^?#]*\/(?:\.|%2e))\/[A-Za-z0-9\-._~!$&()*+,;=:@/?#%[\]]*$/i;
const LOWER_SCHEME_AND_HOST = /^https?:\/\/[^/A-Z]*\//;

/**
 * True when `value` is an absolute http(s) URL that `new URL(value).href` returns unchanged:
 * lower-case scheme and DNS-style host (its last label starts with a letter, so no IPv4
 * rewriting), no port or userinfo, a path, no dot segments, and only characters the parser
 * never percent-encodes or strips. False says nothing (parse to find out). Why: a string test
 * is ~20× cheaper than parsing, and sanitising a large article checks thousands of links.
 */
export function isCanonicalHttpUrl(value: string): boolean {
  return CANONICAL_HTTP_URL.test(value) && LOWER_SCHEME_AND_HOST.test(value);
}

/**
 * The site a clip is shown under: its site name, or its URL's host when it has none (or an empty
 * one); an internationalised host in its own script when safe (`displayHost`, display-host.ts).
 */
export function siteLabel(row: { readonly siteName: string | null; readonly url: string }): string {
  return row.siteName ? displaySiteName(row.siteName) : displayHost(hostOf(row.url));
}

/**
 * The host name of `url` as `URL` gives it (e.g. "example.com", punycode for an internationalised
 * one: what `site:` compares), or `url` itself when it does not parse. Shown to a person: through `displayHost`.
 */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname || url;
  } catch {
    return url;
  }
}
