import { ImmutableString } from '@automerge/automerge/slim';
import type { ExtractedPage } from '../capture/types';
import type { ClipSummary, ClipView } from '../protocol/schemas';
import { CLIP_SCHEMA_VERSION, type ClipDocV1 } from '../schema/clip-doc';
import type { ClipId } from '../schema/ids';
import type { LibraryEntryV1 } from '../schema/library-doc';

/** The URL and key a capture is filed under; computed once by the library. */
export interface Filing {
  readonly url: string;
  readonly pageUrl: string;
  readonly key: string;
}

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

/** Writes a capture into a clip document draft: metadata and content are replaced; tags, read state and highlights stay. */
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
  d.content = {
    html: new ImmutableString(page.html),
    text: new ImmutableString(page.text),
    extractor: page.extractor,
    wordCount: countWords(page.text),
  };
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

/** The index row for a clip: its document's metadata plus the library entry's state. */
export function summarize(id: ClipId, entry: LibraryEntryV1, doc: ClipDocV1, normalizedPageUrl: string): ClipSummary {
  return {
    id,
    doc: entry.doc,
    key: entry.key,
    kind: doc.kind,
    url: doc.url,
    pageUrl: normalizedPageUrl,
    title: doc.title || doc.url,
    siteName: doc.siteName ?? null,
    byline: doc.byline ?? null,
    excerpt: doc.excerpt ?? null,
    publishedTime: doc.publishedTime ?? null,
    savedAt: doc.savedAt,
    capturedAt: doc.capturedAt,
    wordCount: doc.content?.wordCount ?? 0,
    readAt: doc.readAt ?? null,
    archivedAt: doc.archivedAt ?? null,
    deletedAt: entry.deletedAt ?? null,
  };
}

/** The reader's view of a clip. */
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
