import { CLIP_STATES } from '../schema/plain-values';
import { MAX_ARTICLE_CHARS } from '../schema/capture';
import { HighlightColorSchema, MAX_NOTE_CHARS } from '../schema/highlight';
import { z } from '../schema/zod';
import { MAX_TAG_CHARS, MAX_TAGS_PER_CLIP } from '../library/tags';

/**
 * `ImportItem`: one saved item read from another service's export, normalised and checked,
 * before the library turns it into a clip. It never crosses a context boundary and is never
 * stored as it is: the importer (background job) reads it from `openImport(…).events()` and
 * files it through the library's one write path.
 *
 * Every object is strict and every string capped, so a hostile export cannot hand the
 * library an oversized or unexpected record. The caps are here, once, for the parsers and
 * the tests.
 */

/** Longest URL kept (as `capture.ts`). */
export const MAX_IMPORT_URL = 8_192;
/** Longest title kept; a longer one is cut at a character boundary and ends with "…". */
export const MAX_IMPORT_TITLE = 1_000;
/** Longest excerpt, author or site name kept (as a capture's metadata). */
export const MAX_IMPORT_TEXT = 2_000;
/**
 * Longest tag kept: the library's own limit (src/library/tags.ts), 200 characters counted in code
 * points (an emoji is one), so a tag the library would keep arrives whole; a longer one is cut
 * there and the import says so (`cleanTags`). It was 100 UTF-16 units, cut without a word.
 */
export { MAX_TAG_CHARS };
/** A tag as `cleanTags` leaves it: at most `MAX_TAG_CHARS` code points. */
const TagSchema = z.string().check(
  z.minLength(1),
  z.maxLength(2 * MAX_TAG_CHARS),
  z.refine((t) => [...t].length <= MAX_TAG_CHARS, `a tag is at most ${MAX_TAG_CHARS} characters`),
);
/** Most tags kept on one item (or one highlight): the library's own limit for a clip; more are left out and the import says so (`cleanTags`). */
export const MAX_TAGS = MAX_TAGS_PER_CLIP;
/** Longest highlighted quote kept. */
export const MAX_QUOTE_CHARS = 20_000;
/** Most highlights kept on one item; more are dropped with a warning. */
export const MAX_HIGHLIGHTS = 5_000;

/** Reading state: Pocket's "archive" and Omnivore's ARCHIVED become `archived`. */
export const ItemStateSchema = z.enum(CLIP_STATES);
export type ItemState = z.infer<typeof ItemStateSchema>;

/** A highlight as the source exported it: its quote (plain text), when, and the note and labels it carried. */
export const ImportHighlightSchema = z.strictObject({
  quote: z.string().check(z.minLength(1), z.maxLength(MAX_QUOTE_CHARS)),
  /** Milliseconds since the epoch; the item's `savedAt` when the source does not say. */
  createdAt: z.int(),
  note: z.optional(z.string().check(z.maxLength(MAX_NOTE_CHARS))),
  color: z.optional(HighlightColorSchema),
  /** Labels on the highlight itself (Omnivore's `#label` line). */
  tags: z.optional(z.array(TagSchema).check(z.maxLength(MAX_TAGS))),
});
export type ImportHighlight = z.infer<typeof ImportHighlightSchema>;

/** One imported item, checked: what `openImport`'s `item` and `duplicate` events carry. */
export const ImportItemSchema = z.strictObject({
  /** `normalizeUrl` of an http(s) or file URL; never javascript: or data:. */
  url: z.string().check(z.minLength(1), z.maxLength(MAX_IMPORT_URL)),
  /**
   * True when `url` is a stand-in that leads nowhere (Omnivore's `https://omnivore.app/no_url?q=…`
   * for a newsletter): `untrustedHtml`, if any, is then the only copy, and the URL must not be
   * fetched or used to replace it.
   */
  placeholderUrl: z.optional(z.boolean()),
  /** Plain text, no tags or control characters, capped. Empty: the source had no title (Pocket writes the URL instead). */
  title: z.string().check(z.maxLength(MAX_IMPORT_TITLE)),
  /** When it was saved in the source, in milliseconds (clamped: see README, "Dates"). */
  savedAt: z.int(),
  /** Trimmed, unique (case-insensitively, first spelling kept), in source order. */
  tags: z.array(TagSchema).check(z.maxLength(MAX_TAGS)),
  state: ItemStateSchema,
  favorite: z.optional(z.boolean()),
  author: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_IMPORT_TEXT))),
  siteName: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_IMPORT_TEXT))),
  excerpt: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_IMPORT_TEXT))),
  /** Milliseconds; omitted when the source gives none or an impossible one. */
  publishedAt: z.optional(z.int()),
  /**
   * The article as the source stored it, NOT sanitised: it may hold scripts, handlers, remote
   * images. The consumer must run it through `sanitizeCapture` (src/sanitize/) before storing
   * or showing any of it. Named so that no one forgets.
   */
  untrustedHtml: z.optional(z.string().check(z.maxLength(MAX_ARTICLE_CHARS))),
  /** A note on the whole item (Omnivore's page note). */
  note: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_NOTE_CHARS))),
  highlights: z.array(ImportHighlightSchema).check(z.maxLength(MAX_HIGHLIGHTS)),
});
export type ImportItem = z.infer<typeof ImportItemSchema>;
