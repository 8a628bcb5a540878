import type { ImmutableString } from '@automerge/automerge/slim';
import { ViewIdSchema } from './ids';
import { LIST_STATES, MAX_SAVED_VIEWS, MAX_VIEW_NAME_CHARS } from './plain-values';
import { SearchSortSchema } from './search-result';
import { z } from './zod';

/** A day as a date input gives it (`YYYY-MM-DD`), or '' for no bound. */
const DayOrEmpty = z.string().check(z.regex(/^(\d{4}-\d{2}-\d{2})?$/, 'a day is written 2024-01-31'));

/**
 * What a saved view shows: the side panel's whole choice of list, as the panel holds it: the words
 * typed in the search box, the filter bar's state and tag, and the search controls' order, site and
 * saved-date range. Applying a view sets all of them; nothing else is kept, so a view found on
 * another device shows the same clips there.
 */
export const ViewSpecSchema = z.strictObject({
  query: z.string().check(z.maxLength(4_000)),
  state: z.enum(LIST_STATES),
  tag: z.nullable(z.string().check(z.minLength(1), z.maxLength(1_000))),
  sort: SearchSortSchema,
  site: z.string().check(z.maxLength(300)),
  from: DayOrEmpty,
  to: DayOrEmpty,
});
export type ViewSpec = z.infer<typeof ViewSpecSchema>;

/** A view's name as the request carries it: checked again (normalised, length in code points) by `normalizeViewName`. */
const ViewNameSchema = z.string().check(z.maxLength(1_000));

/** One saved view as the UI gets it: its id, name, what it shows, when it was made. */
export const SavedViewSchema = z.strictObject({
  id: ViewIdSchema,
  name: z.string().check(z.minLength(1), z.maxLength(MAX_VIEW_NAME_CHARS * 2)),
  spec: ViewSpecSchema,
  createdAt: z.number(),
});
export type SavedView = z.infer<typeof SavedViewSchema>;

/** The library's saved views, in the order they were made, and how many stored ones could not be read (written by a newer version, or damaged). */
export const SavedViewListSchema = z.strictObject({
  views: z.array(SavedViewSchema).check(z.maxLength(MAX_SAVED_VIEWS * 2)),
  unreadable: z.int().check(z.gte(0)),
  readOnly: z.boolean(),
});
export type SavedViewList = z.infer<typeof SavedViewListSchema>;

/**
 * `saveView`'s request: a new view (no `viewId`), or the view `viewId` renamed and/or pointed at a
 * new spec (only the fields that differ are written, so a rename here and a new query on another
 * device both survive a merge); a `viewId` no longer in the library is made again with that id
 * (the undo of a delete).
 */
export const SaveViewRequestSchema = z.strictObject({
  viewId: z.optional(ViewIdSchema),
  name: ViewNameSchema,
  spec: z.optional(ViewSpecSchema),
});
export type SaveViewRequest = z.infer<typeof SaveViewRequestSchema>;

/**
 * A saved view as the library root stores it (`LibraryDocV2.views`): flat, so each field merges on
 * its own; strings as `ImmutableString`s (one operation each; two devices renaming a view at once
 * keep one name whole, never a blend of both). Read back through `readStoredView`, which takes plain
 * strings too.
 */
export interface SavedViewV1 {
  /** The layout's version: 1. A reader skips a view of a version it does not know (counted as unreadable). */
  v: number;
  name: ImmutableString;
  query: ImmutableString;
  state: ImmutableString;
  tag: ImmutableString | null;
  sort: ImmutableString;
  site: ImmutableString;
  from: ImmutableString;
  to: ImmutableString;
  createdAt: number;
  /** When a device last changed it: of two versions two devices' maps hold, the later one is kept (src/library/map-conflicts.ts). */
  changedAt: number;
  /** Deleted (ms since epoch), or null: a mark, not a removed key, so a merge never brings a deleted view back. */
  deletedAt: number | null;
}

/** Of two versions of one stored view, whether `theirs` is the one to keep: it was changed later. */
export const newerStoredView = (theirs: SavedViewV1, ours: SavedViewV1): boolean => (theirs?.changedAt ?? 0) > (ours?.changedAt ?? 0);

/** The version of `SavedViewV1` this code writes. */
export const SAVED_VIEW_VERSION = 1;
