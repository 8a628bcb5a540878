import type { ClipId, ContentShardId, DocUrl, MediaShardId, ViewId } from './ids';
import type { SavedViewV1 } from './saved-view';
import type { ListRef } from './list-doc';

/** Current version of the library (root) document. Version 2: catalogs and content documents. */
export const LIBRARY_SCHEMA_VERSION = 2;

/** A content document the library holds (see `ContentDocV1`). */
export interface ContentShardEntry {
  doc: DocUrl;
  /** The device that appends to it (no other device writes new articles into it). */
  device: string;
  createdAt: number;
}

/**
 * A media document the library lists (`LibraryDocV2.media`): a content document's entry, and
 * `retiredAt` once the device that made it retired it (src/library/media-retire.ts): it held no
 * part any more, it was not the document that device appends to, and no catalog entry named it.
 * A retired document is kept by no device (removed from storage, left out of sync and exports);
 * nothing is ever written to it again and the mark is never taken back. Added within version 2:
 * an older Commonplace ignores the field and keeps the document, as it did before.
 */
export interface MediaShardEntry extends ContentShardEntry {
  retiredAt?: number;
}

/** Whether a media entry, as stored (another device or version may have written anything), is retired: `retiredAt` a finite number; anything else is live. */
export function isRetiredMedia(e: unknown): boolean {
  const at = (e as { retiredAt?: unknown } | null | undefined)?.retiredAt;
  return typeof at === 'number' && Number.isFinite(at);
}

/**
 * The root document, version 2: one per library; another browser joins a library by its
 * URL. It points at the library's 16 catalog documents (made with the library, so two
 * devices never make the same one) and at every content document. Both maps only grow
 * by keys no two devices share, so merging two roots loses nothing.
 */
export interface LibraryDocV2 {
  schema: 'commonplace/library';
  schemaVersion: number;
  createdAt: number;
  /** Catalog slot ("0" … "15") → its catalog document. */
  catalogs: Record<string, DocUrl>;
  contents: Record<ContentShardId, ContentShardEntry>;
  /**
   * Media documents (saved images and page snapshots, `MediaDocV1`), the same shape as
   * `contents`. Absent in roots written before saved images (added within version 2: an older
   * Commonplace ignores it, and every write assigns only the keys it adds). An entry is never
   * removed; its maker may mark it retired (`MediaShardEntry.retiredAt`).
   */
  media?: Record<MediaShardId, MediaShardEntry>;
  /**
   * The side panel's saved views (`SavedViewV1`), by a random id each: synced with the library, so a
   * view made in one browser is offered in every other. Absent in roots written before saved views
   * (added within version 2: an older Commonplace ignores the key, and every write assigns only the
   * fields it changes).
   */
  views?: Record<ViewId, SavedViewV1>;
  /** The newest list document (`ListDocV1`), which lets a joining browser list the library early; absent until one is made. */
  list?: ListRef;
  /** Version 1 entries not yet moved into the catalogs (only while the migration runs). */
  clips?: Record<string, LibraryEntryV1>;
}

/** Version 1's entry for one clip: its own document (see `ClipDocV1`). */
export interface LibraryEntryV1 {
  doc: DocUrl;
  key: string;
  addedAt: number;
  deletedAt: number | null;
}

/** Version 1's root: one entry per clip, each clip in a document of its own. */
export interface LibraryDocV1 {
  schema: 'commonplace/library';
  schemaVersion: number;
  createdAt: number;
  clips: Record<string, LibraryEntryV1>;
}

export type LibraryDoc = LibraryDocV2;
export type { ClipId };
