import { useState } from 'preact/hooks';
import type { SearchSort } from '../../src/schema/search-result';
import { activeFilterCount, DEFAULT_SEARCH_OPTIONS, LIST_SORT_LABELS, MAX_SITE_CHARS, SORT_LABELS, type SearchOptions } from './search-options';

/**
 * The search's own controls, under the filter bar: the order (a select: Relevance, Newest,
 * Oldest, Title A–Z, Shortest and Longest first) and a "Filters" disclosure holding a site and a saved-date range (from / to,
 * both days included) with "Clear". Every control is labelled and reachable with Tab; the
 * disclosure is a button with `aria-expanded` and says how many filters are set. What they choose
 * goes to the search as data (extension/ui/search-options.ts), with the typed words and the bar.
 * Over the reading list (`typed` false: nothing typed) the orders are Newest (the list's own),
 * Oldest, Title A–Z and by length; choosing one but Newest lists the filter's clips through the search.
 * There (`filters` false) only the order is offered: a site typed would move the panel to the
 * search view at its first letter, and the field with it.
 */
export function SearchControls({ options, onChange, typed = true, filters = true }: { options: SearchOptions; onChange: (next: SearchOptions) => void; typed?: boolean; filters?: boolean }) {
  const active = activeFilterCount(options);
  const labels = typed ? SORT_LABELS : LIST_SORT_LABELS;
  const sort = !typed && options.sort === 'saved' ? 'relevance' : options.sort;
  const [open, setOpen] = useState(active > 0);
  const set = (patch: Partial<SearchOptions>) => onChange({ ...options, ...patch });
  return (
    <div class="search-controls" data-testid="search-controls">
      <div class="search-controls-row">
        <label class="search-control">
          <span>Sort</span>
          <select
            data-testid="search-sort"
            value={sort}
            onChange={(e) => set({ sort: (e.currentTarget as HTMLSelectElement).value as SearchSort })}
          >
            {labels.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {filters && (
          <button
            type="button"
            class="search-filters-toggle"
            data-testid="search-filters-toggle"
            aria-expanded={open}
            aria-controls="search-filters"
            onClick={() => setOpen(!open)}
          >
            Filters{active > 0 ? ` (${active})` : ''} <span aria-hidden="true">{open ? '▴' : '▾'}</span>
          </button>
        )}
      </div>
      {filters && open && (
        <div id="search-filters" class="search-controls-row search-filters" role="group" aria-label="Search filters">
          <label class="search-control search-site">
            <span>Site</span>
            <input
              type="text"
              inputMode="url"
              placeholder="example.com"
              spellcheck={false}
              autocomplete="off"
              maxLength={MAX_SITE_CHARS}
              data-testid="search-site"
              value={options.site}
              onInput={(e) => set({ site: e.currentTarget.value })}
            />
          </label>
          <label class="search-control">
            <span>Saved from</span>
            <input type="date" data-testid="search-from" value={options.from} max={options.to || undefined} onInput={(e) => set({ from: e.currentTarget.value })} />
          </label>
          <label class="search-control">
            <span>to</span>
            <input type="date" data-testid="search-to" value={options.to} min={options.from || undefined} onInput={(e) => set({ to: e.currentTarget.value })} />
          </label>
          {active > 0 && (
            <button type="button" class="search-filters-clear" data-testid="search-filters-clear" onClick={() => onChange({ ...DEFAULT_SEARCH_OPTIONS, sort: options.sort })}>
              Clear
            </button>
          )}
        </div>
      )}
    </div>
  );
}
