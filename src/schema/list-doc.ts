import type { DocUrl } from './ids';

/** The `schema` field of a list document. */
export const LIST_SCHEMA = 'commonplace/list';
/** Current version of the list document. */
export const LIST_SCHEMA_VERSION = 1;

/**
 * A list document, version 1: the library's reading list as one compressed value, so that a
 * browser joining the library lists every clip after fetching the root and this one document,
 * before the 16 catalogs have arrived (receiving the catalogs through sync costs about 1 ms per
 * clip: Automerge applies each saved clip's change with patches). It is derived: the catalogs
 * stay the truth, and the joining browser's index is rewritten from them once they are in.
 * A new one is made (never changed in place, so a joining browser fetches one change, not a
 * history) by a device with sync on, when the library has changed enough since the last one
 * (src/library/list-snapshot.ts).
 */
export interface ListDocV1 {
  schema: typeof LIST_SCHEMA;
  schemaVersion: number;
  createdAt: number;
  /** How many rows `rows` holds. */
  count: number;
  /**
   * Raw DEFLATE of the UTF-8 JSON array of the rows the index held for the library's listed
   * clips (`ClipSummary`, deleted ones included), as `rowOf` makes them from catalog entries.
   */
  rows: Uint8Array;
}

/** The `schema` field of a catalog snapshot document. */
export const CATALOGS_SCHEMA = 'commonplace/catalogs';
/** Current version of the catalog snapshot document. */
export const CATALOGS_SCHEMA_VERSION = 1;

/**
 * A catalog snapshot document, version 1, made with each list document: the 16 catalogs as
 * `Automerge.save` made them then. A joining browser stores them as its catalogs before asking
 * the servers for those, so it loads them (`Automerge.load`) and syncs only what changed since,
 * instead of receiving every saved clip's change through sync, which costs about 4× the time
 * and 3-5× Automerge's memory. Derived, like the list document.
 */
export interface CatalogsDocV1 {
  schema: typeof CATALOGS_SCHEMA;
  schemaVersion: number;
  createdAt: number;
  /** Slot ("0" … "15") → the catalog document it is a copy of, and `Automerge.save` of it. */
  slots: Record<string, { doc: DocUrl; bytes: Uint8Array }>;
}

/**
 * The root's pointer to the newest list document (`LibraryDocV2.list`): absent until a device
 * with sync on makes one. Added within root version 2 (an older Commonplace ignores it).
 */
export interface ListRef {
  doc: DocUrl;
  /** The device that made it: the one whose sync passes carry it to every server. */
  device: string;
  /** Rows it holds, when it was made, and a fingerprint of the catalogs' heads then. */
  count: number;
  at: number;
  heads: string;
  /** The catalog snapshot document made with it (absent in pointers written before them). */
  catalogs?: DocUrl;
}
