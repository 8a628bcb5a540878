import { ImmutableString } from '@automerge/automerge/slim';
import type { ExtractedPage, Filing } from '../schema/capture';
import type { ClipSummary, ClipView } from '../schema/clip-summary';
import { CLIP_SCHEMA_VERSION, type ClipDocV1 } from '../schema/clip-doc';
import type { ClipId } from '../schema/ids';

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
 * Writes a capture into a clip document draft: metadata and content are replaced; tags,
 * read state and highlights stay. Fields are assigned one by one, never by replacing an
 * object, so a field this version does not know (written by a newer one) survives.
 */
export function applyCapture(d: ClipDocV1, page: ExtractedPage, filing: Filing, now: number): void {
  d.kind = page.kind;
  d.key = filing.key;
  d.url = filing.url;
  d.pageUrl = page.pageUrl;
  d.canonicalUrl = page.canonicalUrl;
  d.title = page.title;
  d.byline = page.byline;
  d.siteName = page.siteName;
  d.lang = page.lang;
  d.dir = page.dir;
  d.publishedTime = page.publishedTime;
  d.excerpt = page.excerpt;
  d.capturedAt = now;
  if (!d.content) d.content = {} as ClipDocV1['content'];
  d.content.html = new ImmutableString(page.html);
  d.content.text = new ImmutableString(page.text);
  d.content.extractor = page.extractor;
  d.content.wordCount = countWords(page.text);
}

/** Initialises an empty document (from `repo.create()`) as a new clip. */
export function initClip(d: ClipDocV1, id: ClipId, page: ExtractedPage, filing: Filing, now: number): void {
  d.schema = 'commonplace/clip';
  d.schemaVersion = CLIP_SCHEMA_VERSION;
  d.id = id;
  d.savedAt = now;
  d.tags = {};
  d.readAt = null;
  d.archivedAt = null;
  d.highlights = {};
  applyCapture(d, page, filing, now);
}

const str = (v: unknown): string => (v instanceof ImmutableString ? v.val : typeof v === 'string' ? v : '');

/** The reader's view of a clip: its row plus the content. */
export function toView(row: ClipSummary, doc: ClipDocV1, tooNew: boolean): ClipView {
  return {
    ...row,
    canonicalUrl: doc.canonicalUrl ?? null,
    lang: doc.lang ?? null,
    dir: doc.dir ?? null,
    html: str(doc.content?.html),
    text: str(doc.content?.text),
    tags: Object.keys(doc.tags ?? {}),
    tooNew,
  };
}
