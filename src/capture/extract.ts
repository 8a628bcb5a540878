import { Readability, isProbablyReaderable } from '@mozilla/readability';
import { createSanitizer } from '../sanitize/sanitize';
import type { DomWindow, Sanitizer } from '../sanitize/sanitize';
import { AppFailure } from '../util/result';
import { describeContentType } from './content-type';
import { chooseImagesIn, withChosenImages, type InlinedImages } from './lazy-images';
import { withoutModals } from './modal';
import { clean, documentBase, excerptOf, passageContext, readPageMetadata } from './page-metadata';
import { escapeHtml } from '../util/escape-html';
import { textOfHtml } from './text';
import { withInlineAncestors, type TableShells } from './selection-context';
import { cloneSelected, selectedPassages } from './shadow-dom';
import type { CaptureKind, CapturedPage, ExtractedPage, Extractor } from '../schema/capture';

/**
 * Turns a document (a live tab, or HTML fetched for a link) into an `ExtractedPage`.
 * Pure DOM code: runs in content scripts, offscreen documents and jsdom. Never
 * mutates the document it is given, so it can run on the page the user is reading.
 */

/** Pages with more elements than this are refused before any work is done. */
export const MAX_ELEMENTS = 200_000;
/** Default limit on the sanitised article HTML, in UTF-8 bytes (25 MB). */
export const DEFAULT_MAX_HTML_BYTES = 25 * 1024 * 1024;
/** Readability's article counts as real content at this many characters even if the page looked unreadable. */
const MIN_ARTICLE_CHARS = 140;

export interface ExtractOptions {
  readonly kind: 'page' | 'link';
  readonly pageUrl: string;
  /** Limit on the sanitised HTML in UTF-8 bytes; default `DEFAULT_MAX_HTML_BYTES`. */
  readonly maxHtmlBytes?: number;
  /** Window for DOMPurify; defaults to `doc.defaultView`, then the global `window`. */
  readonly win?: DomWindow;
  /** The page's `blob:` images read beforehand (blob-images.ts `readBlobImages`): stored as these `data:` URLs. */
  readonly inlinedImages?: InlinedImages;
}

type Article = NonNullable<ReturnType<Readability['parse']>>;

const sanitizers = new WeakMap<DomWindow, Sanitizer>();

function sanitizerFor(doc: Document, win: DomWindow | undefined): Sanitizer {
  const w = win ?? doc.defaultView ?? (typeof window === 'undefined' ? null : window);
  if (!w) throw new AppFailure('internal', 'No DOM window is available to clean up the page.');
  let s = sanitizers.get(w);
  if (!s) sanitizers.set(w, (s = createSanitizer(w)));
  return s;
}

/** 'html' or 'text' for types we can save; throws `unsupported-type` with the shared human message otherwise. */
function classifyType(contentType: string): 'html' | 'text' {
  const type = describeContentType(contentType);
  if (type.html) return 'html';
  if (type.text) return 'text';
  throw new AppFailure('unsupported-type', type.message);
}

function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const mb = (bytes: number): string => `${Number((bytes / (1024 * 1024)).toPrecision(3))} MB`;

function assertSize(html: string, limit: number, hint: string): void {
  if (html.length * 3 <= limit) return;
  const bytes = utf8Length(html);
  if (bytes > limit) {
    throw new AppFailure('too-large', `This is too large to save: ${mb(bytes)} of content, and the limit is ${mb(limit)}. ${hint}`);
  }
}

const TOO_LARGE_PAGE = 'Select the part you want and choose "Save selection" instead.';
const NO_CONTENT =
  'This page has no text to save. If it is still loading, wait a moment and try again, or select the text you want and choose "Save selection".';
/** A selection of only images or blank space: something is selected, and a selection is filed by its text. */
const NO_SELECTED_TEXT = 'The selection has no text to save (only images or blank space). Select some text with it, or save the whole page.';

/** Elements whose text `htmlToText` leaves out (see text.ts). */
const SKIPPED_SELECTOR = 'script,style,template,noscript,head,title';

/**
 * Whether `htmlToText` of `root` (serialised as `html`) has any text, answered natively
 * where it can be: computing the text in a content script's isolated world is the slow
 * part, and the background derives it anyway (`withText`).
 */
function hasText(root: Element, html: string): boolean {
  if (!/\S/.test(root.textContent ?? '')) return false;
  // Text htmlToText leaves out (an SVG <title>, say) could be all there is: then only the text itself can tell.
  return root.querySelector(SKIPPED_SELECTOR) === null || textOfHtml(html).trim() !== '';
}

/** A text/plain document: one `<pre>` holding the text. */
function textPage(doc: Document, text: string, kind: CaptureKind, pageUrl: string, sanitizer: Sanitizer, limit: number): CapturedPage {
  const root = sanitizer.sanitizeCaptureDom(`<pre>${escapeHtml(text)}</pre>`, pageUrl);
  const html = root.innerHTML;
  assertSize(html, limit, TOO_LARGE_PAGE);
  if (!hasText(root, html)) throw new AppFailure('no-content', NO_CONTENT);
  const meta = readPageMetadata(doc, pageUrl, null, null, () => textOfHtml(html));
  return { ...meta, title: clean(doc.title, 1000) ?? pageUrl.slice(0, 1000), pageUrl, kind, extractor: 'text', html };
}

function runReadability(doc: Document): Article | null {
  try {
    // Classes kept: the sanitiser, which drops them, reads one first (a formula's `fallback-image`, see sanitize.ts).
    return new Readability(doc.cloneNode(true) as Document, { charThreshold: 500, keepClasses: true }).parse();
  } catch {
    // A page Readability cannot handle still has a body to fall back to.
    return null;
  }
}

/** Whether Readability's result is the article: real text, and either long enough or on a page that looks readable. */
function trustArticle(doc: Document, article: Article | null): article is Article & { content: string } {
  const chars = (article?.textContent ?? '').trim().length;
  if (!article?.content || chars === 0) return false;
  if (chars >= MIN_ARTICLE_CHARS) return true;
  try {
    // Read-only (queries and attributes), so it runs on the page itself; only needed for short articles.
    return isProbablyReaderable(doc);
  } catch {
    return false;
  }
}

interface InternalOptions extends ExtractOptions {
  readonly contentType: string;
}

function extract(doc: Document, opts: InternalOptions): CapturedPage {
  const mode = classifyType(opts.contentType);
  const sanitizer = sanitizerFor(doc, opts.win);
  const limit = opts.maxHtmlBytes ?? DEFAULT_MAX_HTML_BYTES;
  if (mode === 'text') {
    const text = doc.body?.textContent ?? doc.documentElement?.textContent ?? '';
    return textPage(doc, text, opts.kind, opts.pageUrl, sanitizer, limit);
  }
  const count = doc.getElementsByTagName('*').length;
  if (count > MAX_ELEMENTS) {
    const n = (x: number): string => x.toLocaleString('en-US');
    throw new AppFailure('too-large', `This page is too large to save: it has ${n(count)} elements, and the limit is ${n(MAX_ELEMENTS)}. ${TOO_LARGE_PAGE}`);
  }
  const base = documentBase(doc, opts.pageUrl);
  // Images as the page shows them (lazy ones resolved, srcset chosen): on a copy, only when some need it.
  // Read from the live page, before the modal is closed: a copy's images have no `currentSrc` and never loaded.
  // As the page reads with a cookie or newsletter modal closed (its library hid the rest).
  const work = withoutModals(withChosenImages(doc, base, opts.inlinedImages));
  const article = runReadability(work);
  const candidates: Array<[Extractor, () => string]> = [];
  if (trustArticle(doc, article)) candidates.push(['readability', () => article.content]);
  candidates.push(['body', () => work.body?.innerHTML ?? '']);
  for (const [extractor, source] of candidates) {
    const root = sanitizer.sanitizeCaptureDom(source(), base, opts.pageUrl);
    const html = root.innerHTML;
    assertSize(html, limit, TOO_LARGE_PAGE);
    if (!hasText(root, html)) continue;
    // Readability's excerpt may be its own content's first paragraph: only trusted when that content is used.
    const meta = readPageMetadata(doc, opts.pageUrl, article, root, () => textOfHtml(html), extractor === 'readability');
    return { ...meta, pageUrl: opts.pageUrl, kind: opts.kind, extractor, html };
  }
  throw new AppFailure('no-content', NO_CONTENT);
}

/**
 * Extracts the readable content and metadata of `doc`.
 *
 * Contract: never mutates `doc` (Readability runs on a clone). text/html and
 * application/xhtml+xml pages go through Readability when the page looks readable or
 * Readability still finds ≥ 140 characters, else through the page body; text/plain
 * becomes one `<pre>`. The HTML is sanitised with the capture profile against the
 * document's base URL; `text` is `htmlToText` of that HTML.
 *
 * @throws AppFailure 'unsupported-type' (PDF, images, media, anything else, with a
 * message naming the type), 'too-large' (more than 200,000 elements, or sanitised HTML
 * over `maxHtmlBytes`), 'no-content' (no text at all).
 */
export function extractFromDocument(doc: Document, opts: ExtractOptions): ExtractedPage {
  return withText(captureDocument(doc, opts));
}

/**
 * `extractFromDocument` without the text: what a content script sends (the background
 * derives the text from the HTML with `withText`, where it is cheaper and cannot disagree).
 * A page that is too large only with its `blob:` images inlined is saved without them (their
 * alt text kept), as it was before they were read.
 */
export function captureDocument(doc: Document, opts: ExtractOptions): CapturedPage {
  const contentType = doc.contentType ?? 'text/html';
  try {
    return extract(doc, { ...opts, contentType });
  } catch (e) {
    if (!(e instanceof AppFailure && e.code === 'too-large' && opts.inlinedImages?.size)) throw e;
    return extract(doc, { ...opts, inlinedImages: undefined, contentType });
  }
}

/**
 * Extracts the user's selection on `doc`, with the page's metadata.
 *
 * Contract: clones every range of `selection` (never touching the page), keeps the
 * link/emphasis/`<pre>` a range sits inside and what open shadow roots in it show (a passage
 * inside one through `getComposedRanges`), sanitises with the capture profile and derives
 * `text` with `htmlToText`. kind and extractor are 'selection'; dir and lang are the passage's
 * (`passageContext`); the excerpt is the first 200 characters of the selected text. Why
 * cloned, not `toString()`: links, emphasis and lists in the passage are worth keeping.
 *
 * @throws AppFailure 'no-content' when nothing is selected or it has no text (each says so), 'too-large'
 * when the sanitised selection is over the size limit.
 */
export function extractSelection(
  doc: Document,
  selection: Selection | null,
  pageUrl: string,
  opts: { maxHtmlBytes?: number; win?: DomWindow; inlinedImages?: InlinedImages } = {},
): ExtractedPage {
  const nothing = (): AppFailure => new AppFailure('no-content', 'Nothing is selected. Select some text, then choose "Save selection".');
  if (!selection || selection.rangeCount === 0) throw nothing();
  const inert = doc.implementation.createHTMLDocument('');
  const box = inert.createElement('div');
  // Firefox selects table cells as one range each: consecutive ones of one table share its copy.
  const tables: TableShells = new Map();
  // Ranges inside a web component's shadow root where the browser gives them, and its shadow content copied (shadow-dom.ts).
  const passages = selectedPassages(doc, selection);
  for (const passage of passages) {
    if (passage.range.collapsed) continue;
    const node = withInlineAncestors(passage.range, cloneSelected(passage, inert), tables);
    if (node !== null) box.appendChild(inert.createElement('div')).appendChild(node);
  }
  if (!box.hasChildNodes()) throw nothing();
  const base = documentBase(doc, pageUrl);
  chooseImagesIn(box, doc, base, opts.inlinedImages);
  const root = sanitizerFor(doc, opts.win).sanitizeCaptureDom(box.innerHTML, base, pageUrl);
  const html = root.innerHTML;
  assertSize(html, opts.maxHtmlBytes ?? DEFAULT_MAX_HTML_BYTES, 'Select a smaller part and try again.');
  const text = textOfHtml(html);
  if (text.trim() === '') throw new AppFailure('no-content', NO_SELECTED_TEXT);
  const meta = readPageMetadata(doc, pageUrl, passageContext(passages[0]!.range), root, () => text);
  return { ...meta, excerpt: excerptOf(text), pageUrl, kind: 'selection', extractor: 'selection', html, text };
}

/**
 * Extracts a page fetched without a tab (a saved link).
 *
 * Contract: checks `contentType` (the HTTP type; parsers always report text/html)
 * before parsing, parses `html` with `parser`, makes the page's `<base>` absolute or
 * inserts `<base href=url>` so relative URLs resolve against where the page came
 * from, then follows `extractFromDocument` with kind 'link'.
 *
 * @throws AppFailure 'bad-request' for an invalid `url`, plus everything
 * `extractFromDocument` throws.
 */
export function extractFromHtml(
  html: string,
  url: string,
  contentType: string,
  parser: { parseFromString(s: string, type: 'text/html'): Document },
  opts: { maxHtmlBytes?: number; win?: DomWindow } = {},
): ExtractedPage {
  let pageUrl: string;
  try {
    pageUrl = new URL(url).href;
  } catch {
    throw new AppFailure('bad-request', 'The link to save is not a valid web address.');
  }
  const mode = classifyType(contentType);
  const doc = parser.parseFromString(mode === 'text' ? '' : html, 'text/html');
  const limit = opts.maxHtmlBytes ?? DEFAULT_MAX_HTML_BYTES;
  if (mode === 'text') return withText(textPage(doc, html, 'link', url, sanitizerFor(doc, opts.win), limit));
  const existing = doc.querySelector('base[href]');
  let base = pageUrl;
  try {
    if (existing) base = new URL(existing.getAttribute('href') ?? '', pageUrl).href;
  } catch {
    // An unparsable <base> is ignored, as browsers do.
  }
  doc.querySelectorAll('base').forEach((b) => b.remove());
  const baseEl = doc.createElement('base');
  baseEl.setAttribute('href', base);
  (doc.head ?? doc.documentElement).prepend(baseEl);
  return withText(extract(doc, { kind: 'link', pageUrl: url, maxHtmlBytes: opts.maxHtmlBytes, win: opts.win, contentType }));
}

/** What a content script sends: the capture without its text (the background derives it, see `withText`). */
export function withoutText(page: ExtractedPage): CapturedPage {
  const { text: _text, ...captured } = page;
  return captured;
}

/**
 * A capture from a content script made whole: its text derived from its HTML, so the
 * stored text is always `htmlToText` of the stored HTML, whatever the page's context sent.
 */
export function withText(page: CapturedPage): ExtractedPage {
  return { ...page, text: textOfHtml(page.html) };
}
