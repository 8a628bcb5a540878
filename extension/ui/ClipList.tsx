import type { ComponentChildren } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { DEFAULT_FILTER, type ListFilter } from '../../src/index-db/list-query';
import type { TagFacet } from '../../src/schema/clip-summary';
import { ClipCard, ClipRow } from './ClipRow';
import { EmptyList } from './EmptyList';
import { loadListPosition, saveListPosition } from './last-view';
import { sameFilter } from './list-filter-store';
import { ListFilters } from './ListFilters';
import { useClipList, type ListData } from './use-clip-list';
import { useFacets } from './use-facets';
import { useMarks } from './use-marks';
import { useThumbs } from './use-thumbs';
import { CARD_MIN_WIDTH, estimateCard, type ListLayout } from './list-layout';
import { VirtualList, type ListView, type RowView } from './VirtualList';

// Loaded when rows are first marked: the first screen does not wait for it.
const BulkBar = lazy(() => import('./BulkBar').then((m) => m.BulkBar));

/** A row's height before it is measured: title, meta line, two lines of excerpt. */
const ROW_ESTIMATE = 104;
const estimate = () => ROW_ESTIMATE;

/** Focuses the search box (↑ on the first row). */
const toSearch = () => document.querySelector<HTMLInputElement>('[data-testid=search-input]')?.focus();

/** What the list's callers are told: a clip to open, one to delete, several to delete (a selection), one to archive or unarchive (a row's quick action). */
interface ListActions {
  readonly onOpen: (id: string) => void;
  readonly onDelete: (id: string) => void;
  readonly onDeleteMany: (ids: string[]) => Promise<boolean>;
  readonly onArchive?: ((id: string, archived: boolean, title: string) => void) | undefined;
}

/**
 * The rows of one read of the list, virtualised; where it was left is restored when it is shown
 * again. Rows can be marked (x, Shift+↓/↑, Ctrl/⌘+A, Shift- or Ctrl/⌘-click) for a change to all
 * of them at once (`BulkBar`); a new filter is a new list, with nothing marked. A new layout is
 * the same list drawn another way: the marks stay, and it opens where the other layout was left.
 */
function Rows({ data, filter, tags, actions, want, busy, layout }: { data: ListData; filter: ListFilter; tags: readonly TagFacet[]; actions: ListActions; want: (start: number, end: number, active: number) => void; busy: boolean; layout: ListLayout }) {
  const { ids } = data;
  const { onOpen, onDelete, onArchive } = actions;
  const marks = useMarks(ids, actions.onDeleteMany);
  const thumbs = useThumbs();
  const range = useRef<readonly [number, number]>([0, -1]);
  const wantRows = useCallback((start: number, end: number, active: number) => ((range.current = [start, end]), want(start, end, active)), [want]);
  // The pictures of the rows drawn, after they are painted: never ahead of the list's own reads.
  useEffect(() => thumbs.want(ids.slice(range.current[0], range.current[1] + 1).filter((id) => data.rows.has(id))));
  const { selected, mark, clear } = marks;
  const cards = layout === 'cards';
  const keyOf = useCallback((i: number) => ids[i] ?? String(i), [ids]);
  // Where this list was left (a reopened panel, the way back from the reader), by clip id when it is still there.
  const initial = useMemo<ListView | null>(() => {
    const left = loadListPosition(data.filter);
    if (!left) return null;
    const at = (id: string | null, i: number) => {
      const found = id === null ? -1 : ids.indexOf(id);
      return found >= 0 ? found : i;
    };
    return { top: at(left.topId, left.top), active: at(left.activeId, left.active) };
  }, [data.complete, layout]);
  const onView = (view: ListView) => saveListPosition({ filter: data.filter, top: view.top, topId: ids[view.top] ?? null, active: view.active, activeId: ids[view.active] ?? null });
  const row = (i: number): RowView => {
    const id = ids[i]!;
    const r = data.rows.get(id);
    const on = marks.has(id);
    if (!r) return { attrs: { 'data-testid': 'clip-placeholder', 'data-clip-id': id, class: 'clip-placeholder', 'aria-busy': true, 'aria-selected': on }, body: <div class="clip-title">…</div> };
    const View = cards ? ClipCard : ClipRow;
    return {
      attrs: { 'data-testid': 'clip-item', 'data-clip-id': r.id, 'data-archived': String(r.archivedAt !== null), 'data-favorite': String(r.favoriteAt !== null), 'data-marked': on ? 'true' : undefined, 'aria-selected': on, class: on ? 'marked' : undefined },
      body: <View row={r} inArchive={filter.state === 'archived'} onDelete={onDelete} onArchive={onArchive} thumb={thumbs.urlOf(id)} />,
    };
  };
  return (
    <>
      {selected.length > 0 && (
        <Suspense fallback={<div class="bulk-bar muted">{selected.length} selected</div>}>
          <BulkBar ids={selected} total={ids.length} filter={filter} tags={tags} onSelectAll={() => mark(0, 'all')} onClear={clear} onDelete={marks.remove} />
        </Suspense>
      )}
      <VirtualList
      key={layout}
      count={ids.length}
      keyOf={keyOf}
      estimate={cards ? estimateCard : estimate}
      laneWidth={cards ? CARD_MIN_WIDTH : undefined}
      row={row}
      label="Saved clips"
      class={cards ? 'clip-list clip-cards' : 'clip-list'}
      attrs={{ 'data-testid': 'clip-list', 'data-filter-state': data.filter.state, 'data-filter-tag': data.filter.tag ?? '', 'data-count': ids.length, 'data-complete': String(data.complete), 'aria-busy': busy }}
      initial={initial}
      ready={data.complete}
      onRange={wantRows}
      onView={onView}
      onOpen={(i) => ids[i] && onOpen(ids[i]!)}
      onDelete={(i) => (selected.length > 0 ? void marks.remove() : ids[i] && onDelete(ids[i]!))}
      onTop={toSearch}
      onMark={mark}
    />
    </>
  );
}

/**
 * The reading list in `filter` (a state and a tag, chosen in the filter bar above it, with the
 * library's counts), newest first, virtualised: however long the list, only the rows in view
 * are drawn, and rows are read from the index as they come into view. Rows show their tags, a
 * star for a favourite and a mark for a note. Keyboard: ↓/j and ↑/k move, Home/End, PageDown/
 * PageUp, Enter opens, Delete or d deletes (with undo); x, Shift+↓/↑, Ctrl/⌘+A and Shift- or
 * Ctrl/⌘-clicks mark rows for a change to all of them (Escape unmarks). Where it was left is kept.
 */
export function ClipList({ filter, onFilter, controls, layout = 'rows', ...actions }: { filter: ListFilter; onFilter: (filter: ListFilter) => void; controls?: ComponentChildren; layout?: ListLayout } & ListActions) {
  const { data, error, want } = useClipList(filter);
  const { facets } = useFacets();

  // Recorded when the first rows are in the DOM (benchmarks read it; layout effect = before paint, not a frame later).
  useLayoutEffect(() => {
    if (data && !(window as unknown as { __cpListRenderedAt?: number }).__cpListRenderedAt) {
      (window as unknown as { __cpListRenderedAt?: number }).__cpListRenderedAt = performance.now();
    }
  }, [data]);

  const bar = (
    <ListFilters filter={filter} facets={facets} onChange={onFilter}>
      {controls}
    </ListFilters>
  );
  if (error) return <p class="error" role="alert">The reading list could not be read: {error}</p>;
  if (!data) return <div class="list-view">{bar}<p class="muted banner">Loading…</p></div>;
  if (data.ids.length === 0)
    return (
      <div class="list-view">
        {bar}
        <EmptyList filter={data.filter} facets={facets} onReset={() => onFilter(DEFAULT_FILTER)} />
      </div>
    );
  return (
    <div class="list-view">
      {bar}
      {/* A new filter is a new list: scrolled to its top (or where it was left), nothing measured. */}
      <Rows key={`${data.filter.state}\n${data.filter.tag ?? ''}`} data={data} filter={filter} tags={facets?.tags ?? []} actions={actions} want={want} busy={!sameFilter(data.filter, filter)} layout={layout} />
    </div>
  );
}
