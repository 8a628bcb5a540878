import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ListFilter } from '../../src/index-db/list-query';
import { LIST_STATES, type ListState } from '../../src/schema/plain-values';
import type { LibraryFacets, TagFacet } from '../../src/schema/clip-summary';
import { storedTagKey } from '../../src/library/tags';
import { loadStateCounts, saveStateCounts } from './state-counts-cache';

/** The states' names in the filter bar. */
export const STATE_LABELS: Record<ListState, string> = { unread: 'Unread', reading: 'Reading', all: 'All', favorites: 'Favourites', archived: 'Archived' };

/** How many clips a state's list holds, from the library's counts (`all` leaves the archived out, as the list does). */
export function stateCount(facets: LibraryFacets, state: ListState): number {
  if (state === 'all') return facets.all - facets.archived;
  return state === 'reading' ? (facets.reading ?? 0) : facets[state];
}

/** How many clips the list of `state` and this tag holds (counts from an older background have no `states`: every clip with it; nor `reading`: none). */
export const tagCount = (t: TagFacet, state: ListState): number => (t.states ? (t.states[state] ?? 0) : t.count);

/**
 * What the filter bar shows beside each state and each tag: the length of the list choosing it
 * gives, with the other choice kept (with a tag chosen, a state's count is its clips with that
 * tag; a tag's count is its clips in the chosen state). Tags most used in that state first, then A–Z.
 */
export function filterCounts(facets: LibraryFacets, filter: ListFilter): { states: Record<ListState, number>; tags: { tag: string; count: number }[] } {
  // The list matches tags by key ("Work" chosen lists the clips tagged "work"): so do its counts.
  const chosen = filter.tag === null ? null : facets.tags.find((t) => storedTagKey(t.tag) === storedTagKey(filter.tag!));
  const states = Object.fromEntries(
    LIST_STATES.map((state) => [state, filter.tag === null ? stateCount(facets, state) : chosen ? tagCount(chosen, state) : 0]),
  ) as Record<ListState, number>;
  const tags = facets.tags.map((t) => ({ tag: t.tag, count: tagCount(t, filter.state) })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
  return { states, tags };
}

/**
 * The reading list's filter bar: the states with their counts (Unread · Reading · All ·
 * Favourites · Archived; buttons with `aria-pressed`) and a tag menu, every tag with its count, most used
 * first. A state and one tag combine, and each count is the list the choice beside it gives
 * (`filterCounts`). Counts come from `libraryFacets` (null until they are in; meanwhile the state
 * counts last shown for the same tag, `state-counts-cache.ts`, so the buttons do not move).
 *
 * The states keep to one line (scrolled sideways when a narrow panel or large counts need more
 * room), and `children` (the order and the search's filters: SearchControls) share the tag
 * menu's row: the bar takes two rows of a 420 px panel, so more of the list is in view.
 */
export function ListFilters({ filter, facets, onChange, children }: { filter: ListFilter; facets: LibraryFacets | null; onChange: (filter: ListFilter) => void; children?: ComponentChildren }) {
  const counts = facets ? filterCounts(facets, filter) : null;
  // Before the counts are in, the ones shown last for this tag: the buttons keep their width when they arrive.
  const stateCounts = counts?.states ?? loadStateCounts(filter.tag);
  const countsKey = counts ? JSON.stringify(counts.states) : null;
  useEffect(() => void (counts && saveStateCounts(filter.tag, counts.states)), [countsKey, filter.tag]);
  const tags = counts?.tags ?? [];
  // The chosen tag stays in the menu even when no clip has it any more (renamed on another device, say).
  const shown = filter.tag === null ? null : tags.find((t) => storedTagKey(t.tag) === storedTagKey(filter.tag!));
  const missing = filter.tag !== null && facets !== null && !shown;
  // The chosen state in view, when the line is scrolled sideways in a narrow panel (as it opens, and on a choice).
  // After paint (useEffect): measuring in a layout effect would force a layout before the first rows are shown.
  const states = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const line = states.current;
    const chosen = line?.querySelector<HTMLElement>('[aria-pressed=true]');
    if (!line || !chosen) return;
    const [l, c] = [line.getBoundingClientRect(), chosen.getBoundingClientRect()];
    if (c.left < l.left || c.right > l.right) line.scrollLeft += c.left - l.left - 10;
  }, [filter.state, counts !== null]); // and once the counts are in: they widen the buttons
  return (
    <div class="list-filters" data-testid="list-filters">
      <div class="state-filters" role="group" aria-label="Show" ref={states}>
        {LIST_STATES.map((state) => (
          <button
            key={state}
            class="state-filter"
            data-testid="filter-state"
            data-state={state}
            aria-pressed={filter.state === state}
            onClick={() => onChange({ ...filter, state })}
          >
            {STATE_LABELS[state]}
            <span class="state-count" data-testid="state-count">
              {stateCounts ? stateCounts[state].toLocaleString() : ''}
            </span>
          </button>
        ))}
      </div>
      <div class="filter-row">
        {(tags.length > 0 || filter.tag !== null) && (
          <select
            class="tag-filter"
            data-testid="filter-tag"
            aria-label="Only clips with the tag"
            value={shown?.tag ?? filter.tag ?? ''}
            onChange={(e) => {
              const value = (e.currentTarget as HTMLSelectElement).value;
              onChange({ ...filter, tag: value === '' ? null : value });
            }}
          >
            <option value="">All tags</option>
            {missing && <option value={filter.tag!}>{filter.tag} (0)</option>}
            {tags.map((t) => (
              <option key={t.tag} value={t.tag} data-count={t.count}>
                {t.tag} ({t.count.toLocaleString()})
              </option>
            ))}
          </select>
        )}
        {children}
      </div>
    </div>
  );
}
