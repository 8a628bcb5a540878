import type { ListFilter } from '../../src/index-db/list-query';
import { sameFilter } from './list-filter-store';

/** Where the side panel keeps the view it was left on: its route's hash (this extension's localStorage). */
const ROUTE_KEY = 'commonplace-last-view';
/** Where it keeps how far the list was scrolled and which clip was selected. */
const POSITION_KEY = 'commonplace-list-position';

/** The hash (without '#') of the view the side panel was last left on: '' for the list, `clip=ID` for the reader, `highlights`, `tags`. */
export function loadLastRoute(): string {
  try {
    const raw = localStorage.getItem(ROUTE_KEY) ?? '';
    return raw.length <= 2_000 ? raw : '';
  } catch {
    return '';
  }
}

/**
 * The start of a hash that asks the side panel for the view it was left on (`#resume=N`, N only
 * making each request differ from the last, so that an open sidebar loads it): Firefox's
 * sidebar page is one for every window and every later opening (open-reader.ts).
 */
export const RESUME_PREFIX = 'resume=';

/** The hash (without '#') the side panel starts on: the one it was opened with, or the one it was left on when opened without one or with `#resume=…`. */
export function openingHash(hash: string): string {
  const raw = hash.replace(/^#/, '');
  return raw === '' || raw.startsWith(RESUME_PREFIX) ? loadLastRoute() : raw;
}

/** Remembers the view shown now (its hash), for the next time the side panel opens without one. */
export function saveLastRoute(hash: string): void {
  try {
    if (hash) localStorage.setItem(ROUTE_KEY, hash);
    else localStorage.removeItem(ROUTE_KEY);
  } catch {
    // Storage refused: the panel still works, it just opens on the list.
  }
}

/** Where the list stood: its first row in view and the selected row, by index and by clip id (ids win when the list changed since). */
export interface ListPosition {
  readonly filter: ListFilter;
  readonly top: number;
  readonly topId: string | null;
  readonly active: number;
  readonly activeId: string | null;
}

/** A stored row index (0 when it is not one) and clip id (null when it is not one). */
const index = (n: unknown) => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0);
const id = (s: unknown) => (typeof s === 'string' && s.length <= 200 ? s : null);

/** Where the list in `filter` was left, or null when it was left on another filter, or never scrolled. */
export function loadListPosition(filter: ListFilter): ListPosition | null {
  try {
    const raw = JSON.parse(localStorage.getItem(POSITION_KEY) ?? 'null') as Partial<ListPosition> | null;
    if (!raw || typeof raw !== 'object' || !raw.filter || !sameFilter(raw.filter as ListFilter, filter)) return null;
    return { filter, top: index(raw.top), topId: id(raw.topId), active: index(raw.active), activeId: id(raw.activeId) };
  } catch {
    return null;
  }
}

/** Remembers where the list stands, for the next time it is shown (a reopened panel, the way back from the reader). */
export function saveListPosition(position: ListPosition): void {
  try {
    localStorage.setItem(POSITION_KEY, JSON.stringify(position));
  } catch {
    // Storage refused: the list opens at its top next time.
  }
}

/** Where the side panel keeps where search results (or the list in another order, which the search lists) were left. */
const RESULTS_KEY = 'commonplace-results-position';

/** Where search results stood: the search they answer (`searchKey`), how many were shown, and the list's place as {@link ListPosition} has it. */
export interface ResultsPosition {
  readonly search: string;
  readonly count: number;
  readonly top: number;
  readonly topId: string | null;
  readonly active: number;
  readonly activeId: string | null;
}

/**
 * Where the results of `search` (a `searchKey`) were left, or null when another search's were.
 * Why: back from the reader (or a reopened panel), results came back at their top with 20 shown,
 * so a list ordered by title lost its place at every clip opened from it.
 */
export function loadResultsPosition(search: string): ResultsPosition | null {
  try {
    const raw = JSON.parse(localStorage.getItem(RESULTS_KEY) ?? 'null') as Partial<ResultsPosition> | null;
    if (!raw || typeof raw !== 'object' || raw.search !== search) return null;
    return { search, count: index(raw.count), top: index(raw.top), topId: id(raw.topId), active: index(raw.active), activeId: id(raw.activeId) };
  } catch {
    return null;
  }
}

/** Remembers where search results stand, for the next time the same search is shown. */
export function saveResultsPosition(position: ResultsPosition): void {
  try {
    localStorage.setItem(RESULTS_KEY, JSON.stringify(position));
  } catch {
    // Storage refused: the results open at their top next time.
  }
}
