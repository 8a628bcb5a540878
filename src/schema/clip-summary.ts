import { CaptureKindSchema, DirSchema } from './capture';
import { ClipIdSchema } from './ids';
import { MAX_READING_OFFSET } from './reading-progress';
import { z } from './zod';

/**
 * A clip as the reading list shows it: one row of the derived index (`ClipIndex`), and
 * what every write answers with. Derived from the documents by `rowOf`
 * (src/library/index-rows.ts), never edited by hand. Unknown fields are rejected.
 */
export const ClipSummarySchema = z.strictObject({
  id: ClipIdSchema,
  key: z.string(),
  kind: CaptureKindSchema,
  url: z.string(),
  /** The normalised URL of the page it was captured from (may differ from `url`, the canonical). */
  pageUrl: z.string(),
  title: z.string(),
  siteName: z.nullable(z.string()),
  byline: z.nullable(z.string()),
  excerpt: z.nullable(z.string()),
  publishedTime: z.nullable(z.string()),
  savedAt: z.number(),
  capturedAt: z.number(),
  wordCount: z.number(),
  readAt: z.nullable(z.number()),
  archivedAt: z.nullable(z.number()),
  deletedAt: z.nullable(z.number()),
  /** Marked a favourite at, or null. */
  favoriteAt: z.nullable(z.number()),
  /** Its tags, as stored (A–Z). */
  tags: z.array(z.string()),
  /** Whether it has a note (the note itself is in the clip's view). */
  hasNote: z.boolean(),
  /**
   * How far it has been read, 0-100 (`ReadingProgressV1.percent`); absent when never scrolled.
   * Optional so that index rows and list documents written before it existed stay valid.
   */
  progress: z.optional(z.int().check(z.gte(0), z.lte(100))),
});

/** A clip opened for reading: its row plus the content. */
export const ClipViewSchema = z.extend(ClipSummarySchema, {
  canonicalUrl: z.nullable(z.string()),
  lang: z.nullable(z.string()),
  dir: z.nullable(DirSchema),
  html: z.string(),
  text: z.string(),
  /** The user's note on the clip ('' for none). */
  note: z.string(),
  /** Where its reader was last left, on any device (text offset of the view's top, and when), or null. */
  position: z.nullable(z.strictObject({ offset: z.int().check(z.gte(0), z.lte(MAX_READING_OFFSET)), at: z.number() })),
  /** Present when the document was written by a newer Commonplace: shown read-only. */
  tooNew: z.boolean(),
});

/** What a save answers: the clip, and whether it was new. */
export const SaveOutcomeSchema = z.strictObject({
  clip: ClipSummarySchema,
  /** false when an existing clip for the same page was updated instead. */
  created: z.boolean(),
  /**
   * true when the save left the clip's article as it was: a link fetched onto a page already
   * saved from a tab keeps the tab's copy, as the user saw it (src/library/save-capture.ts).
   */
  kept: z.optional(z.boolean()),
  /** true when a selection was saved as the plain text the context menu reported: its frame could not be read. */
  plainText: z.optional(z.boolean()),
});

export type ClipSummary = z.infer<typeof ClipSummarySchema>;
export type ClipView = z.infer<typeof ClipViewSchema>;
export type SaveOutcome = z.infer<typeof SaveOutcomeSchema>;

/**
 * A tag's clips in each list the filter bar offers (`ListState`): `unread` and `all` leave the
 * archived out, `favorites` holds archived favourites too, `archived` only those; so the count
 * beside a tag is the length of the list choosing it gives. (Optional: counts recorded before
 * 2026-12-03 lack it; `count` stands in. `reading`, added 2026-12-04, is optional too.)
 */
export const TagStateCountsSchema = z.strictObject({ unread: z.int(), reading: z.optional(z.int()), all: z.int(), favorites: z.int(), archived: z.int() });

/**
 * What the side panel counts (`libraryFacets`): listed, live clips per state, and per tag, most
 * used first, then A–Z. A tag's `count` is every listed clip with it (archived ones too: what a
 * rename or a removal changes), `states` its clips per list.
 */
export const LibraryFacetsSchema = z.strictObject({
  all: z.int(),
  unread: z.int(),
  /** Unread clips started and not finished (`isReading`); optional: counts from a background before 2026-12-04 lack it. */
  reading: z.optional(z.int()),
  read: z.int(),
  archived: z.int(),
  favorites: z.int(),
  tags: z.array(z.strictObject({ tag: z.string(), count: z.int(), states: z.optional(TagStateCountsSchema) })),
});
export type LibraryFacets = z.infer<typeof LibraryFacetsSchema>;
export type TagFacet = LibraryFacets['tags'][number];

/** Most clips one `organiseMany` call may name (a selection of a whole 10,000-clip list fits). */
export const MAX_BULK_CLIPS = 50_000;

/**
 * One change applied to many clips at once (the side panel's selection): any of these, at least
 * one. `read`, `archived`, `favorite`, `deleted` set that state (a clip already in it is left as
 * it is, its date kept); `addTag` adds a tag (normalised like every tag), `removeTag` removes one
 * (compared without case or accents). `deleted: false` undoes a delete.
 */
export const BulkChangeSchema = z
  .strictObject({
    read: z.optional(z.boolean()),
    archived: z.optional(z.boolean()),
    favorite: z.optional(z.boolean()),
    deleted: z.optional(z.boolean()),
    addTag: z.optional(z.string().check(z.maxLength(1_000))),
    removeTag: z.optional(z.string().check(z.maxLength(1_000))),
  })
  .check(z.refine((c) => Object.values(c).some((v) => v !== undefined), 'nothing to change'));
export type BulkChange = z.infer<typeof BulkChangeSchema>;

/** What `organiseMany` did: clips it changed, and those it left (gone, written by a newer version, or already at the tag limit). */
export const BulkOutcomeSchema = z.strictObject({ changed: z.int(), unchanged: z.int(), skipped: z.int() });
export type BulkOutcome = z.infer<typeof BulkOutcomeSchema>;
