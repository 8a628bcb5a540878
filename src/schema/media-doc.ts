import type { ImmutableString } from '@automerge/automerge/slim';
import type { ClipId } from './ids';

/** Current version of the media document layout. See docs/schema.md, "Media document". */
export const MEDIA_SCHEMA_VERSION = 1;

/**
 * A media document holds at most this many bytes of parts (then its device opens another),
 * the same bound as a content document, so sync's bytes in flight stay bounded.
 */
export const MEDIA_BYTES_PER_SHARD = 2_000_000;
/** A blob larger than this (a page snapshot, a large image) is stored as several parts. */
export const MEDIA_PART_BYTES = 1_000_000;

/** What a media blob is: an image of a clip's article, or the clip's full-page snapshot. */
export type MediaKind = 'image' | 'snapshot';

/**
 * One part of one blob. A blob is the parts of one clip with the same `blob` key, `part`
 * 0 … `parts - 1`, concatenated in order; they may sit in more than one media document.
 * `data` is binary: an image's bytes as they are served to an `<img>` (WebP, JPEG, PNG, GIF, or
 * sanitised SVG), or a snapshot's HTML, UTF-8, compressed with raw DEFLATE.
 */
export interface MediaItemV1 {
  clip: ClipId;
  kind: MediaKind;
  /** The article version (`content.rev`) the image belongs to; the snapshot's own id for a snapshot. */
  rev: string;
  /** Names the blob among the clip's: an image's URL as the stored article's `<img src>` has it; "snapshot" for a snapshot. */
  blob: string;
  /** MIME type of the whole blob (`image/webp`, `text/html` for a snapshot). */
  type: string;
  part: number;
  parts: number;
  data: Uint8Array;
  /** Pixel size, for an image (0 when unknown). */
  width: number;
  height: number;
  at: number;
}

/**
 * A media document: parts appended by one device (`device`), never edited, deleted when the
 * clip's article is re-captured or the snapshot replaced. Kept apart from the content
 * documents so a device can sync "text only" and still list and read every clip.
 */
export interface MediaDocV1 {
  schema: 'commonplace/media';
  schemaVersion: number;
  device: string;
  createdAt: number;
  items: Record<string, MediaItemV1>;
}

/**
 * Where a clip's images are, in its catalog entry: small, so the catalogs every device syncs
 * stay small. `rev` is the article version they were saved for (a re-capture on another device
 * that has not saved its images yet leaves an older `rev`: the reader then shows alt text).
 */
export interface ImagesRef {
  rev: string;
  /** The media documents holding the parts. */
  shards: string[];
  /** Images saved, and their bytes as stored. */
  count: number;
  bytes: number;
  /** Images of the article that were not saved, and why in words (each reason with its count when they differ). */
  left: number;
  reason: string | null;
  /**
   * Each image not saved with its own reason: a short code (src/images/left-reasons.ts:
   * `cap:<bytes>`, `http:<status>`, `type`, `bomb`, …) by its blob name (`imageKey` of its
   * `<img src>`), at most 64, the first left out in document order. Added within version 1:
   * absent in entries written before it, and when none was recorded (the reader then falls back
   * to `reason`). Codes are `ImmutableString`s.
   */
  missing?: Record<string, ImmutableString>;
  at: number;
}

/** Where a clip's full-page snapshot is. */
export interface SnapshotRef {
  /** The snapshot's id (its parts' `rev`). */
  id: string;
  shards: string[];
  /** Bytes stored (compressed) and the HTML's UTF-8 length. */
  bytes: number;
  htmlBytes: number;
  /** Resources left out of the snapshot (over its cap, or failed). */
  left: number;
  at: number;
}

/**
 * Parts a replacement could not delete because the device that replaced them did not hold
 * the media documents they are in ("text only", or a document not arrived yet): the clip's
 * `kind` parts of version `rev` written at `at` (the old reference's), in `shards`. The device
 * that made each of those documents deletes the parts there and takes its shard off the list
 * (`ClipMedia.sweepStale`); the deletion reaches every device holding the document by sync.
 * Added within version 1 (absent when nothing is left over); at most `MAX_STALE` per clip.
 */
export interface StaleMedia {
  kind: MediaKind;
  rev: string;
  at: number;
  shards: string[];
}

/** At most this many leftover records per clip (the oldest go first: their parts stay, a little space, never data). */
export const MAX_STALE = 8;

/** A clip's media, in its catalog entry (absent until something was saved). */
export interface ClipMediaRefs {
  images?: ImagesRef | null;
  snapshot?: SnapshotRef | null;
  stale?: StaleMedia[];
}
