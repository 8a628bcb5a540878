import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_FILTER, type ListFilter } from '../../src/index-db/list-query';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { hostOf } from '../../src/url/normalize';
import { EmptyList } from './EmptyList';
import { sameFilter } from './list-filter-store';
import { ListFilters } from './ListFilters';
import { FIRST_PAGE, useClipList } from './use-clip-list';
import { useFacets } from './use-facets';

const PAGE = FIRST_PAGE;
// One formatter for every row: toLocaleDateString builds a new one per call, which is most of a 50-row first render.
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const formatDate = (ms: number) => dateFormat.format(ms);

/** Tags shown on a row; the rest are counted ("+2"). */
const ROW_TAGS = 3;

/**
 * The reading list in `filter` (a state and a tag, chosen in the filter bar above it, with the
 * library's counts), newest first. Rows show their tags, a star for a favourite and a mark for a
 * note. Keyboard: ↓/j and ↑/k move, Enter opens, Delete or d deletes (with undo). Loads 50 more
 * rows when scrolled near the end.
 */
export function ClipList({ filter, onFilter, onOpen, onDelete }: { filter: ListFilter; onFilter: (filter: ListFilter) => void; onOpen: (id: string) => void; onDelete: (id: string) => void }) {
  // How far the list was scrolled, per filter: a new filter starts again at one page.
  const filterKey = `${filter.state}\n${filter.tag ?? ''}`;
  const [paged, setPaged] = useState({ key: filterKey, limit: PAGE });
  const limit = paged.key === filterKey ? paged.limit : PAGE;
  const setLimit = (n: number) => setPaged({ key: filterKey, limit: n });
  const { rows, shown, error } = useClipList(limit, filter);
  const { facets } = useFacets();
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);

  // Recorded when the first rows are in the DOM (benchmarks read it; layout effect = before paint, not a frame later).
  useLayoutEffect(() => {
    if (rows && !(window as unknown as { __cpListRenderedAt?: number }).__cpListRenderedAt) {
      (window as unknown as { __cpListRenderedAt?: number }).__cpListRenderedAt = performance.now();
    }
  }, [rows]);

  // After a delete removes the focused row, keep focus in the list at the same position.
  useEffect(() => {
    const items = listRef.current?.querySelectorAll<HTMLElement>('[data-testid="clip-item"]');
    if (!items?.length || !listRef.current || listRef.current.contains(document.activeElement)) return;
    if (document.activeElement === document.body) items[Math.min(active, items.length - 1)]?.focus();
  }, [rows]);

  const bar = <ListFilters filter={filter} facets={facets} onChange={onFilter} />;
  if (error) return <p class="error" role="alert">The reading list could not be read: {error}</p>;
  if (!rows) return <div class="list-view">{bar}<p class="muted banner">Loading…</p></div>;
  if (rows.length === 0)
    return (
      <div class="list-view">
        {bar}
        <EmptyList filter={shown} facets={facets} onReset={() => onFilter(DEFAULT_FILTER)} />
      </div>
    );

  const onKey = (e: KeyboardEvent, row: ClipSummary, i: number) => {
    // Focus moves synchronously, so a key pressed right after lands on the new row.
    const li = e.currentTarget as HTMLElement;
    if (e.key === 'ArrowDown' || e.key === 'j') (li.nextElementSibling as HTMLElement | null)?.focus();
    else if (e.key === 'ArrowUp' || e.key === 'k') (li.previousElementSibling as HTMLElement | null)?.focus();
    else if (e.key === 'Enter') onOpen(row.id);
    else if (e.key === 'Delete' || e.key === 'd') onDelete(row.id);
    else return;
    e.preventDefault();
  };

  const onScroll = (e: Event) => {
    const el = e.currentTarget as HTMLElement;
    if (el.scrollTop + el.clientHeight > el.scrollHeight - 400 && rows.length >= limit) setLimit(limit + PAGE);
  };

  return (
    <div class="list-view">
      {bar}
      <ul class="clip-list" data-testid="clip-list" data-filter-state={shown.state} data-filter-tag={shown.tag ?? ''} aria-busy={!sameFilter(shown, filter)} ref={listRef} onScroll={onScroll} aria-label="Saved clips">
        {rows.map((row, i) => (
          <li
            key={row.id}
            data-testid="clip-item"
            data-clip-id={row.id}
            data-archived={String(row.archivedAt !== null)}
            data-favorite={String(row.favoriteAt !== null)}
            tabIndex={i === active ? 0 : -1}
            onKeyDown={(e) => onKey(e, row, i)}
            onFocus={() => setActive(i)}
            onClick={() => onOpen(row.id)}
          >
            <div class="clip-title">{row.title}</div>
            <div class="clip-meta muted">
              <span class="clip-site">{row.siteName ?? hostOf(row.url)}</span> · <time class="clip-date">{formatDate(row.savedAt)}</time>
              {row.kind !== 'page' && <span class="clip-kind"> · {row.kind}</span>}
              {row.archivedAt !== null && filter.state !== 'archived' && <span class="clip-archived"> · Archived</span>}
              {row.favoriteAt !== null && (
                <span class="clip-star" data-testid="clip-favorite" title="Favourite" aria-label="Favourite">
                  {' '}★
                </span>
              )}
              {row.hasNote && (
                <span class="clip-has-note" data-testid="clip-note" title="Has a note" aria-label="Has a note">
                  {' '}✎
                </span>
              )}
            </div>
            {row.excerpt && <div class="clip-excerpt">{row.excerpt}</div>}
            {row.tags.length > 0 && (
              <div class="clip-tags" aria-label="Tags">
                {row.tags.slice(0, ROW_TAGS).map((t) => (
                  <span class="clip-tag" data-testid="clip-tag" key={t}>
                    {t}
                  </span>
                ))}
                {row.tags.length > ROW_TAGS && <span class="clip-tag-more muted">+{row.tags.length - ROW_TAGS}</span>}
              </div>
            )}
            <button
              class="clip-delete"
              data-testid="delete"
              aria-label={`Delete ${row.title}`}
              tabIndex={-1}
              onClick={(e) => {
                e.stopPropagation();
                onDelete(row.id);
              }}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
