import { ImmutableString, updateText } from '@automerge/automerge/slim';
import { anchorInText, describeText } from '../anchoring/anchor';
import type { CatalogEntryV1 } from '../schema/catalog-doc';
import {
  HIGHLIGHT_COLORS,
  HIGHLIGHT_VERSION,
  HighlightViewSchema,
  MAX_NOTE_CHARS,
  type HighlightColor,
  type HighlightView,
  type LibraryHighlight,
  type StoredHighlight,
  type StoredTarget,
} from '../schema/highlight';
import type { ClipId, HighlightId } from '../schema/ids';
import { HighlightTargetSchema, type HighlightTarget } from '../schema/selectors';
import { AppFailure } from '../util/result';
import { str } from './catalogs';
import { rebaseNote, spliceNote } from './note-merge';

/** A new highlight: where it is (on the saved copy, on the live page, or both) and what the user chose. */
export interface NewHighlight {
  readonly id: HighlightId;
  /** Described on the saved copy (the reader). */
  readonly target: HighlightTarget | null;
  /** Described on the live page. */
  readonly page: HighlightTarget | null;
  readonly color: HighlightColor;
  readonly note: string;
}

/** A change to a highlight; absent fields stay as they are. */
export interface HighlightChange {
  readonly color?: HighlightColor;
  readonly note?: string;
  /**
   * The note as the editor loaded it. With it, the edit `noteBase` → `note` is rebased onto the
   * note as it is now (`rebaseText`), so words another device or editor wrote meanwhile stay;
   * without it, the note becomes `note`.
   */
  readonly noteBase?: string;
  readonly deleted?: boolean;
}

/** Selectors as stored (strings as `ImmutableString`: one op each, never merged character by character). */
export function toStored(t: HighlightTarget): StoredTarget {
  const imm = (s: string) => new ImmutableString(s);
  return {
    quote: { type: 'TextQuoteSelector', exact: imm(t.quote.exact), prefix: imm(t.quote.prefix), suffix: imm(t.quote.suffix) },
    position: { type: 'TextPositionSelector', start: t.position.start, end: t.position.end },
    range: t.range
      ? { type: 'RangeSelector', startContainer: imm(t.range.startContainer), startOffset: t.range.startOffset, endContainer: imm(t.range.endContainer), endOffset: t.range.endOffset }
      : null,
  };
}

/** Selectors read back (checked: anything that does not parse, e.g. from a newer version, is null). */
export function fromStored(s: unknown): HighlightTarget | null {
  if (!s || typeof s !== 'object') return null;
  const t = s as Record<string, Record<string, unknown> | null>;
  const plain = (o: Record<string, unknown> | null | undefined) =>
    o ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof ImmutableString ? v.val : v])) : o;
  const parsed = HighlightTargetSchema.safeParse({ quote: plain(t.quote), position: plain(t.position), range: plain(t.range) ?? null });
  return parsed.success ? parsed.data : null;
}

/**
 * The target of a quote in the saved text, described afresh there (offsets and context of
 * this text), or null when it is not found. `from` may come from the live page: its
 * position refers to that page, so only its quote is used.
 */
export function targetInText(text: string, from: HighlightTarget, samePlace: boolean): HighlightTarget | null {
  const found = anchorInText(text, samePlace ? from : { quote: from.quote, position: null });
  if (!found) return null;
  const described = describeText(text, found.start, found.end);
  return described.ok ? { ...described.value, range: samePlace ? from.range : null } : null;
}

/** The stored highlight a new one becomes. A page highlight gets a saved-copy target when its quote is in `text`. */
export function newStored(h: NewHighlight, text: string, now: number): StoredHighlight {
  const target = h.target ?? (h.page ? targetInText(text, h.page, false) : null);
  return {
    v: HIGHLIGHT_VERSION,
    id: h.id,
    color: new ImmutableString(h.color),
    note: h.note,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    target: target ? toStored(target) : null,
    page: h.page ? toStored(h.page) : null,
  };
}

/** Applies a change to a stored highlight, in a catalog change (the note as a text edit, so concurrent edits merge). */
export function applyChange(entry: CatalogEntryV1, id: HighlightId, change: HighlightChange, now: number): void {
  const h = (entry.highlights as unknown as Record<string, StoredHighlight | undefined>)[id];
  if (!h) throw new AppFailure('not-found', 'That highlight is not in this clip (it may have been removed on another device).');
  if (h.v > HIGHLIGHT_VERSION) throw new AppFailure('read-only', 'This highlight was made by a newer version of Commonplace. Update the extension to change it.');
  if (change.color !== undefined && str(h.color) !== change.color) h.color = new ImmutableString(change.color);
  // A note already as edited is left alone: the same edit sent again (its answer lost) is not made twice.
  if (change.note !== undefined && h.note !== change.note) {
    if (typeof h.note === 'string' && change.noteBase !== undefined) spliceNote(h, rebaseNote(change.noteBase, change.note, h.note, MAX_NOTE_CHARS).splices);
    else if (typeof h.note === 'string') updateText(h as never, ['note'], change.note);
    else h.note = change.note;
  }
  if (change.deleted !== undefined) h.deletedAt = change.deleted ? (h.deletedAt ?? now) : null;
  h.updatedAt = now;
}

/**
 * Re-anchors a clip's highlights in its re-saved text, inside the catalog change of the
 * re-save: a target found again is described afresh in the new text; one not found keeps its
 * old selectors (it is then an orphan in the saved copy, listed, never dropped); a highlight
 * without one gets one when its page quote is in the new text. Newer-version highlights are left untouched.
 */
export function reanchorAll(entry: CatalogEntryV1, text: string): void {
  for (const h of Object.values(entry.highlights as unknown as Record<string, StoredHighlight>)) {
    if (!h || h.v > HIGHLIGHT_VERSION || h.deletedAt !== null) continue;
    const old = fromStored(h.target);
    const next = old ? targetInText(text, old, true) : (() => {
      const page = fromStored(h.page);
      return page ? targetInText(text, page, false) : null;
    })();
    if (next) h.target = toStored({ ...next, range: null });
  }
}

/** A highlight as the UI sees it, `found` checked against the saved text (null: not loaded, so not found). */
export function viewOf(clipId: ClipId, h: StoredHighlight, text: string | null, clipReadOnly: boolean): HighlightView | null {
  const page = fromStored(h.page);
  // Made on the live page while the clip's article was not on this device yet (it syncs after the
  // entry): no saved-copy target was found then. Looked for now that the article is here.
  const target = fromStored(h.target) ?? (page && text !== null ? targetInText(text, page, false) : null);
  const color = str(h.color);
  const view = {
    id: h.id,
    clipId,
    color: (HIGHLIGHT_COLORS as readonly string[]).includes(color) ? color : 'yellow',
    note: typeof h.note === 'string' ? h.note : String(h.note ?? ''),
    createdAt: typeof h.createdAt === 'number' ? h.createdAt : 0,
    updatedAt: typeof h.updatedAt === 'number' ? h.updatedAt : 0,
    target,
    page,
    found: !!target && text !== null && anchorInText(text, target) !== null,
    readOnly: clipReadOnly || !(h.v <= HIGHLIGHT_VERSION),
  };
  const parsed = HighlightViewSchema.safeParse(view);
  return parsed.success ? parsed.data : null;
}

/** The live (not deleted) highlights of an entry, oldest first. */
export function liveHighlights(entry: CatalogEntryV1): StoredHighlight[] {
  return Object.values((entry.highlights ?? {}) as unknown as Record<string, StoredHighlight>)
    .filter((h) => h && h.deletedAt === null)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/**
 * Every live highlight of the library, newest first and equal times by id (the panel's order,
 * `mergeNewestFirst`), with its clip (no text loaded); after the cursor (`before`, `beforeId`:
 * the last one seen) when given.
 */
export function libraryHighlightsOf(entries: Iterable<CatalogEntryV1>, before?: number, beforeId?: string): Array<{ entry: CatalogEntryV1; h: StoredHighlight }> {
  const out: Array<{ entry: CatalogEntryV1; h: StoredHighlight }> = [];
  const after = (h: StoredHighlight) => before === undefined || h.createdAt < before || (h.createdAt === before && beforeId !== undefined && h.id > beforeId);
  for (const entry of entries) {
    if (entry.deletedAt !== null) continue;
    for (const h of liveHighlights(entry)) if (after(h)) out.push({ entry, h });
  }
  return out.sort((a, b) => b.h.createdAt - a.h.createdAt || (a.h.id < b.h.id ? -1 : a.h.id > b.h.id ? 1 : 0));
}

/** The library-wide view of one highlight. */
export function libraryViewOf(entry: CatalogEntryV1, view: HighlightView): LibraryHighlight {
  return { ...view, clipTitle: str(entry.title) || str(entry.url), clipUrl: str(entry.url) };
}
