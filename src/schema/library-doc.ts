import type { ClipId, DocUrl } from './ids';

export const LIBRARY_SCHEMA_VERSION = 1;

/**
 * The library's entry for one clip. Small on purpose: the root document is the one
 * document every device keeps loaded, so it holds only what is needed to find a clip
 * (its document) and to de-duplicate saves (its key), never the clip's content.
 */
export interface LibraryEntryV1 {
  doc: DocUrl;
  key: string;
  addedAt: number;
  /** Soft delete (ms since epoch) so delete → undo and cross-device merges lose nothing. */
  deletedAt: number | null;
}

/**
 * The root document: one per library. Another browser joins a library by this
 * document's URL. `clips` is keyed by random ClipId, so merging two libraries is the
 * union of their maps: nothing is overwritten.
 */
export interface LibraryDocV1 {
  schema: 'commonplace/library';
  schemaVersion: number;
  createdAt: number;
  clips: Record<string, LibraryEntryV1>;
}

export type LibraryDoc = LibraryDocV1;
export type { ClipId };
