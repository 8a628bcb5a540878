import type { PageMetadata } from '../schema/capture';
import { readJsonLd } from './json-ld';

/**
 * Page metadata for a capture: what Readability found, then `<meta>` tags, then the
 * document itself. Every value is bounded to what `ExtractedPageSchema` accepts, so a
 * page with a megabyte-long `<title>` still saves.
 */

/** What Readability reports about a page (the subset of its `parse()` result used here). */
export interface ArticleMetadata {
  readonly title?: string | null;
  readonly byline?: string | null;
  readonly dir?: string | null;
  readonly lang?: string | null;
  readonly siteName?: string | null;
  readonly publishedTime?: string | null;
  readonly excerpt?: string | null;
}

const EXCERPT_CHARS = 200;

/**
 * Collapses whitespace and trims; null when nothing is left; cut to at most `max`
 * UTF-16 units without splitting a surrogate pair. Why: metadata comes from hostile
 * pages and must fit the schema limits.
 */
export function clean(value: string | null | undefined, max: number): string | null {
  const s = (value ?? '').replace(/\s+/g, ' ').trim();
  if (s === '') return null;
  return s.length <= max ? s : s.slice(0, /[\ud800-\udbff]/.test(s[max - 1] ?? '') ? max - 1 : max);
}

/** The first 200 characters of `text`, whitespace collapsed; null for empty text. Used when a page names no description. */
export function excerptOf(text: string): string | null {
  return clean(clean(text, EXCERPT_CHARS + 1), EXCERPT_CHARS);
}

/** First-wins map of `<meta property|name>` → content, keys lowercased. */
function metaMap(doc: Document): Map<string, string> {
  const map = new Map<string, string>();
  for (const el of Array.from(doc.querySelectorAll('meta[content]'))) {
    for (const attr of ['property', 'name']) {
      const key = el.getAttribute(attr)?.trim().toLowerCase();
      const content = el.getAttribute('content');
      if (key && content && !map.has(key)) map.set(key, content);
    }
  }
  return map;
}

/**
 * The direction and language of the passage `range` sits in: its nearest ancestor's `dir`
 * (`ltr`, `rtl` or `auto`, which its text resolves) and `lang`, up to `<html>`. Why: a selection keeps no
 * block ancestor, so a Hebrew quotation on an English page (`<blockquote dir=rtl lang=he>`)
 * was stored, and shown, as the page's left-to-right English. Given to `readPageMetadata` as
 * its article metadata.
 */
export function passageContext(range: Range): ArticleMetadata {
  const anchor = range.commonAncestorContainer;
  const at = anchor.nodeType === 1 ? (anchor as Element) : anchor.parentElement;
  let dir: string | null = null;
  for (let el = at; el && dir === null; el = el.parentElement) {
    const d = el.getAttribute('dir')?.trim().toLowerCase();
    // `auto` is the passage's own too: its text decides (`readPageMetadata`), not the page's.
    if (d === 'ltr' || d === 'rtl' || d === 'auto') dir = d;
  }
  return { dir, lang: at?.closest('[lang]')?.getAttribute('lang') ?? null };
}

/** Letters of the scripts written right to left (Unicode's bidirectional classes R and AL). */
const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;

/**
 * The direction `dir=auto` gives `text`, as a browser resolves it: that of its first letter
 * (right to left for Hebrew, Arabic, …); null when it has none. Why: a Persian channel post, an
 * Arabic comment or a Hebrew quotation marked `dir=auto` was stored with no direction (or the
 * page's), and the reader showed it left to right.
 */
function autoDirection(text: string): 'ltr' | 'rtl' | null {
  const letter = /\p{L}/u.exec(text)?.[0];
  return letter === undefined ? null : RTL_LETTER.test(letter) ? 'rtl' : 'ltr';
}

function absoluteHttp(raw: string | null | undefined, base: string): string | null {
  if (!raw?.trim()) return null;
  try {
    const url = new URL(raw.trim(), base);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.href.length <= 8_192 ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The URL relative links resolve against: the document's base URI (its `<base href>`, as a
 * browser resolves every relative URL of the page) when it is a real page URL, else `pageUrl`.
 */
export function documentBase(doc: Document, pageUrl: string): string {
  try {
    const base = new URL(doc.baseURI);
    if (base.protocol === 'http:' || base.protocol === 'https:' || base.protocol === 'file:') return base.href;
  } catch {
    // fall through
  }
  return pageUrl;
}

/** `<link rel=canonical>`, else og:url, resolved as the browser would (against the document's base, not the page URL). */
function canonicalOf(doc: Document, pageUrl: string, metas: Map<string, string>): string | null {
  const link = Array.from(doc.querySelectorAll('link[rel][href]')).find((l) =>
    (l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'),
  );
  const base = documentBase(doc, pageUrl);
  return absoluteHttp(link?.getAttribute('href'), base) ?? absoluteHttp(metas.get('og:url'), base);
}


/**
 * Reads the metadata of `doc` without modifying it.
 *
 * Contract: the page's JSON-LD article (json-ld.ts: headline or name, author, publisher,
 * datePublished, description) first for each value it states, as Readability ranks it; then
 * title = Readability title, else og:title, else `<title>`, else `pageUrl`;
 * byline = Readability byline, else meta author; siteName = Readability, else
 * og:site_name, else null (the UI shows the host); lang = Readability lang, else `<html lang>` (a BCP 47
 * shape, else null); dir = 'ltr' | 'rtl' from Readability (or the passage) or `<html dir>`, else
 * null, where `auto` is resolved by the first letter of `text` as a browser resolves it;
 * publishedTime = Readability, else article:published_time, else the first
 * `<time datetime>` under `root` (the extracted content) or in the page's `<article>`
 * (Readability often removes the byline line that holds it), as given; excerpt =
 * Readability excerpt (only when `useArticleExcerpt`: it may be the first paragraph
 * of content that was not used), else meta description / og:description, else the
 * first 200 characters of `text`; canonicalUrl = `<link rel=canonical>` or og:url made
 * absolute against the document's base URI (`<base href>`; else `pageUrl`), http(s) only, else null.
 */
export function readPageMetadata(
  doc: Document,
  pageUrl: string,
  article: ArticleMetadata | null,
  root: ParentNode | null,
  /** The capture's text, asked for only when the excerpt falls back to it. */
  text: () => string,
  useArticleExcerpt = true,
): Omit<PageMetadata, 'pageUrl'> {
  const metas = metaMap(doc);
  const html = doc.documentElement;
  const pageDir = (html?.getAttribute('dir') ?? '').trim().toLowerCase();
  const stated = (article?.dir ?? pageDir).trim().toLowerCase();
  const dir = stated === 'auto' ? (autoDirection(text()) ?? pageDir) : stated;
  const lang = clean(article?.lang ?? html?.getAttribute('lang'), 64)?.replace(/_/g, '-') ?? null;
  const time = root?.querySelector('time[datetime]') ?? doc.querySelector('article time[datetime]');
  // Before Readability's values, as Readability itself ranks JSON-LD (it misses an array `@type`: json-ld.ts).
  const ld = readJsonLd(doc);
  const published = ld?.publishedTime ?? article?.publishedTime ?? metas.get('article:published_time') ?? time?.getAttribute('datetime');
  return {
    canonicalUrl: canonicalOf(doc, pageUrl, metas),
    title: clean(ld?.title, 1000) ?? clean(article?.title, 1000) ?? clean(metas.get('og:title'), 1000) ?? clean(doc.title, 1000) ?? pageUrl.slice(0, 1000),
    byline: clean(ld?.byline, 500) ?? clean(article?.byline, 500) ?? clean(metas.get('author'), 500),
    // Only what the page states; the UI shows the host when a page names no site.
    siteName: clean(ld?.siteName, 500) ?? clean(article?.siteName, 500) ?? clean(metas.get('og:site_name'), 500) ?? null,
    lang: lang && /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i.test(lang) ? lang : null,
    dir: dir === 'ltr' || dir === 'rtl' ? dir : null,
    publishedTime: clean(published, 200),
    excerpt:
      clean(ld?.description, 500) ??
      (useArticleExcerpt ? clean(article?.excerpt, 500) : null) ??
      clean(metas.get('description'), 500) ??
      clean(metas.get('og:description'), 500) ??
      excerptOf(text()),
  };
}
