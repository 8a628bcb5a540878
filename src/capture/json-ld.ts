/**
 * A page's schema.org article metadata from its JSON-LD (`<script type="application/ld+json">`).
 * Readability reads JSON-LD too, but only an object whose `@type` is one string: an array
 * (`["Article", "NewsArticle"]`, common with Yoast and news CMSs) makes it throw and give up,
 * also inside an `@graph`. This reader takes the first article object of the page's JSON-LD,
 * at the top, in a top-level array or in an `@graph`, with `@type` a string or an array.
 */

/** What a page's JSON-LD says about its article (each value as stated, trimmed). */
export interface JsonLdArticle {
  readonly title: string | null;
  readonly byline: string | null;
  readonly description: string | null;
  readonly siteName: string | null;
  readonly publishedTime: string | null;
}

/** The schema.org types Readability takes for an article (its `jsonLdArticleTypes`). */
const ARTICLE_TYPES: ReadonlySet<string> = new Set([
  'Article', 'AdvertiserContentArticle', 'NewsArticle', 'AnalysisNewsArticle', 'AskPublicNewsArticle', 'BackgroundNewsArticle',
  'OpinionNewsArticle', 'ReportageNewsArticle', 'ReviewNewsArticle', 'Report', 'SatiricalArticle', 'ScholarlyArticle',
  'MedicalScholarlyArticle', 'SocialMediaPosting', 'BlogPosting', 'LiveBlogPosting', 'DiscussionForumPosting', 'TechArticle', 'APIReference',
]);

/** At most this many JSON-LD scripts, and characters of each, are read (a hostile page may hold megabytes). */
const MAX_SCRIPTS = 20;
const MAX_CHARS = 1_000_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The HTML entities Readability decodes in JSON-LD values (its `_unescapeHtmlEntities`): CMSs write "That&#039;s" there. */
const NAMED: Readonly<Record<string, string>> = { quot: '"', amp: '&', apos: "'", lt: '<', gt: '>' };
const unescaped = (s: string): string =>
  s.replace(/&(quot|amp|apos|lt|gt);/g, (_, n: string) => NAMED[n]!).replace(/&#(?:x([0-9a-f]{1,6})|([0-9]{1,7}));/gi, (m, hex: string | undefined, dec: string | undefined) => {
    const cp = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
  });
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? unescaped(v.trim()) : null);
/** A schema.org `@context` (Readability reads no JSON-LD without one: a bare object may use any vocabulary). */
const SCHEMA_ORG = /^https?:\/\/schema\.org\/?$/;
const isSchemaOrg = (o: Obj): boolean => {
  const c = o['@context'];
  return (typeof c === 'string' && SCHEMA_ORG.test(c)) || (isObj(c) && typeof c['@vocab'] === 'string' && SCHEMA_ORG.test(c['@vocab']));
};

/** A `@type` (string or array) naming an article type; `schema:` and full schema.org IRIs accepted. */
function isArticle(o: Obj): boolean {
  const types = Array.isArray(o['@type']) ? o['@type'] : [o['@type']];
  return types.some((t) => typeof t === 'string' && ARTICLE_TYPES.has(t.replace(/^(?:https?:\/\/schema\.org\/|schema:)/, '')));
}

/**
 * The objects of one parsed JSON-LD value that may be the article: itself, a top-level array's
 * items, an `@graph`'s items; each under a schema.org `@context`, its own or its graph's.
 */
function* candidates(value: unknown): Generator<Obj> {
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (!isObj(item) || !isSchemaOrg(item)) continue;
    yield item;
    if (Array.isArray(item['@graph'])) for (const node of item['@graph']) if (isObj(node)) yield node;
  }
}

/** Names of people or organisations: a string, an object's `name`, or an array of either. */
function names(v: unknown): string | null {
  const list = (Array.isArray(v) ? v : [v]).map((a) => text(a) ?? (isObj(a) ? text(a['name']) : null)).filter((n): n is string => n !== null);
  return list.length > 0 ? list.join(', ') : null;
}

/** Readability's title rule for an article naming both: the headline when it, and not the name, resembles `<title>`. */
function similarity(a: string, b: string): number {
  const tokens = (s: string) => s.toLowerCase().split(/\W+/).filter(Boolean);
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  return 1 - tb.filter((t) => !ta.includes(t)).join(' ').length / tb.join(' ').length;
}

function titleOf(o: Obj, docTitle: string): string | null {
  const name = text(o['name']);
  const headline = text(o['headline']);
  if (name && headline && name !== headline) {
    return similarity(headline, docTitle) > 0.75 && similarity(name, docTitle) <= 0.75 ? headline : name;
  }
  return name ?? headline;
}

/**
 * The first schema.org article in `doc`'s JSON-LD, or null when there is none. Never throws:
 * malformed JSON, odd shapes and unexpected value types are skipped.
 */
export function readJsonLd(doc: Document): JsonLdArticle | null {
  const scripts = Array.from(doc.querySelectorAll('script[type]')).filter((s) => (s.getAttribute('type') ?? '').trim().toLowerCase() === 'application/ld+json');
  for (const script of scripts.slice(0, MAX_SCRIPTS)) {
    const raw = (script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '');
    if (raw.length > MAX_CHARS) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      continue;
    }
    for (const o of candidates(parsed)) {
      if (!isArticle(o)) continue;
      return {
        title: titleOf(o, doc.title ?? ''),
        byline: names(o['author']),
        description: text(o['description']),
        siteName: isObj(o['publisher']) ? text(o['publisher']['name']) : null,
        publishedTime: text(o['datePublished']),
      };
    }
  }
  return null;
}
