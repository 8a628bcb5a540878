import { textOfHtml } from '../capture/text';
import { escapeHtml } from '../util/escape-html';
import type { ImportCapture } from '../library/import-entry';
import { linkStandInHtml, noCopyStandInHtml } from '../library/stand-in';
import type { ExtractedPage } from '../schema/capture';
import type { ImportItem } from './import-item';
import type { ImportFormat } from './types';
import { isoOrNull } from '../util/dates';

/**
 * An `ImportItem` (a parser's output) as one item of `Library.importBatch`: its page (the
 * source's article extracted and sanitised through the same path as "Save link", or a small
 * link capture when the source kept none) and what the user had (tags, states, highlights).
 */

/** One item of `Library.importBatch`. */
export type ImportBatchItem = Omit<ImportCapture, 'filing'>;

/**
 * Extracts and sanitises fetched-page HTML exactly as "Save link" does (`extractFromHtml`, in
 * the background page or the offscreen document). Throws an `AppFailure` as that does.
 */
export type ExtractHtml = (html: string, url: string, contentType: string) => Promise<ExtractedPage>;

/** The tag a favourite (Pocket's "favorite", Omnivore's) carries. */
export const FAVORITE_TAG = 'favorite';

const SOURCE_NAMES: Record<ImportFormat, string> = {
  'pocket-csv': 'Pocket',
  'pocket-html': 'Pocket',
  omnivore: 'Omnivore',
  'bookmarks-html': 'your bookmarks',
  commonplace: 'a Commonplace export',
};

/** The words for where an import came from ("Pocket", "your bookmarks"). */
export const sourceName = (format: ImportFormat): string => SOURCE_NAMES[format];

const cap = (s: string, n = 2_000): string => (s.length > n ? s.slice(0, n) : s);

/**
 * The capture of an item whose source kept no article: kind 'link', extractor 'text', a
 * stand-in (src/library/stand-in.ts, which writes and recognises them) saying where it came from
 * with a link to the original, its text derived from that HTML (`textOfHtml`), the item's metadata.
 */
export function linkPage(item: ImportItem, format: ImportFormat): ExtractedPage {
  // A stand-in address (an Omnivore newsletter's) is neither linked nor fetched: this text is not the placeholder the link fetch looks for.
  const html = item.placeholderUrl ? noCopyStandInHtml(sourceName(format)) : linkStandInHtml(sourceName(format), item.url);
  return {
    kind: 'link',
    extractor: 'text',
    pageUrl: item.url,
    canonicalUrl: null,
    title: cap(item.title || item.url),
    byline: item.author ?? null,
    siteName: item.siteName ?? null,
    lang: null,
    dir: null,
    publishedTime: isoOrNull(item.publishedAt),
    excerpt: item.excerpt ?? null,
    html,
    text: textOfHtml(html),
  };
}

/** The text of an item's HTML (read without running or loading anything) as paragraphs of escaped text; null when it holds none. */
function textPage(item: ImportItem, format: ImportFormat, untrustedHtml: string): ExtractedPage | null {
  const text = textOfHtml(untrustedHtml).trim();
  if (text === '') return null;
  const html = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('');
  return { ...linkPage(item, format), kind: 'page', html, text: textOfHtml(html) };
}

/** The item's own metadata over what extraction found (the source knew the title the user saw). */
function withItemMetadata(page: ExtractedPage, item: ImportItem): ExtractedPage {
  return {
    ...page,
    pageUrl: item.url,
    title: cap(item.title || page.title || item.url),
    byline: item.author ?? page.byline,
    siteName: item.siteName ?? page.siteName,
    publishedTime: isoOrNull(item.publishedAt) ?? page.publishedTime,
    excerpt: item.excerpt ?? page.excerpt,
  };
}

/**
 * The batch item for a page: tags (plus `FAVORITE_TAG` for a favourite), `read` → readAt,
 * `archived` → archivedAt and readAt (Pocket's archive is "I read it"), both at the item's save
 * time (the sources record no other); highlights with their note ('' if none) and colour
 * (yellow if none).
 */
export function batchItemOf(item: ImportItem, page: ExtractedPage): ImportBatchItem {
  const tags = [...item.tags];
  if (item.favorite && !tags.some((t) => t.toLowerCase() === FAVORITE_TAG)) tags.push(FAVORITE_TAG);
  return {
    page,
    savedAt: item.savedAt,
    tags,
    readAt: item.state === 'unread' ? null : item.savedAt,
    archivedAt: item.state === 'archived' ? item.savedAt : null,
    favoriteAt: item.favorite ? item.savedAt : null,
    note: item.note ?? '',
    highlights: item.highlights.map((h) => ({ quote: h.quote, createdAt: h.createdAt, note: noteWithLabels(h.note ?? '', h.tags ?? []), color: h.color ?? 'yellow' })),
  };
}

/**
 * An item as `importBatch` takes it. Contract: `untrustedHtml` goes only through `extract` (the
 * Save-link path, which sanitises it) with url = item.url and type text/html; when extraction
 * refuses it (no readable content, too large), the item is still imported as a link capture,
 * so its tags, states and highlights are kept. Items without content become link captures.
 */
export async function toBatchItem(item: ImportItem, format: ImportFormat, extract: ExtractHtml): Promise<ImportBatchItem> {
  if (item.untrustedHtml === undefined || item.untrustedHtml.trim() === '') return batchItemOf(item, linkPage(item, format));
  let page: ExtractedPage;
  try {
    page = withItemMetadata(await extract(item.untrustedHtml, item.url, 'text/html'), item);
  } catch {
    // Refused by extraction: an item whose address is a stand-in keeps its only copy's text (nowhere to fetch it from).
    page = item.placeholderUrl ? (textPage(item, format, item.untrustedHtml) ?? linkPage(item, format)) : linkPage(item, format);
  }
  return batchItemOf(item, page);
}

/**
 * A highlight's note with the labels the other service gave it (Omnivore's `#label` lines):
 * Commonplace highlights have no labels of their own, so they are kept as a last line of the
 * note, `#label` each, where search finds them and nothing is lost.
 */
export function noteWithLabels(note: string, labels: readonly string[]): string {
  const tags = labels.map((l) => l.trim().replace(/\s+/g, '-')).filter((l) => l !== '');
  if (tags.length === 0) return note;
  const line = tags.map((t) => `#${t.replace(/^#+/, '')}`).join(' ');
  return note.trim() === '' ? line : `${note.trimEnd()}\n\n${line}`;
}
