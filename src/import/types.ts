import type { ImportItem, ItemState } from './import-item';

/**
 * The import API's types (see README.md for the whole contract). Parsers produce `RawEvent`s
 * of loosely typed `RawItem`s; `openImport` turns each into exactly one `ImportEvent`.
 */

/**
 * What a file holds:
 * - `pocket-csv`: Pocket's CSV export, the `pocket.zip` of `part_NNNNNN.csv` files or one bare CSV;
 * - `pocket-html`: Pocket's older `ril_export.html`;
 * - `omnivore`: Omnivore's export zip;
 * - `bookmarks-html`: Netscape bookmark HTML (Chromium, Firefox, …);
 * - `commonplace`: Commonplace's own export zip, restored clip by clip by `openCommonplace` (commonplace.ts), not by `openImport`.
 */
export type ImportFormat = 'pocket-csv' | 'pocket-html' | 'omnivore' | 'bookmarks-html' | 'commonplace';

/** Options that shape the items; pass the same ones when resuming so the items are the same. */
export interface ImportOptions {
  /**
   * The import's time (ms): a missing or implausible save date becomes this, and a future one
   * is clamped to it. Default `Date.now()` at `openImport`; a resumable import records it.
   */
  readonly now?: number;
  /** State of imported bookmarks. Default `archived`: a browser's bookmarks are not a reading queue. */
  readonly bookmarkState?: ItemState;
  /** The uploaded file's name: it only words messages and `source` labels, never `sourceKey`s. */
  readonly fileName?: string;
}

/** Where an event came from, for the person (`source`) and for the importer's records (`sourceKey`). */
interface EventOrigin {
  /** Position in the event stream: 0, 1, 2, … with no gap (the resume cursor). */
  readonly index: number;
  /**
   * Stable for the same file bytes, unique within the import: the format and the item's place
   * (`pocket-csv:part_000001.csv:row:17`, `omnivore:id:<id>`, `bookmarks-html:line:120`).
   */
  readonly sourceKey: string;
  /** Human-readable place, e.g. "part_000001.csv, line 42". */
  readonly source: string;
}

/**
 * One step of an import: an item, a duplicate of an earlier item (same normalised URL within
 * this file; the consumer decides whether to merge it or skip it), or something that could
 * not be imported, with a reason written for the person.
 */
export type ImportEvent =
  | (EventOrigin & { readonly kind: 'item'; readonly item: ImportItem; readonly warnings: readonly string[]; readonly lost?: readonly string[] })
  | (EventOrigin & {
      readonly kind: 'duplicate';
      readonly item: ImportItem;
      readonly warnings: readonly string[];
      /** The warnings that say part of the item was left behind (present only when some did): the person must hear of them. */
      readonly lost?: readonly string[];
      /** The `sourceKey` and `source` of the first item with this URL. */
      readonly firstKey: string;
      readonly firstSource: string;
    })
  | (EventOrigin & { readonly kind: 'failed'; readonly reason: string });

/** An opened import: cheap checks done, nothing parsed yet. */
export interface ImportSession {
  readonly format: ImportFormat;
  /** Estimated number of events, known before the first one (for a progress bar); never negative. */
  readonly total: number;
  /** Identifies the file's bytes (size and sampled content): record it with the cursor, compare it on resume. */
  readonly fingerprint: string;
  /** The import's time (`ImportOptions.now`, or the clock at opening): record it, pass it back on resume. */
  readonly now: number;
  /**
   * The events with `index >= from`, in the one deterministic order, parsed lazily: each step
   * does bounded work. May be called again (each call parses from the start; skipped events
   * are still read, cheaply, because duplicates are found against them). Never throws.
   */
  events(from?: number): Iterable<ImportEvent>;
}

/** A date as a source wrote it: seconds, milliseconds, a numeric string or ISO 8601. */
export type RawDate = number | string | null | undefined;

/** A highlight as a parser found it. */
export interface RawHighlight {
  quote: string;
  createdAt?: RawDate;
  note?: string;
  color?: string;
  tags?: string[];
}

/** An item as a parser found it: unchecked strings, to be normalised by `buildItem`. */
export interface RawItem {
  url: string;
  placeholderUrl?: boolean;
  title?: string;
  savedAt?: RawDate;
  tags?: readonly string[];
  state: ItemState;
  favorite?: boolean;
  author?: string;
  siteName?: string;
  excerpt?: string;
  publishedAt?: RawDate;
  html?: string;
  note?: string;
  highlights?: readonly RawHighlight[];
  /** Remarks the parser already has (e.g. "the title was the URL"). */
  warnings?: string[];
  /**
   * What the file holds of this item that is not imported (its PDF, an article or highlights
   * that could not be read): each is a warning too, and the consumer tells the person.
   */
  lost?: string[];
}

/** What a format parser yields: one per `ImportEvent`, in order. */
export type RawEvent =
  | { kind: 'item'; sourceKey: string; source: string; raw: RawItem }
  | { kind: 'failed'; sourceKey: string; source: string; reason: string };

/** A format's parser over one opened file. */
export interface FormatSource {
  readonly total: number;
  /**
   * Raw events in order. `from` is a hint: events before it are thrown away, so a parser may
   * leave out their heavy parts (article HTML, highlights) but must yield them.
   */
  raws(from: number): Iterable<RawEvent>;
}
