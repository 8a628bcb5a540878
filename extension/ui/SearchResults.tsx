import { lazy, Suspense } from 'preact/compat';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SearchPage } from '../../src/schema/search-result';
import { DEFAULT_FILTER, type ListFilter } from '../../src/index-db/list-query';
import type { LibraryFacets, TagFacet } from '../../src/schema/clip-summary';
import { parseQuery } from '../../src/search/query';
import { EmptyList } from './EmptyList';
import { ListFilters } from './ListFilters';
import { SearchControls } from './SearchControls';
import { optionFilters, type SearchOptions } from './search-options';
import { SearchIndexFailed } from './SearchIndexStatus';
import { useFacets } from './use-facets';
import { loadResultsPosition, saveResultsPosition } from './last-view';
import { SEARCH_PAGE, searchAhead, searchKey, useSearch, type SearchAsk } from './use-search';
import { useSelectAll } from './use-select-all';
import { useMarks } from './use-marks';
import { useThumbs } from './use-thumbs';
import { VirtualList, type ListView, type RowView } from './VirtualList';
import { DeepSearch } from './DeepSearch';
import { SearchHitBody } from './SearchHit';
import { ClipCard } from './ClipRow';
import { CARD_MIN_WIDTH, estimateCard, type ListLayout } from './list-layout';
import { LayoutToggle } from './LayoutToggle';

const BulkBar = lazy(() => import('./BulkBar').then((m) => m.BulkBar));

/** The status line: how many, rebuilding with progress, parts of the query that were ignored. */
function Status({ page }: { page: SearchPage }) {
  const count = `${page.totalExact ? '' : 'about '}${page.total.toLocaleString()} ${page.total === 1 ? 'result' : 'results'}`;
  return (
    <div class="search-status" role="status" data-testid="search-status">
      {page.status === 'rebuilding' ? (
        <p class="banner">
          Rebuilding the search index{page.progress ? ` (${page.progress.done.toLocaleString()} of ${page.progress.total.toLocaleString()} clips)` : ''}… results may be incomplete
          until it is done. {count} so far.
        </p>
      ) : (
        <p class="banner muted" data-testid="search-count">
          {count}
        </p>
      )}
      {page.problems.map((p, i) => (
        <p key={i} class="banner muted" data-testid="search-problem">
          {p}
        </p>
      ))}
    </div>
  );
}

/**
 * What empty results say. Words typed: nothing matches them. Nothing typed, only the list in
 * another order (Title A–Z, Oldest…): the list's own empty state (`EmptyList`: nothing saved yet,
 * no unread clips…, with the way back to every clip), since that list is the filter bar's. Nothing
 * typed, a site or dates set: those filters, not words, are what to change.
 */
function NoResults({ ask, filter, facets, onReset }: { ask: SearchAsk; filter: ListFilter; facets: LibraryFacets | null; onReset: () => void }) {
  const typed = ask.query.trim();
  if (!typed && !(ask.filters?.site || ask.filters?.from || ask.filters?.to)) return <EmptyList filter={filter} facets={facets} onReset={onReset} />;
  return (
    <p class="empty muted" data-testid="search-empty">
      {typed
        ? `Nothing matches “${typed}”. Check the spelling, use fewer words, or remove a filter (tag:, state:, site:).`
        : 'Nothing matches these filters. Clear the site or the dates under Filters, or choose another state or tag.'}
    </p>
  );
}

/** Most results shown again where they were left (more would make the way back from the reader slow): 5 calls. */
const MAX_RESTORED = 1_000;

/** Focuses the search box (↑ on the first result). */
const toSearch = () => document.querySelector<HTMLInputElement>('[data-testid=search-input]')?.focus();
/** A result's height before it is measured: title, meta line, a snippet of two or three lines. */
const estimate = () => 112;

/**
 * Search results for `ask` (what is typed, with the filter bar's and search controls' filters and
 * order as data), best first: each clip with its
 * matching passage marked, in a virtualised list (only the results in view are drawn). Keyboard
 * as in the list: ↓/j ↑/k, Home/End, PageDown/PageUp move, Enter opens, ↑ on the first goes back
 * to the search box. Scrolling near the end asks for 20 more. Shown again (back from the reader, a
 * reopened panel), the same search comes back where it was left (`last-view.ts`).
 */
export function SearchResults({ ask, filter, tags, facets = null, onReset = () => undefined, onOpen, onDeleteMany, cards = false }: { ask: SearchAsk; filter: ListFilter; tags: readonly TagFacet[]; facets?: LibraryFacets | null; onReset?: () => void; onOpen: (id: string) => void; onDeleteMany: (ids: string[]) => Promise<boolean>; cards?: boolean }) {
  const { query } = ask;
  const askKey = JSON.stringify(ask);
  // Where these results were left (back from the reader, a reopened panel): as many asked for again, up to `MAX_RESTORED`.
  const left = useRef(loadResultsPosition(searchKey(ask)));
  // "More results" raises the limit for this request only: a new one starts from the first page at
  // its first render (a reset in an effect came a render late, so the request sent at the keystroke
  // was not taken up, and the old limit's call and then the first page's were both made).
  const [raised, setRaised] = useState(() => {
    const l = left.current;
    return { askKey, limit: l ? Math.min(MAX_RESTORED, Math.max(SEARCH_PAGE, l.count)) : SEARCH_PAGE };
  });
  const limit = raised.askKey === askKey ? raised.limit : SEARCH_PAGE;
  const setLimit = (next: number) => setRaised({ askKey, limit: next });
  const { page, error, loading, answered, answeredQuery } = useSearch(ask, limit);
  // The words the shown page's results mark in their site, byline and tags: its own query's, parsed once per answer.
  const marking = useMemo(() => parseQuery(answeredQuery), [answeredQuery]);
  const hits = page?.hits ?? [];
  const keyOf = useCallback((i: number) => hits[i]?.clip.id ?? String(i), [hits]);
  const ids = useMemo(() => hits.map((h) => h.clip.id), [hits]);
  const marks = useMarks(ids, onDeleteMany);
  const { selectAll, error: selectError } = useSelectAll(ask, page?.total, marks);
  // The place they were left at, by clip id where it is still among them, once: for the first results shown, if they answer that search.
  const initial = useMemo<ListView | null>(() => {
    const l = left.current;
    if (!l || hits.length === 0) return null;
    left.current = null;
    if (l.search !== answered) return null;
    const at = (id: string | null, i: number) => {
      const found = id === null ? -1 : ids.findIndex((x) => x === id);
      return found >= 0 ? found : i;
    };
    return { top: at(l.topId, l.top), active: at(l.activeId, l.active) };
  }, [answered, hits.length > 0]);
  // The results' pictures, as the list's (use-thumbs.ts): for the rows drawn, after they are painted.
  const thumbs = useThumbs();
  const range = useRef<readonly [number, number]>([0, -1]);
  useEffect(() => thumbs.want(ids.slice(range.current[0], range.current[1] + 1)));

  // When results are in the DOM (the search benchmark reads it: keystroke to rendered results).
  useLayoutEffect(() => {
    if (page) (window as unknown as { __cpSearchRenderedAt?: { query: string; at: number } }).__cpSearchRenderedAt = { query, at: performance.now() };
  }, [page]);

  if (error) return <p class="error banner" role="alert" data-testid="search-error">Search failed: {error} Trying again…</p>;
  if (!page) return <p class="muted banner">{loading ? 'Searching…' : ''}</p>;
  if (page.status === 'failed') return <SearchIndexFailed message={page.failure ?? ''} />;
  // A partial first answer (`snippetsLeft`: a phrase checked only for the rows first shown) is made
  // whole by useSearch's own second ask, not by raising the limit.
  const more = hits.length < page.total && !page.snippetsLeft;
  const row = (i: number): RowView => {
    const hit = hits[i]!;
    const on = marks.has(hit.clip.id);
    const thumb = thumbs.urlOf(hit.clip.id);
    const body = cards ? <ClipCard row={hit.clip} inArchive={filter.state === 'archived'} thumb={thumb} /> : <SearchHitBody hit={hit} thumb={thumb} query={marking} />;
    return { attrs: { 'data-testid': 'search-hit', 'data-clip-id': hit.clip.id, 'data-marked': on ? 'true' : undefined, 'aria-selected': on, class: on ? 'marked' : undefined }, body };
  };
  return (
    <div class="search-results" data-testid="search-results" data-query={query} data-answered={answered}>
      <Status page={page} />
      {marks.selected.length > 0 && (
        <Suspense fallback={<div class="bulk-bar muted">{marks.selected.length} selected</div>}>
          <BulkBar ids={marks.selected} total={page.total} filter={filter} onSelectAll={() => void selectAll()} tags={tags} onClear={marks.clear} onDelete={marks.remove} />
        </Suspense>
      )}
      {selectError && (
        <p class="error banner" role="alert">
          Could not select every result: {selectError}
        </p>
      )}
      {hits.length === 0 && page.status === 'ready' && <NoResults ask={ask} filter={filter} facets={facets} onReset={onReset} />}
      {hits.length > 0 && (
        <VirtualList
          key={`${answered}${cards ? ' cards' : ''}`}
          count={hits.length}
          keyOf={keyOf}
          estimate={cards ? estimateCard : estimate}
          laneWidth={cards ? CARD_MIN_WIDTH : undefined}
          row={row}
          label="Search results"
          class={cards ? 'clip-list search-list clip-cards' : 'clip-list search-list'}
          attrs={{ 'data-testid': 'search-list', 'data-count': hits.length, 'aria-busy': loading }}
          onRange={(start, end) => ((range.current = [start, end]), more && !loading && end >= hits.length - 5 && setLimit(Math.max(limit, hits.length + SEARCH_PAGE)))}
          initial={initial}
          onView={(v) => saveResultsPosition({ search: answered, count: hits.length, top: v.top, topId: ids[v.top] ?? null, active: v.active, activeId: ids[v.active] ?? null })}
          onOpen={(i) => hits[i] && onOpen(hits[i]!.clip.id)}
          onDelete={() => void marks.remove()}
          onTop={toSearch}
          onMark={marks.mark}
        />
      )}
      {more && loading && (
        <p class="muted banner search-more" data-testid="search-more">
          Loading more results…
        </p>
      )}
      <DeepSearch ask={ask} shown={hits} onOpen={onOpen} />
    </div>
  );
}

/** What the search view is given: the typed text, the filter bar's filter and the search controls' choices, each with its setter. */
export interface SearchViewProps {
  readonly query: string;
  readonly filter: ListFilter;
  readonly onFilter: (f: ListFilter) => void;
  readonly options: SearchOptions;
  readonly onOptions: (o: SearchOptions) => void;
  /** Rows or cards: cards only while nothing is typed (a list ordered or filtered through the search); typed words show rows, with their passage. */
  readonly layout?: ListLayout;
  readonly onLayout?: (l: ListLayout) => void;
  readonly onOpen: (id: string) => void;
  readonly onDeleteMany: (ids: string[]) => Promise<boolean>;
}

/** What the search view asks for: the typed text, with the filter bar's state and tag and the controls' choices as data. */
const askOf = (query: string, filter: ListFilter, options: SearchOptions): SearchAsk => ({ query, filters: { state: filter.state, tag: filter.tag, ...optionFilters(options) }, sort: options.sort });

/** Sends the search view's first request for what was just typed (`searchAhead`): the side panel calls it from the keystroke, before it draws. */
export const searchAheadFor = (query: string, filter: ListFilter, options: SearchOptions): void => searchAhead(askOf(query, filter, options));

/**
 * The search view: the filter bar (the same as the list's, with counts), the search controls
 * (order, site, dates) and the results inside them. `query` is only what was typed: the bar's
 * state and tag and the controls' choices go to the search as data.
 */
export function SearchView({ query, filter, onFilter, options, onOptions, layout = 'rows', onLayout, onOpen, onDeleteMany }: SearchViewProps) {
  const { facets } = useFacets();
  const ask = askOf(query, filter, options);
  const typed = query.trim() !== '';
  return (
    <div class="list-view search-view">
      <ListFilters filter={filter} facets={facets} onChange={onFilter}>
        <SearchControls options={options} onChange={onOptions} typed={typed} />
        {!typed && onLayout && <LayoutToggle layout={layout} onChange={onLayout} />}
      </ListFilters>
      <SearchResults ask={ask} filter={filter} tags={facets?.tags ?? []} facets={facets} onReset={() => onFilter(DEFAULT_FILTER)} onOpen={onOpen} onDeleteMany={onDeleteMany} cards={!typed && layout === 'cards'} />
    </div>
  );
}
