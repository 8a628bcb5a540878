import type { ImmutableString } from '@automerge/automerge/slim';
import type { CaptureKind, Extractor } from './capture';
import type { ClipId, HighlightId } from './ids';

/** Current version of the clip document layout. See docs/schema.md and `migrations.ts`. */
export const CLIP_SCHEMA_VERSION = 1;

/**
 * A W3C Web Annotation selector set, stored as plain data so any Automerge reader
 * can use it. Filled by the highlights issue; declared now so the layout is stable.
 */
export interface HighlightV1 {
  id: HighlightId;
  /** Exact quote plus context, resolved against `content.text` and the live page. */
  quote: { exact: string; prefix: string; suffix: string };
  /** Character offsets into `content.text`, a hint checked against the quote. */
  position: { start: number; end: number };
  color: string;
  note: string;
  createdAt: number;
  updatedAt: number;
  /** Soft delete, so a delete on one device and an edit on another both survive a merge. */
  deletedAt: number | null;
}

/**
 * One clip: metadata, content and everything the user adds to it.
 * Content strings are `ImmutableString`s (replaced whole, never merged character by
 * character): they are the capture, not something users co-edit, and this keeps the
 * document small (no per-character op history).
 */
export interface ClipDocV1 {
  schema: 'commonplace/clip';
  schemaVersion: number;
  id: ClipId;
  kind: CaptureKind;
  /** De-duplication key: normalised URL (or URL plus selection hash). */
  key: string;
  /** Normalised URL the clip is for (canonical when the page named a same-site one). */
  url: string;
  pageUrl: string;
  canonicalUrl: string | null;
  title: string;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  publishedTime: string | null;
  excerpt: string | null;
  /** First save, ms since epoch. */
  savedAt: number;
  /** Last re-capture, ms since epoch. */
  capturedAt: number;
  content: {
    html: ImmutableString;
    text: ImmutableString;
    extractor: Extractor;
    wordCount: number;
  };
  /** A set: tag → true. A map merges additions from two devices without loss. */
  tags: Record<string, true>;
  readAt: number | null;
  archivedAt: number | null;
  highlights: Record<string, HighlightV1>;
}

/** Any clip document as it may be stored, before migration. */
export type StoredClipDoc = ClipDocV1;
