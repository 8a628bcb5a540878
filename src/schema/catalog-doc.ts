import type { ImmutableString } from '@automerge/automerge/slim';
import type { CaptureKind, Extractor } from './capture';
import type { StoredHighlight } from './highlight';
import type { ClipId, ContentShardId } from './ids';
import type { ClipMediaRefs } from './media-doc';
import type { ReadingProgressV1 } from './reading-progress';

/** Current version of the catalog document layout. See docs/schema.md. */
export const CATALOG_SCHEMA_VERSION = 1;

/** How many catalog documents a library has: a clip's id picks its slot (`catalogSlot`). */
export const CATALOG_SLOTS = 16;

/**
 * Where a clip's article lives: an item of a content document. `rev` is the item's key in
 * that document; a re-capture writes a new item and points here to it.
 */
export interface ContentRef {
  shard: ContentShardId;
  rev: string;
  extractor: Extractor;
  wordCount: number;
  /** UTF-8 bytes of the article HTML (what the reader loads). */
  bytes: number;
}

/**
 * One clip in its catalog: everything the reading list shows and everything a user changes
 * (read state, tags, highlights), with a pointer to its article. Small on purpose: a fresh
 * device lists the library from the catalogs alone, and an edit is a small change to one of
 * them. Strings the user never co-edits are `ImmutableString`s (one op each, not one per
 * character).
 */
export interface CatalogEntryV1 {
  id: ClipId;
  kind: CaptureKind;
  /** De-duplication key: normalised URL (or URL plus selection hash). */
  key: ImmutableString;
  url: ImmutableString;
  pageUrl: ImmutableString;
  canonicalUrl: ImmutableString | null;
  title: ImmutableString;
  byline: ImmutableString | null;
  siteName: ImmutableString | null;
  lang: ImmutableString | null;
  dir: 'ltr' | 'rtl' | null;
  publishedTime: ImmutableString | null;
  excerpt: ImmutableString | null;
  /** First save, ms since epoch (also the order in which merged duplicates are chosen). */
  savedAt: number;
  /** Last re-capture, ms since epoch. */
  capturedAt: number;
  content: ContentRef;
  /** A set: tag → true. A map merges additions from two devices without loss. */
  tags: Record<string, true>;
  readAt: number | null;
  archivedAt: number | null;
  /** Marked a favourite (ms since epoch), or not; absent in entries written before favourites existed. */
  favoriteAt?: number | null;
  /** How far it has been read; absent until its reader was scrolled (entries written before 2026-12-04 lack it). */
  progress?: ReadingProgressV1;
  /** The user's note on the clip: a collaborative Automerge text (edits from two devices merge); absent until written. */
  note?: string;
  /** Saved images and the full-page snapshot (media-doc.ts); absent until one was saved. */
  media?: ClipMediaRefs;
  /** Soft delete (ms since epoch) so delete → undo and cross-device merges lose nothing. */
  deletedAt: number | null;
  /** Highlights and their notes, keyed by id (see highlight.ts and docs/schema.md, "Highlights"). */
  highlights: Record<string, StoredHighlight>;
}

/** A catalog document: the clips whose ids fall in its slot. */
export interface CatalogDocV1 {
  schema: 'commonplace/catalog';
  schemaVersion: number;
  slot: number;
  clips: Record<string, CatalogEntryV1>;
}

/** The catalog slot of a clip id: FNV-1a of the id modulo `CATALOG_SLOTS` (stable everywhere, spread evenly). */
export function catalogSlot(id: ClipId): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % CATALOG_SLOTS;
}
