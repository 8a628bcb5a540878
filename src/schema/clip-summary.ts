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
});

/** A clip opened for reading: its row plus the content. */
export const ClipViewSchema = ClipSummarySchema.extend({
  canonicalUrl: z.string().nullable(),
  lang: z.string().nullable(),
  dir: DirSchema.nullable(),
  html: z.string(),
  text: z.string(),
  tags: z.array(z.string()),
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
