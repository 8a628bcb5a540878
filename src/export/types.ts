/**
 * What the exporters read and write: a library as plain values, one clip at a time. A
 * `LibrarySource` reads it from anywhere (an automerge-repo `Repo`, an export zip); the
 * exporters (the zip, the static site) never see Automerge documents, only these records.
 */
import type { ReadingProgressV1 } from '../schema/reading-progress';
import type { HighlightTarget } from '../schema/selectors';

/** A live highlight as the exporters see it (from its stored form, `StoredHighlight`). */
export interface ExportHighlight {
  readonly id: string;
  /** One of `HIGHLIGHT_COLORS`, or what a newer version stored (shown as it is, styled as yellow). */
  readonly color: string;
  readonly note: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Layout version (`HIGHLIGHT_VERSION`); above 1: written by a newer Commonplace. */
  readonly v: number;
  /** On the saved copy (offsets into the clip's text); null when not in the saved article or unreadable. */
  readonly target: HighlightTarget | null;
  /** On the live page where it was made; null for a highlight made in the reader. */
  readonly page: HighlightTarget | null;
}

/** A clip's catalog entry as plain values: everything but its article. */
export interface ClipMeta {
  readonly id: string;
  readonly kind: string;
  readonly url: string;
  readonly pageUrl: string;
  readonly canonicalUrl: string | null;
  readonly title: string;
  readonly byline: string | null;
  readonly siteName: string | null;
  readonly lang: string | null;
  readonly dir: 'ltr' | 'rtl' | null;
  readonly publishedTime: string | null;
  readonly excerpt: string | null;
  readonly savedAt: number;
  readonly capturedAt: number;
  readonly readAt: number | null;
  readonly archivedAt: number | null;
  /** Marked a favourite at, or null. */
  readonly favoriteAt: number | null;
  /** The user's note on the clip ('' for none). */
  readonly note: string;
  /** How far it was read and where its reader was left, or null (absent in exports made before 2026-12-04). */
  readonly progress?: ReadingProgressV1 | null;
  readonly tags: readonly string[];
  readonly wordCount: number;
  readonly extractor: string;
  /** Live highlights, oldest first. */
  readonly highlights: readonly ExportHighlight[];
  /** Where it is stored: its catalog document, and its article's content document and item. */
  readonly stored: { readonly catalog: string; readonly content: string | null; readonly rev: string };
  /** Its saved images (of the current article) and full-page snapshot, where they are; null when it has neither. */
  readonly media: ClipMediaMeta | null;
}

/** Where a clip's saved images and snapshot are (from its catalog entry's `media`, documents as URLs). */
export interface ClipMediaMeta {
  /** Images saved for the current article (`rev` = its version), in these media documents; null when none. `missing`: each image left out with its own reason code. */
  readonly images: { readonly rev: string; readonly docs: readonly string[]; readonly count: number; readonly left: number; readonly reason: string | null; readonly missing?: Readonly<Record<string, string>> } | null;
  readonly snapshot: { readonly id: string; readonly docs: readonly string[]; readonly htmlBytes: number; readonly left: number } | null;
}

/** A saved image: `src` names it as the stored article's `<img src>` does (its blob name, `imageKey`). */
export interface ExportImage {
  readonly src: string;
  readonly type: string;
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A full-page snapshot: its HTML, UTF-8, raw DEFLATE as stored. */
export interface ExportSnapshot {
  readonly html: Uint8Array;
  readonly htmlBytes: number;
  readonly left: number;
}

/**
 * A clip with its article (the sanitised HTML as stored, or null when the article is not
 * available), and its images and snapshot as far as they are here (empty and null when not
 * read: `ReadOptions.media` false).
 */
export interface ExportClip extends ClipMeta {
  readonly html: string | null;
  readonly images: readonly ExportImage[];
  readonly snapshot: ExportSnapshot | null;
}

/** One Automerge document, as a binary that `Automerge.load` reads. */
export interface ExportDocument {
  /** `automerge:<documentId>` */
  readonly url: string;
  readonly kind: 'root' | 'catalog' | 'content' | 'media';
  readonly bytes: Uint8Array;
}

/** What a source yields, in this order: each content document's clips and then (when asked for) its binary; last the root and the catalogs. */
export type SourceItem = { readonly type: 'clip'; readonly clip: ExportClip } | { readonly type: 'document'; readonly document: ExportDocument };

/** Which documents a read yields: every one, only those holding a selected clip (and the root), or none. */
export type DocumentChoice = 'all' | 'touched' | 'none';

export interface ReadOptions {
  /** Only these clips (all listed clips when absent). Decided from the catalogs, so unselected articles are never loaded. */
  readonly select?: (clip: ClipMeta) => boolean;
  /** Default 'all'. */
  readonly documents?: DocumentChoice;
  /** Read each clip's images and snapshot (default true; an import reads them clip by clip later). */
  readonly media?: boolean;
}

/** What a source knows before any article is read. */
export interface LibraryInfo {
  /** The root document's URL. */
  readonly url: string;
  readonly schemaVersion: number;
  readonly createdAt: number;
  /** Clips that will be yielded (after selection), deleted and shadowed duplicates left out. */
  readonly clips: number;
  /** Entries in the catalogs that are not listed: soft-deleted, or a duplicate of a listed clip (kept in the binaries). */
  readonly unlisted: number;
  readonly contentDocuments: number;
  /** The slots (0-15) of the catalogs a partial source could not read: their clips are not here. Absent when every catalog was read. */
  readonly unreadableCatalogs?: readonly number[];
}

/**
 * A library, read one content document at a time (memory stays bounded by one content
 * document, ~2 MB, plus the catalogs). Implemented over a Repo (`repoSource`) and over an
 * export zip (`zipSource`), with the same reading code (`readLibrary`).
 */
export interface LibrarySource {
  /** Loads the root and the catalogs; call before `read`. */
  info(opts?: ReadOptions): Promise<LibraryInfo>;
  read(opts?: ReadOptions): AsyncIterable<SourceItem>;
}

/** Where an export goes: chunks in order. `write` may be slow (a file): the exporter waits for it. */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void> | void;
}

/** Progress of an export or a site: clips done of all, and what is being written. */
export interface ExportProgress {
  readonly done: number;
  readonly total: number;
  readonly phase: 'clips' | 'documents' | 'index' | 'done';
}
