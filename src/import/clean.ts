import { storedTagKey, tagLabel } from '../library/tags';
import { INVISIBLE_CLASS } from '../util/invisible';
import { isCanonicalHttpUrl, normalizeUrl } from '../url/normalize';
import { MAX_IMPORT_URL, MAX_TAG_CHARS, MAX_TAGS } from './import-item';
import type { RawDate } from './types';

/**
 * The normalising rules every imported field goes through, once: plain text (titles, tags,
 * excerpts), URLs (the project's `normalizeUrl`, dangerous schemes refused), and dates.
 */

/** HTML's element names: a tag in a plain-text field is one of them, anything else in angle brackets is text. */
const ELEMENTS =
  'a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|blockquote|body|br|button|canvas|caption|center|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|div|dl|dt|em|embed|fieldset|figcaption|figure|font|footer|form|frame|frameset|h[1-6]|head|header|hgroup|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|marquee|math|menu|meta|meter|nav|noscript|object|ol|optgroup|option|output|p|param|picture|pre|progress|q|rp|rt|ruby|s|samp|script|search|section|select|slot|small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|var|video|wbr';
/**
 * Markup in a field that should hold plain text: comments, doctypes and processing instructions,
 * and tags of HTML's elements. Other text in angle brackets stays: titles about code ("Option<T>",
 * "Result<String, io::Error>") lost their words to a pattern that took any `<letter…>`.
 */
const MARKUP = new RegExp(`<(?:!--[\\s\\S]*?-->|[!?][A-Za-z][^<>]*>|/?(?:${ELEMENTS})(?=[\\s/>])[^<>]*>)`, 'gi');
/** Runs of whitespace, C0 and C1 controls, DEL, line and paragraph separators: read as one space. */
const SPACES = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** Bidirectional overrides and isolates (they can disguise text), zero-width characters and BOMs: dropped. */
const INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}]`, 'g');

/** `text` cut to at most `max` UTF-16 units with "…", never splitting a surrogate pair. */
export function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/**
 * A field as plain text on one line: markup removed, control characters read as spaces,
 * invisible and direction-changing characters dropped, whitespace collapsed, capped at `max`.
 * Why: a title is shown in lists and tooltips; a `<script>` or a right-to-left override in one
 * must arrive as harmless text. Only a bounded prefix (twice `max`) is examined, so a 50 MB
 * "title" is cheap; markup beyond it is never reached, and so never kept.
 */
export function plainText(value: unknown, max: number): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  const raw = String(value).slice(0, max * 2 + 256);
  const text = raw.includes('<') ? raw.replace(MARKUP, ' ') : raw;
  return cap(text.replace(INVISIBLE, '').replace(SPACES, ' ').trim(), max);
}

/** `plainText`, or undefined when nothing is left. */
export function optionalText(value: unknown, max: number): string | undefined {
  const text = plainText(value, max);
  return text === '' ? undefined : text;
}

/** Multi-line text (a note): controls other than line breaks and tabs removed, lines kept, capped. */
export function noteText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value
    .slice(0, max + 1_000)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .replace(INVISIBLE, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? undefined : cap(text, max);
}

/**
 * The title, or '' when it only repeats the URL: Pocket and bookmark files write an untitled
 * item's URL as its title, and an empty title lets the UI show the URL its own way. (The length
 * test first keeps a 5 MB title from being copied by `trim`.)
 */
export function titleOrNone(title: string, url: string): string {
  return title.length <= url.length + 64 && title.trim() === url.trim() ? '' : title;
}

/** Code points of a tag as the library counts them (`normalizeTag` counts its `tagLabel`: cleaned, NFC, `#` prefixes dropped). */
const libraryLength = (tag: string): number => [...tagLabel(tag)].length;

/**
 * A tag's text, cut, when the library would refuse it as too long, to the `MAX_TAG_CHARS`
 * characters it keeps (code points, as it counts them: never inside an emoji). `cut` says it was.
 */
function cutTag(text: string): { tag: string; cut: boolean } {
  // NFC makes a character at most three: a tag this short is within the limit however the library counts it.
  if (text.length * 3 <= MAX_TAG_CHARS) return { tag: text, cut: false };
  let points = [...text];
  let cut = false;
  if (points.length > MAX_TAG_CHARS) (points = points.slice(0, MAX_TAG_CHARS)), (cut = true);
  // The library counts after NFC, which makes a rare character longer: a tag it would refuse is cut further.
  while (points.length > 0 && libraryLength(points.join('')) > MAX_TAG_CHARS) points.pop(), (cut = true);
  return { tag: points.join('').trim(), cut };
}

/**
 * A value of the user's file as the report quotes it: as the file had it (markup included: a
 * tag "<b>x</b>" is quoted so, not as the "x" it became), on one line (controls read as spaces,
 * invisible and direction-changing characters dropped, so it cannot disguise the words around
 * it) and cut to `max` characters with "…". Plain text: the report shows it as text, never as
 * HTML. Only a bounded prefix is read.
 */
export function quoted(raw: string, max = 40): string {
  return cap(raw.slice(0, max * 4 + 64).replace(INVISIBLE, '').replace(SPACES, ' ').trim(), max);
}

/** What is said of a tag cut to the library's limit (a part of the item left behind), quoting it as the file had it (`quoted`). */
export const tagCutWords = (raw: string): string => `Its tag "${quoted(raw)}" was longer than ${MAX_TAG_CHARS} characters; only its first ${MAX_TAG_CHARS} were kept.`;
/** What is said of an item with more tags than a clip can have (the rest left behind). */
export const TAGS_OVER_WORDS = `Only its first ${MAX_TAGS} tags were kept: a clip can have at most ${MAX_TAGS}.`;

/** What is said of a duplicate whose `count` tags the library's clip of its page had no room for (it has, or reached, `MAX_TAGS` tags). */
export const tagsLeftOutWords = (count: number): string =>
  `${count === 1 ? 'One of its tags was' : `${count} of its tags were`} not added to the clip of its page already in your library: a clip can have at most ${MAX_TAGS} tags.`;
/** What is said of an item `count` of whose highlights had more labels (Omnivore's) than a highlight keeps, `MAX_TAGS` (the rest left behind). */
export const labelsOverWords = (count: number): string =>
  count === 1 ? `One of its highlights had more than ${MAX_TAGS} labels; only its first ${MAX_TAGS} were kept.` : `${count} of its highlights had more than ${MAX_TAGS} labels; only the first ${MAX_TAGS} of each were kept.`;

/** Where a tag list's losses are told: each tag cut (as the file had it: before the cut, its markup too), and, once, tags left out past `MAX_TAGS`. */
export interface TagLosses {
  readonly onCut?: (raw: string) => void;
  readonly onOver?: () => void;
}

/**
 * Tags as the library will keep them, from their texts: empty ones dropped, duplicates dropped as
 * the library compares tags (`storedTagKey`: "Café", "cafe" and "#cafe" are one), keeping the
 * first spelling, at most `MAX_TAGS` (the library's `MAX_TAGS_PER_CLIP`). A tag longer than the
 * library keeps is cut to `MAX_TAG_CHARS` characters and given to `onCut`; a tag past the
 * `MAX_TAGS`th distinct one stops the list and calls `onOver`: so the import can say so, and no
 * tag is cut or left out without a word. Texts are read only until the list is full.
 */
export function keptTags(texts: Iterable<string>, losses: TagLosses = {}): string[] {
  return keptOf(texts, (text) => text, losses);
}

/** `keptTags` of `values`, each read as `textOf` makes it; a cut is told with the value as it was (`String(value)`). */
function keptOf<T>(values: Iterable<T>, textOf: (value: T) => string, losses: TagLosses): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const value of values) {
    const text = textOf(value);
    const { tag, cut } = cutTag(text);
    const key = tag === '' ? '' : storedTagKey(tag);
    if (tag === '' || seen.has(key)) continue;
    if (tags.length === MAX_TAGS) {
      losses.onOver?.();
      break;
    }
    seen.add(key);
    tags.push(tag);
    if (cut) losses.onCut?.(String(value));
  }
  return tags;
}

/**
 * Tags of another service: each `plainText` (four units a character, so a capped text is always
 * over the limit and a cut is always seen), then `keptTags`' rules: cut to the library's length,
 * one per tag as the library compares them, at most `MAX_TAGS`, each loss told to `losses` (a
 * cut tag as the file had it, before its markup was removed: what the user would recognise).
 */
export function cleanTags(values: Iterable<unknown>, losses: TagLosses = {}): string[] {
  return keptOf(values, (value) => plainText(value, 4 * MAX_TAG_CHARS), losses);
}

/** `checkUrl`'s answer: the normalised URL, or why the item cannot be imported. */
export type UrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

/**
 * An imported URL made safe and canonical. Contract: http:, https: and file: URLs come back
 * through `normalizeUrl` (tracking parameters and fragment dropped); javascript: and data: URLs
 * are refused because they would run code or carry their content inline; other schemes
 * (place:, chrome:, about:, mailto:, …) are refused as not web pages; the scheme is checked
 * after parsing, so `java\tscript:` is caught too. Reasons are written for the person.
 */
export function checkUrl(value: unknown): UrlCheck {
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, reason: 'It has no web address.' };
  const raw = value.trim();
  if (raw.length > MAX_IMPORT_URL) return { ok: false, reason: `Its web address is longer than ${MAX_IMPORT_URL} characters.` };
  // Fast paths (almost every item): a URL already in the parser's canonical form with no query
  // or fragment is its own normal form; a string that starts `http(s)://` can only parse as http(s).
  if (isCanonicalHttpUrl(raw) && !/[?#]/.test(raw)) return { ok: true, url: raw };
  if (/^https?:\/\//i.test(raw)) return normalized(raw);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return { ok: false, reason: `"${cap(plainText(raw, 200), 80)}" is not a complete web address.` };
  }
  const scheme = parsed.protocol.toLowerCase();
  if (scheme === 'javascript:') return { ok: false, reason: 'It is a javascript: link (a bookmarklet), which runs code instead of opening a page; it was not imported.' };
  if (scheme === 'data:') return { ok: false, reason: 'It is a data: address, which carries its content inline instead of pointing to a page; it was not imported.' };
  if (scheme !== 'http:' && scheme !== 'https:' && scheme !== 'file:') {
    return { ok: false, reason: `It is a ${scheme} address, not a web page; only http, https and file addresses are imported.` };
  }
  return normalized(parsed.href);
}

function normalized(href: string): UrlCheck {
  try {
    const url = normalizeUrl(href);
    return url.length > MAX_IMPORT_URL ? { ok: false, reason: `Its web address is longer than ${MAX_IMPORT_URL} characters.` } : { ok: true, url };
  } catch {
    return { ok: false, reason: `"${cap(plainText(href, 200), 80)}" is not a complete web address.` };
  }
}

/** The earliest plausible save date: 1 January 1991, when the first web page went up. */
export const MIN_SAVED_AT = Date.UTC(1991, 0, 1);
/** 1 January of year 1 (`Date.UTC` cannot say it: it reads years 0-99 as 1900-1999). */
const MIN_PUBLISHED = -62_135_596_800_000;
/** Latest accepted date, as an offset from the import's time: a day, for clocks in other zones. */
const FUTURE_SLACK = 24 * 60 * 60 * 1000;

/** A number as text: a sign, digits with or without a fraction, and an exponent (`1.7e9`, `1.7E+9`: what a spreadsheet that round-tripped the CSV writes). */
const NUMERIC = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/**
 * A source's date in milliseconds, or null. Numbers (and numeric strings, plain or in exponent
 * notation) are read by size: up to 1e11 seconds (Unix time, what Pocket and bookmark files
 * write), up to 1e14 milliseconds, beyond that microseconds; one that is not finite (`1e400`)
 * is null. Other strings go through `Date.parse` (ISO 8601).
 */
export function toMillis(value: RawDate): number | null {
  if (value === null || value === undefined) return null;
  let n = typeof value === 'number' ? value : NaN;
  if (typeof value === 'string') {
    const text = value.trim();
    if (!NUMERIC.test(text)) {
      const parsed = text === '' ? NaN : Date.parse(text);
      return Number.isFinite(parsed) ? parsed : null;
    }
    n = Number(text);
  }
  if (!Number.isFinite(n)) return null;
  const abs = Math.abs(n);
  const ms = abs < 1e11 ? n * 1000 : abs < 1e14 ? n : n / 1000;
  return Math.round(ms);
}

/** `savedDate`'s answer: the date to store, and a warning when it is not the source's. */
export interface DateCheck {
  readonly ms: number;
  /** Why the date was replaced, when it was. */
  readonly warning?: string;
}

/**
 * A save or highlight date, clamped. Contract: missing, unreadable or before `MIN_SAVED_AT`
 * becomes `fallback` (with a warning); later than `now` plus a day becomes `now` (with a
 * warning). Why clamp rather than refuse: the item itself is worth more than its date.
 */
export function savedDate(value: RawDate, fallback: number, now: number, what: string): DateCheck {
  const ms = toMillis(value);
  if (ms === null || ms < MIN_SAVED_AT) {
    const absent = value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
    const warning = absent ? `It has no ${what}; the import's time was used.` : `Its ${what} (${cap(String(value), 40)}) is not a usable date; the import's time was used.`;
    return { ms: fallback, warning };
  }
  if (ms > now + FUTURE_SLACK) return { ms: now, warning: `Its ${what} is in the future; the import's time was used.` };
  return { ms };
}

/** A publication date, or undefined when absent or impossible (before year 1, or more than a year ahead). */
export function publishedDate(value: RawDate, now: number): number | undefined {
  const ms = toMillis(value);
  if (ms === null || ms < MIN_PUBLISHED || ms > now + 366 * FUTURE_SLACK) return undefined;
  return ms;
}
