import type { ExtractedPage, Filing } from '../schema/capture';
import { readingProgressOf } from '../schema/reading-progress';
import type { CatalogEntryV1, ContentRef } from '../schema/catalog-doc';
import type { ClipView } from '../schema/clip-summary';
import type { ClipId } from '../schema/ids';
import { chooseCanonical } from '../url/canonical';
import { clipKey, normalizeUrl, withoutCredentials } from '../url/normalize';
import { imm, str, strOrNull } from './catalogs';
import { rowOf } from './index-rows';
import { noteOf } from './note-merge';

/** Whitespace-separated words; a single pass without allocating (a 10 MB article takes milliseconds). */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}

/**
 * Writes a capture into a catalog entry draft: metadata and the article pointer are
 * replaced; tags, read state and highlights stay. Fields are assigned one by one, never by
 * replacing an object, so a field this version does not know (a newer one wrote it) survives.
 * Every URL a clip keeps enters the library here: `pageUrl` and `canonicalUrl` are stored as
 * the page gave them but without a user name and password (`filing` is already normalised,
 * which drops them), so no secret is stored, synced or shown as a link.
 */
export function applyCapture(e: CatalogEntryV1, page: ExtractedPage, filing: Filing, now: number, content: Omit<ContentRef, 'extractor' | 'wordCount'>): void {
  e.kind = page.kind;
  e.key = imm(filing.key);
  e.url = imm(filing.url);
  e.pageUrl = imm(withoutCredentials(page.pageUrl));
  e.canonicalUrl = imm(page.canonicalUrl === null ? null : withoutCredentials(page.canonicalUrl));
  e.title = imm(page.title);
  e.byline = imm(page.byline);
  e.siteName = imm(page.siteName);
  e.lang = imm(page.lang);
  e.dir = page.dir;
  e.publishedTime = imm(page.publishedTime);
  e.excerpt = imm(page.excerpt);
  e.capturedAt = now;
  if (!e.content) e.content = {} as ContentRef;
  e.content.shard = content.shard;
  e.content.rev = content.rev;
  e.content.bytes = content.bytes;
  e.content.extractor = page.extractor;
  e.content.wordCount = countWords(page.text);
}

/** A new clip's catalog entry (the caller puts it in its catalog). */
export function newEntry(id: ClipId, page: ExtractedPage, filing: Filing, now: number, content: Omit<ContentRef, 'extractor' | 'wordCount'>): CatalogEntryV1 {
  // The note's text is made with the entry, empty: every device then edits that one text, and two
  // writing the first note offline merge character by character (noteOf reads older entries).
  const e = { id, savedAt: now, tags: {}, readAt: null, archivedAt: null, deletedAt: null, highlights: {}, note: '' } as unknown as CatalogEntryV1;
  applyCapture(e, page, filing, now, content);
  return e;
}

/** Where a capture is filed: its canonical URL when same-site, and its de-duplication key. Throws on a URL that cannot be normalised. */
export function fileOf(page: ExtractedPage): Filing {
  const url = chooseCanonical(page.pageUrl, page.canonicalUrl);
  return { url, pageUrl: normalizeUrl(page.pageUrl), key: clipKey(page.kind, url, page.kind === 'selection' ? page.text : undefined) };
}

/** The reader's view of a clip: its row, its entry's other fields and the article. */
export function toView(e: CatalogEntryV1, html: string, text: string, tooNew: boolean): ClipView {
  return {
    ...rowOf(e),
    canonicalUrl: strOrNull(e.canonicalUrl),
    lang: strOrNull(e.lang),
    dir: e.dir ?? null,
    html,
    text,
    note: noteOf(e),
    position: positionOf(e),
    tooNew,
  };
}

/** Where the entry's reader was left, when what was written is a usable position. */
function positionOf(e: CatalogEntryV1): ClipView['position'] {
  const p = readingProgressOf(e.progress);
  return p && { offset: p.offset, at: p.at };
}

export { str };
