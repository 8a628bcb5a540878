import type { ImmutableString } from '@automerge/automerge/slim';
import { ClipIdSchema, ID_PATTERN, type HighlightId } from './ids';
import { HighlightTargetSchema } from './selectors';
import { z } from './zod';

/**
 * Highlights: how they are stored in a clip's catalog entry (`StoredHighlight`, Automerge
 * data) and how they cross context boundaries (`HighlightView`, validated). Defined once,
 * here; docs/schema.md ("Highlights") documents both.
 *
 * A highlight has up to two targets, each a full W3C selector set (see selectors.ts):
 * - `target`: in the saved copy, against the clip's text model (the text the reader shows and
 *   search indexes). Null when the quote is not in the saved article (a highlight made on a
 *   part of the live page Readability left out): it still shows on the live page.
 * - `page`: on the live page where it was made, against that page's text model, with an XPath
 *   range. Null for a highlight made in the reader: the live page finds it by its quote.
 */

/** BroadcastChannel on which the background says a clip's highlights changed (`{ clipId }`), so open pages redraw. */
export const HIGHLIGHTS_CHANGED_CHANNEL = 'commonplace-highlights';

/** Version of the stored highlight layout. A highlight with a higher `v` is kept untouched and shown read-only. */
export const HIGHLIGHT_VERSION = 1;
/** The colours a highlight can have (the UI names them; the stored value is the key). */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];
/** Longest note accepted. */
export const MAX_NOTE_CHARS = 20_000;

export const HighlightIdSchema = z.pipe(z.string().check(z.regex(ID_PATTERN)), z.transform((s) => s as HighlightId));
export const HighlightColorSchema = z.enum(HIGHLIGHT_COLORS);
export const NoteSchema = z.string().check(z.maxLength(MAX_NOTE_CHARS));

/** Selectors as stored: the same fields as `HighlightTarget`, with strings as `ImmutableString` (never co-edited). */
export interface StoredTarget {
  quote: { type: 'TextQuoteSelector'; exact: ImmutableString; prefix: ImmutableString; suffix: ImmutableString };
  position: { type: 'TextPositionSelector'; start: number; end: number };
  range: {
    type: 'RangeSelector';
    startContainer: ImmutableString;
    startOffset: number;
    endContainer: ImmutableString;
    endOffset: number;
  } | null;
}

/** One highlight in a catalog entry's `highlights` map (keyed by its id). */
export interface StoredHighlight {
  /** Layout version (`HIGHLIGHT_VERSION`). */
  v: number;
  id: HighlightId;
  color: ImmutableString;
  /** A collaborative text: two browsers editing it at once both keep their edits. */
  note: string;
  createdAt: number;
  updatedAt: number;
  /** Soft delete, so delete → undo and a delete on one device with an edit on another lose nothing. */
  deletedAt: number | null;
  target: StoredTarget | null;
  page: StoredTarget | null;
}

/** A highlight as the UI and the content script see it. */
export const HighlightViewSchema = z.strictObject({
  id: HighlightIdSchema,
  clipId: ClipIdSchema,
  color: HighlightColorSchema,
  note: NoteSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
  target: z.nullable(HighlightTargetSchema),
  page: z.nullable(HighlightTargetSchema),
  /** Whether `target` is found in the clip's saved text as it is now (false: an orphan in the saved copy). */
  found: z.boolean(),
  /** Written by a newer version of Commonplace, or in a clip it wrote: shown, never changed. */
  readOnly: z.boolean(),
});
export type HighlightView = z.infer<typeof HighlightViewSchema>;

/** A highlight in the library-wide list: with the clip it belongs to. */
export const LibraryHighlightSchema = z.extend(HighlightViewSchema, {
  clipTitle: z.string(),
  clipUrl: z.string(),
});
export type LibraryHighlight = z.infer<typeof LibraryHighlightSchema>;

/** What a new highlight is made of (the background adds the id, the times and the saved-copy target). */
export const NewHighlightSchema = z.strictObject({
  color: HighlightColorSchema,
  note: NoteSchema,
});
