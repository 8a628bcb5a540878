import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ListFilter } from '../../src/index-db/list-query';
import type { ViewSpec } from '../../src/schema/saved-view';
import { storedTagKey } from '../../src/library/tags';
import { lazy, Suspense } from 'preact/compat';
import { ClipList } from './ClipList';
import { openingHash, saveLastRoute } from './last-view';
import { loadListLayout, saveListLayout, type ListLayout } from './list-layout';
import { LayoutToggle } from './LayoutToggle';
import { loadQuery, saveFilter, saveQuery } from './list-filter-store';
import { activeFilterCount, loadSearchOptions, saveSearchOptions, sortsBeyondList, type SearchOptions } from './search-options';
import { SearchControls } from './SearchControls';
import { SearchBox } from './SearchBox';
import { SavedViews } from './SavedViews';
import { SyncBadge } from './SyncBadge';
import { UndoBar } from './UndoBar';
import { initialFilter } from './use-clip-list';
import { routeHash, useHashRoute, type Route } from './use-hash-route';
import './sidepanel.css';

// The list renders from the index alone; the protocol client (zod) and the reader (DOMPurify)
// load after first paint, so the first screen of a large library appears fast.
const Reader = lazy(() => import('./Reader').then((m) => m.Reader));
const AllHighlights = lazy(() => import('./AllHighlights').then((m) => m.AllHighlights));
const TagManager = lazy(() => import('./TagManager').then((m) => m.TagManager));
/** The search view's `searchAheadFor`, once its module is loaded. */
let searchAheadFor: typeof import('./SearchResults').searchAheadFor | null = null;
/** The newest search typed before that module arrived: its request leaves the moment it does, before the view is drawn. */
let typedEarly: Parameters<typeof import('./SearchResults').searchAheadFor> | null = null;
let searchModule: Promise<typeof import('./SearchResults')> | null = null;
/**
 * The search view's module, loaded once: as soon as the first screen is up (with the protocol
 * client, which the list's counts load then), so the panel's first search leaves at its
 * keystroke; a search typed sooner is sent as the module arrives, not after the view's first render.
 */
const loadSearch = () =>
  (searchModule ??= import('./SearchResults').then(
    (m) => {
      searchAheadFor = m.searchAheadFor;
      if (typedEarly) m.searchAheadFor(...typedEarly);
      typedEarly = null;
      return m;
    },
    (e: unknown) => ((searchModule = null), Promise.reject(e)),
  ));
const SearchView = lazy(() => loadSearch().then((m) => m.SearchView));
// Opened without a view (as the browser opens the panel), or asked for it (`#resume=…`, open-reader.ts): back to the one it was left on.
if (typeof location !== 'undefined') {
  const start = openingHash(location.hash);
  if (start !== location.hash.replace(/^#/, '')) history.replaceState(null, '', start ? `#${start}` : location.pathname + location.search);
}

const background: typeof import('../messaging').background = (method, params) =>
  import('../messaging').then((m) => m.background(method, params));

/**
 * The side panel (Chromium) / sidebar (Firefox): the sync state, the search box and the reading
 * list (filtered by state and tag; a search stays inside the filter; both are kept for next
 * time), every highlight in the library or every tag (three tabs), and the reader.
 */
export function SidePanel() {
  const [route, go] = useHashRoute();
  const clipId = route.view === 'clip' ? route.clipId : null;
  // The list the reader goes back to: the one it was opened from.
  const [from, setFrom] = useState<Route>(route.view === 'clip' ? { view: 'clips' } : route);
  const [filter, setFilter] = useState<ListFilter>(initialFilter);
  const changeFilter = (next: ListFilter) => (setFilter(next), saveFilter(next));
  const [query, setQuery] = useState(loadQuery);
  const changeQuery = (next: string) => (setQuery(next), saveQuery(next));
  // Typed: the search's request leaves now, and the panel draws the results while the background searches.
  const typeQuery = (next: string) => {
    if (searchAheadFor) searchAheadFor(next, filter, searchOptions);
    else ((typedEarly = [next, filter, searchOptions]), void loadSearch().catch(() => undefined));
    changeQuery(next);
  };
  // The search controls' order, site and dates: kept like the filter; a site or date set shows results with nothing typed.
  const [searchOptions, setSearchOptions] = useState<SearchOptions>(loadSearchOptions);
  const changeSearchOptions = (next: SearchOptions) => (setSearchOptions(next), saveSearchOptions(next));
  // Rows or cards, for the list and for results with nothing typed: kept for the next open, on this device.
  const [layout, setLayout] = useState<ListLayout>(loadListLayout);
  const changeLayout = (next: ListLayout) => (setLayout(next), saveListLayout(next));
  // A saved view: its words, filter bar and search controls, all at once.
  const applyView = ({ query: q, state, tag, ...options }: ViewSpec) => (changeQuery(q), changeFilter({ state, tag }), changeSearchOptions(options));
  useEffect(() => {
    if (route.view !== 'clip') setFrom(route);
    // Remembered for the next open (a reader is reopened at the clip, not at a highlight).
    saveLastRoute(routeHash(route.view === 'clip' ? { ...route, highlightId: null } : route));
  }, [route.view, clipId]);
  const open = (id: string | null) => go(id ? { view: 'clip', clipId: id, highlightId: null } : from);
  // Raised to bring the search box up from another view (`/`, or the Search button of the tabs).
  const [searchFocus, setSearchFocus] = useState(0);
  const toSearch = () => (go({ view: 'clips' }), setSearchFocus((n) => n + 1));
  // What the undo bar brings back (`Undoable`), for 10 s.
  const [undoable, setUndoable] = useState<Undoable | null>(null);
  const [error, setError] = useState<string | null>(null);
  const undoTimer = useRef<ReturnType<typeof setTimeout>>();

  // Loads the search view once the first screen is painted (an effect: after paint), and wakes the
  // background a moment later, which reconciles the index with the documents if needed.
  useEffect(() => {
    void loadSearch().catch(() => undefined);
    setTimeout(() => void background('ping', {}), 300);
  }, []);

  const remove = async (id: string) => {
    const res = await background('deleteClip', { clipId: id });
    if (!res.ok) return setError(res.error.message);
    offerUndo({ ids: [id], title: res.value.clip.title });
    if (clipId === id) open(null);
  };
  const offerUndo = (what: Undoable) => {
    setError(null);
    setUndoable(what);
    clearTimeout(undoTimer.current);
    undoTimer.current = setTimeout(() => setUndoable(null), 10_000);
  };
  // The list's marked rows, deleted in one batch (undone in one); whether it was done.
  const removeMany = async (ids: string[]) => {
    const res = await background('organiseMany', { clipIds: ids, change: { deleted: true } });
    if (!res.ok) return (setError(res.error.message), false);
    offerUndo({ ids, title: null });
    return true;
  };

  // A row's quick Archive / Unarchive: the bulk bar's call, for one clip, undone like a delete (the clip leaves the list shown).
  const archive = async (id: string, archived: boolean, title: string) => {
    const res = await background('organiseMany', { clipIds: [id], change: { archived } });
    if (!res.ok) return setError(res.error.message);
    if (res.value.skipped > 0) return setError('This clip could not be changed: it was deleted elsewhere or written by a newer version of Commonplace.');
    offerUndo({ ids: [id], title, archived });
  };

  const undo = async () => {
    if (!undoable) return;
    const { ids, title, archived } = undoable;
    const res =
      archived !== undefined
        ? await background('organiseMany', { clipIds: ids, change: { archived: !archived } })
        : title !== null
          ? await background('restoreClip', { clipId: ids[0]! })
          : await background('organiseMany', { clipIds: ids, change: { deleted: false } });
    if (!res.ok) return setError(res.error.message);
    setUndoable(null);
  };

  // Attached as the panel is drawn (a layout effect), not after paint: a key pressed as the panel appears is not lost.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Handled already (the reader undoes its own deletion first); Ctrl+Z in a text field is the field's own undo.
      if (e.defaultPrevented) return;
      const typing = isTyping(e) || (e.target as HTMLElement | null)?.isContentEditable === true;
      if (((e.key === 'z' && (e.ctrlKey || e.metaKey)) || e.key === 'u') && !typing) {
        if (undoable) {
          e.preventDefault();
          void undo();
        }
      } else if (e.key === '/' && route.view !== 'clips' && !isTyping(e) && !(e.target as HTMLElement | null)?.isContentEditable) {
        // The search box is always at hand: from the reader, the highlights or the tags too.
        e.preventDefault();
        toSearch();
      } else if (LIST_KEYS.has(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey && (document.activeElement === document.body || document.activeElement === null)) {
        // Nothing focused (a panel just opened, a click on empty space): the list's keys go to its selected row.
        const row = document.querySelector<HTMLElement>('.virtual-list li[tabindex="0"]');
        if (!row) return;
        e.preventDefault();
        row.focus({ preventScroll: true });
        row.dispatchEvent(new KeyboardEvent('keydown', { key: e.key, shiftKey: e.shiftKey, bubbles: true, cancelable: true }));
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  return (
    <div class="panel">
      <SyncBadge />
      {error && (
        <p class="error banner" role="alert" data-testid="panel-error">
          {error}
        </p>
      )}
      {route.view !== 'clip' && (
        <nav class="panel-tabs" aria-label="Views">
          <a href="#" aria-current={route.view === 'clips' ? 'page' : undefined} data-testid="tab-clips">
            Clips
          </a>
          <a href="#highlights" aria-current={route.view === 'highlights' ? 'page' : undefined} data-testid="tab-highlights">
            Highlights
          </a>
          <a href="#tags" aria-current={route.view === 'tags' ? 'page' : undefined} data-testid="tab-tags">
            Tags
          </a>
          {route.view !== 'clips' && (
            <button type="button" class="tab-search" data-testid="tab-search" title="Search your library (/)" onClick={toSearch}>
              Search
            </button>
          )}
        </nav>
      )}
      {route.view === 'clip' ? (
        <Suspense fallback={<p class="muted">Opening…</p>}>
          <Reader
            clipId={route.clipId}
            focusHighlight={route.highlightId}
            backLabel={from.view === 'highlights' ? '← All highlights' : from.view === 'tags' ? '← Tags' : '← All clips'}
            onBack={() => open(null)}
            onDelete={remove}
          />
        </Suspense>
      ) : route.view === 'highlights' ? (
        <Suspense fallback={<p class="muted banner">Loading…</p>}>
          <AllHighlights onOpen={(id, highlightId) => go({ view: 'clip', clipId: id, highlightId })} />
        </Suspense>
      ) : route.view === 'tags' ? (
        <Suspense fallback={<p class="muted banner">Loading…</p>}>
          <TagManager
            onShow={(tag) => (changeFilter({ state: 'all', tag }), go({ view: 'clips' }))}
            onChanged={(from, to) => filter.tag !== null && storedTagKey(filter.tag) === storedTagKey(from) && changeFilter({ ...filter, tag: to })}
            search={query}
            onSearch={changeQuery}
          />
        </Suspense>
      ) : (
        <div class="clips-view">
          <SearchBox value={query} onChange={typeQuery} focusSignal={searchFocus} />
          <SavedViews current={{ query, state: filter.state, tag: filter.tag, ...searchOptions }} onApply={applyView} />
          {query.trim() || activeFilterCount(searchOptions) > 0 || sortsBeyondList(searchOptions) ? (
            <Suspense fallback={<p class="muted banner">Searching…</p>}>
              <SearchView query={query} filter={filter} onFilter={changeFilter} options={searchOptions} onOptions={changeSearchOptions} layout={layout} onLayout={changeLayout} onOpen={open} onDeleteMany={removeMany} />
            </Suspense>
          ) : (
            <ClipList
              filter={filter}
              onFilter={changeFilter}
              onOpen={open}
              onDelete={remove}
              onDeleteMany={removeMany}
              onArchive={archive}
              layout={layout}
              controls={
                <>
                  <SearchControls options={searchOptions} onChange={changeSearchOptions} typed={false} filters={false} />
                  <LayoutToggle layout={layout} onChange={changeLayout} />
                </>
              }
            />
          )}
        </div>
      )}
      {undoable && <UndoBar title={undoable.title ?? undefined} message={undoMessage(undoable)} onUndo={undo} />}
    </div>
  );
}

/**
 * The keys a list answers (VirtualList.tsx: ↓/j ↑/k, ←/→ in a grid, Home/End, PageDown/PageUp, Enter,
 * x or Space and Shift+J/K to mark, Delete or d), also when nothing has focus.
 */
const LIST_KEYS = new Set(['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'j', 'k', 'J', 'K', 'Home', 'End', 'PageDown', 'PageUp', 'Enter', 'x', ' ', 'Delete', 'd']);

/** Whether a key goes into a field: a text box, or a menu (`<select>`: a letter typed there picks the option it starts). */
const isTyping = (e: KeyboardEvent) => e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;

/** What the undo bar brings back: clips deleted (one, its title named, or a selection), or one clip archived or unarchived from its row (`archived`: what it was set to). */
interface Undoable {
  readonly ids: string[];
  readonly title: string | null;
  readonly archived?: boolean;
}

/** The undo bar's sentence: "Archived “…”." for a row's quick archive, "Deleted N clips." for a selection; undefined for one clip deleted (the bar's own "Deleted “…”."). */
function undoMessage({ ids, title, archived }: Undoable): string | undefined {
  if (archived !== undefined) return `${archived ? 'Archived' : 'Unarchived'} “${title ?? ''}”.`;
  return title === null ? `Deleted ${ids.length === 1 ? '1 clip' : `${ids.length.toLocaleString()} clips`}.` : undefined;
}
