import { getDomain } from 'tldts';
import { normalizeUrl } from './normalize';

/*
 * Kept apart from normalize.ts so that only the background carries tldts and its
 * compiled-in Public Suffix List (~110 KB): the content script, loaded into every page,
 * imports normalize.ts (through the sanitiser) and must stay small.
 */

/**
 * Whether two parsed hosts (`URL#hostname`: lower-case, punycode, IPv6 in brackets) are one site.
 *
 * Contract: two hosts are the same site when both have the same registrable domain under the
 * Public Suffix List, private section included (so `alice.github.io`, `bob.github.io` and
 * `github.io` are three sites, as are `a.co.uk` and `b.co.uk`); a host without one (an IP
 * literal, `localhost`, a single label, a bare public suffix such as `co.uk` or `github.io`)
 * is only the same site as itself. A trailing dot is ignored. Why: the canonical URL is
 * page-controlled, and a hostile tenant of a shared host must not claim another tenant's URL.
 */
export function isSameSite(hostA: string, hostB: string): boolean {
  const a = hostA.toLowerCase().replace(/\.+$/, '');
  const b = hostB.toLowerCase().replace(/\.+$/, '');
  if (a === '' || b === '') return false;
  if (a === b) return true;
  const siteA = registrableDomain(a);
  return siteA !== null && siteA === registrableDomain(b);
}

/** The Public Suffix List registrable domain of `host` (private rules included), or null. */
function registrableDomain(host: string): string | null {
  // An IPv6 literal is never a domain; tldts also says so, this just makes it explicit.
  if (host.startsWith('[')) return null;
  return getDomain(host, { allowPrivateDomains: true, extractHostname: false });
}

/**
 * Whether `url` is a site's front page: path `/` (or `/index.html`, `/default.aspx`, `/home`, …)
 * and no query. Why: a canonical there, named by a page below it, is a template's mistake (a
 * single-page app's static `<link rel=canonical href="/">`, a theme's home-page `og:url`), not
 * the page's address.
 */
function isFrontPage(url: URL): boolean {
  return url.search === '' && /^\/(?:(?:index|default|home)(?:\.[a-z]+)?)?$/i.test(url.pathname);
}

/**
 * Picks the URL a capture is filed under.
 *
 * Contract: returns `normalizeUrl(canonicalUrl)` when the canonical URL parses, is http(s), and
 * is on the same site as the page (same registrable domain under the Public Suffix List, private
 * section included, or the same host when there is none: see `isSameSite`), and is not the site's
 * front page named by a page below it (`isFrontPage`); otherwise `normalizeUrl(pageUrl)`. Either
 * way without a user name or password (`normalizeUrl` drops them). Why: canonical URLs merge
 * duplicates (AMP, mobile, print versions), but they are page-controlled, so a hostile page must
 * not be able to point its clip at another site's URL, or at another tenant's URL on a shared
 * host such as `github.io` or `myshopify.com`, and overwrite that clip; nor may a mistaken
 * template file every article of its site under the front page, one clip overwriting the last.
 *
 * @throws AppFailure('bad-request') when `pageUrl` itself is not a valid URL.
 */
export function chooseCanonical(pageUrl: string, canonicalUrl: string | null): string {
  const page = normalizeUrl(pageUrl);
  if (!canonicalUrl) return page;
  let canonical: URL;
  try {
    canonical = new URL(canonicalUrl.trim(), page);
  } catch {
    return page;
  }
  if (canonical.protocol !== 'http:' && canonical.protocol !== 'https:') return page;
  const pageAt = new URL(page);
  if (!isSameSite(pageAt.hostname, canonical.hostname)) return page;
  const chosen = normalizeUrl(canonical.href);
  // Filed under its front page, every article of such a site would be one clip, each save overwriting the last.
  if (isFrontPage(new URL(chosen)) && !isFrontPage(pageAt)) return page;
  return chosen;
}

