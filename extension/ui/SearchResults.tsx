import { useLayoutEffect, useState } from 'preact/hooks';
import type { SearchPage } from '../../src/schema/search-result';
import { hostOf } from '../../src/url/normalize';
import type { ListFilter } from '../../src/index-db/list-query';
import { ListFilters } from './ListFilters';
import { useFacets } from './use-facets';
import { SEARCH_PAGE, useSearch } from './use-search';

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

type Snippet = NonNullable<SearchPage['hits'][number]['snippet']>;

/** A snippet with its matches marked: text nodes and <mark> elements, never HTML from the clip. */
function SnippetText({ snippet }: { snippet: Snippet }) {
  const parts: Array<string | { mark: string }> = [];
  let at = 0;
  for (const m of snippet.marks) {
    if (m.start < at || m.end > snippet.text.length || m.end <= m.start) continue;
    parts.push(snippet.text.slice(at, m.start), { mark: snippet.text.slice(m.start, m.end) });
    at = m.end;
  }
  parts.push(snippet.text.slice(at));
  return (
    <p class="clip-excerpt search-snippet" data-testid="search-snippet">
      {snippet.cutStart && '… '}
      {parts.map((p, i) => (typeof p === 'string' ? p : <mark key={i}>{p.mark}</mark>))}
      {snippet.cutEnd && ' …'}
    </p>
  );
}

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
 * Search results for `query` (what is typed, filters included), best first: each clip with its
 * matching passage marked. Keyboard as in the list: ↓/↑ move, Enter opens. "More results" asks
 * for 50 more.
 */
export function SearchResults({ query, onOpen }: { query: string; onOpen: (id: string) => void }) {
  const [limit, setLimit] = useState(SEARCH_PAGE);
  const { page, error, loading } = useSearch(query, limit);

  // When results are in the DOM (the search benchmark reads it: keystroke to rendered results).
  useLayoutEffect(() => {
    if (page) (window as unknown as { __cpSearchRenderedAt?: { query: string; at: number } }).__cpSearchRenderedAt = { query, at: performance.now() };
  }, [page]);

  if (error) return <p class="error banner" role="alert">Search failed: {error}</p>;
  if (!page) return <p class="muted banner">{loading ? 'Searching…' : ''}</p>;
  const move = (e: KeyboardEvent) => {
    const el = e.currentTarget as HTMLElement;
    if (e.key === 'ArrowDown' || e.key === 'j') (el.nextElementSibling as HTMLElement | null)?.focus();
    else if (e.key === 'ArrowUp' || e.key === 'k') (el.previousElementSibling as HTMLElement | null)?.focus() ?? document.querySelector<HTMLInputElement>('[data-testid=search-input]')?.focus();
    else return;
    e.preventDefault();
  };
  return (
    <div class="search-results" data-testid="search-results" data-query={query}>
      <Status page={page} />
      {page.hits.length === 0 && page.status === 'ready' && (
        <p class="empty muted" data-testid="search-empty">
          Nothing matches “{query.trim()}”. Check the spelling, use fewer words, or remove a filter (tag:, state:, site:).
        </p>
      )}
      <ul class="clip-list search-list" aria-label="Search results">
        {page.hits.map(({ clip, snippet }) => (
          <li
            key={clip.id}
            tabIndex={0}
            data-testid="search-hit"
            data-clip-id={clip.id}
            onClick={() => onOpen(clip.id)}
            onKeyDown={(e) => (e.key === 'Enter' ? onOpen(clip.id) : move(e))}
          >
            <div class="clip-title">{clip.title}</div>
            <div class="clip-meta muted">
              {clip.siteName || hostOf(clip.url)} · {dateFormat.format(clip.savedAt)}
              {clip.tags.length > 0 && ` · ${clip.tags.slice(0, 3).join(', ')}`}
            </div>
            {snippet && <SnippetText snippet={snippet} />}
          </li>
        ))}
      </ul>
      {page.hits.length < page.total && (
        <button class="search-more" onClick={() => setLimit(limit + SEARCH_PAGE)} data-testid="search-more">
          More results
        </button>
      )}
    </div>
  );
}

/** The search view: the filter bar (the same as the list's, with counts) and the results inside it. */
export function SearchView({ query, filter, onFilter, onOpen }: { query: string; filter: ListFilter; onFilter: (f: ListFilter) => void; onOpen: (id: string) => void }) {
  const { facets } = useFacets();
  return (
    <div class="list-view search-view">
      <ListFilters filter={filter} facets={facets} onChange={onFilter} />
      <div class="search-scroll">
        <SearchResults query={query} onOpen={onOpen} />
      </div>
    </div>
  );
}
