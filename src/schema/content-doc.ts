import type { ClipId } from './ids';

/** Current version of the content document layout. See docs/schema.md. */
export const CONTENT_SCHEMA_VERSION = 1;

/** A content document holds at most this many articles, then its device opens another. */
export const CONTENT_ITEMS_PER_SHARD = 100;
/** …or this many compressed bytes, whichever comes first. */
export const CONTENT_BYTES_PER_SHARD = 2_000_000;

/**
 * One article as captured: the sanitised HTML, UTF-8, compressed with raw DEFLATE
 * (RFC 1951: `DecompressionStream('deflate-raw')`, zlib's `inflateRaw`). The plain text is
 * not stored: it is `htmlToText` of the HTML, derived when read, so the text that search
 * indexes and highlights anchor on is always the text of the stored HTML.
 */
export interface ContentItemV1 {
  clip: ClipId;
  html: Uint8Array;
  /** UTF-8 bytes of the HTML before compression. */
  bytes: number;
  at: number;
}

/**
 * A content document: articles appended by one device (`device`), never edited, so two
 * devices never change the same one concurrently. Sync moves a hundred articles as one
 * document, compressed once, which is what keeps a 10,000-clip library near the raw
 * transfer time (docs/schema.md, "Layout and why").
 */
export interface ContentDocV1 {
  schema: 'commonplace/content';
  schemaVersion: number;
  device: string;
  createdAt: number;
  items: Record<string, ContentItemV1>;
}
