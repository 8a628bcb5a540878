import { CaptureKindSchema, DirSchema } from './capture';
import { ClipIdSchema } from './ids';
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
  siteName: z.string().nullable(),
  byline: z.string().nullable(),
  excerpt: z.string().nullable(),
  publishedTime: z.string().nullable(),
  savedAt: z.number(),
  capturedAt: z.number(),
  wordCount: z.number(),
  readAt: z.number().nullable(),
  archivedAt: z.number().nullable(),
  deletedAt: z.number().nullable(),
  /** Marked a favourite at, or null. */
  favoriteAt: z.number().nullable(),
  /** Its tags, as stored (A–Z). */
  tags: z.array(z.string()),
  /** Whether it has a note (the note itself is in the clip's view). */
  hasNote: z.boolean(),
});

/** A clip opened for reading: its row plus the content. */
export const ClipViewSchema = ClipSummarySchema.extend({
  canonicalUrl: z.string().nullable(),
  lang: z.string().nullable(),
  dir: DirSchema.nullable(),
  html: z.string(),
  text: z.string(),
  /** The user's note on the clip ('' for none). */
  note: z.string(),
  /** Present when the document was written by a newer Commonplace: shown read-only. */
  tooNew: z.boolean(),
});

/** What a save answers: the clip, and whether it was new. */
export const SaveOutcomeSchema = z.strictObject({
  clip: ClipSummarySchema,
  /** false when an existing clip for the same page was updated instead. */
  created: z.boolean(),
});

export type ClipSummary = z.infer<typeof ClipSummarySchema>;
export type ClipView = z.infer<typeof ClipViewSchema>;
export type SaveOutcome = z.infer<typeof SaveOutcomeSchema>;

/**
 * A tag's clips in each list the filter bar offers (`ListState`): `unread` and `all` leave the
 * archived out, `favorites` holds archived favourites too, `archived` only those; so the count
 * beside a tag is the length of the list choosing it gives. (Optional: counts recorded before
 * 2026-12-03 lack it; `count` stands in.)
 */
export const TagStateCountsSchema = z.strictObject({ unread: z.number().int(), all: z.number().int(), favorites: z.number().int(), archived: z.number().int() });

/**
 * What the side panel counts (`libraryFacets`): listed, live clips per state, and per tag, most
 * used first, then A–Z. A tag's `count` is every listed clip with it (archived ones too: what a
 * rename or a removal changes), `states` its clips per list.
 */
export const LibraryFacetsSchema = z.strictObject({
  all: z.number().int(),
  unread: z.number().int(),
  read: z.number().int(),
  archived: z.number().int(),
  favorites: z.number().int(),
  tags: z.array(z.strictObject({ tag: z.string(), count: z.number().int(), states: TagStateCountsSchema.optional() })),
});
export type LibraryFacets = z.infer<typeof LibraryFacetsSchema>;
export type TagFacet = LibraryFacets['tags'][number];
