/**
 * How highlights are presented: the quote a highlight shows, shortened for a list, the
 * reader's reading order, grouping by colour for drawing, and the library-wide list's
 * newest-first paging. Pure: no DOM, no browser.
 */
import type { HighlightColor, HighlightView } from '../schema/highlight';

/** Characters of a quote shown in a list before it is cut with an ellipsis. */
export const EXCERPT_CHARS = 280;

/** What `quoteOf` reads: a highlight's two targets. */
export type Targets = Pick<HighlightView, 'target' | 'page'>;

/**
 * The text a highlight quotes: its saved-copy quote, else its live-page quote, else ''.
 * Why: a highlight made on a part of the page the saved article left out has no saved-copy
 * target, and must still be listed with its words.
 */
export function quoteOf(h: Targets): string {
  return h.target?.quote.exact ?? h.page?.quote.exact ?? '';
}

/**
 * `text` with every whitespace run as one space, cut to at most `max` characters (at a word
 * boundary when one is near, never inside a surrogate pair) with '…' appended when cut.
 */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = max - 1;
  const space = flat.lastIndexOf(' ', cut);
  if (space > max * 0.6) cut = space;
  if ((flat.charCodeAt(cut - 1) & 0xfc00) === 0xd800) cut--;
  return `${flat.slice(0, cut).trimEnd()}…`;
}

/** A highlight with where the reader placed it (null: not placed, an orphan here). */
export interface Placed<H> {
  readonly highlight: H;
  /** Start offset in the reader's text, or null when the highlight could not be placed. */
  readonly start: number | null;
}

/**
 * The reader's list order: placed highlights in reading order (by start, then oldest
 * first), then every unplaced one, oldest first. Nothing is dropped.
 */
export function readingOrder<H extends { readonly id: string; readonly createdAt: number }>(items: readonly Placed<H>[]): Placed<H>[] {
  const byAge = (a: Placed<H>, b: Placed<H>) => a.highlight.createdAt - b.highlight.createdAt || (a.highlight.id < b.highlight.id ? -1 : 1);
  const placed = items.filter((p) => p.start !== null).sort((a, b) => a.start! - b.start! || byAge(a, b));
  const orphans = items.filter((p) => p.start === null).sort(byAge);
  return [...placed, ...orphans];
}

/** Items grouped by colour, in first-seen order (one CSS `Highlight` per colour). */
export function byColor<T extends { readonly color: HighlightColor }>(items: readonly T[]): Map<HighlightColor, T[]> {
  const groups = new Map<HighlightColor, T[]>();
  for (const item of items) {
    const list = groups.get(item.color);
    if (list) list.push(item);
    else groups.set(item.color, [item]);
  }
  return groups;
}

/**
 * Newest first, one entry per id: `loaded` with `page` merged in (a highlight in both keeps
 * the version changed last). Why: a page fetched after a change can repeat a highlight the
 * list already holds, and the list must not show it twice.
 */
export function mergeNewestFirst<H extends { readonly id: string; readonly createdAt: number; readonly updatedAt: number }>(loaded: readonly H[], page: readonly H[]): H[] {
  const byId = new Map<string, H>();
  for (const h of [...loaded, ...page]) {
    const had = byId.get(h.id);
    if (!had || h.updatedAt >= had.updatedAt) byId.set(h.id, h);
  }
  return [...byId.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The cursor of the next page of a newest-first list (`mergeNewestFirst`'s order): the last
 * highlight loaded, its time and id (many share one time: an import dates every highlight of a
 * clip alike, and a time alone would skip the rest of them); {} for the first page.
 */
export function nextPage<H extends { readonly id: string; readonly createdAt: number }>(loaded: readonly H[]): { before?: number; beforeId?: H['id'] } {
  let last: H | undefined;
  for (const h of loaded) if (!last || h.createdAt < last.createdAt || (h.createdAt === last.createdAt && h.id > last.id)) last = h;
  return last ? { before: last.createdAt, beforeId: last.id } : {};
}

/** Human names of the colours, for labels ("Highlight in yellow"). */
export const COLOR_NAMES: Readonly<Record<HighlightColor, string>> = {
  yellow: 'Yellow',
  green: 'Green',
  blue: 'Blue',
  pink: 'Pink',
  purple: 'Purple',
};
