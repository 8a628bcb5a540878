import { useState } from 'preact/hooks';
import { storedTagKey, tagKey } from '../../src/library/tags';
import { retagQuery } from '../../src/search/retag-query';
import { TagRow } from './TagRow';
import { useFacets } from './use-facets';
import './organise.css';

/**
 * The side panel's Tags view: every tag in the library with how many clips have it, most used
 * first, each with Rename (merging into a tag that exists, which the confirmation says) and
 * Delete (the confirmation names how many clips lose it). A tag's name shows its clips in the
 * list. `onChanged` tells the panel a tag was renamed (`to`) or deleted (null), so a list
 * filtered by it follows; a rename also rewrites the `tag:` terms of that tag in the search box's
 * text (`search`, `retagQuery`, as saved views' queries are) and hands it to `onSearch` when it
 * changed: left as typed, the search asked for a tag no clip has any more and showed nothing.
 */
export function TagManager({ onShow, onChanged, search, onSearch }: {
  onShow: (tag: string) => void;
  onChanged: (from: string, to: string | null) => void;
  search: string;
  onSearch: (query: string) => void;
}) {
  const { facets, error, refresh } = useFacets();
  const [done, setDone] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  if (error) return <p class="error banner" role="alert">{error}</p>;
  if (!facets) return <p class="muted banner">Loading…</p>;
  if (facets.tags.length === 0)
    return (
      <div class="empty" data-testid="tags-empty">
        <h2>No tags yet</h2>
        <p class="muted">Add tags to a clip in the reader or the popup. They are listed here, with how many clips have each, to rename, merge or delete.</p>
      </div>
    );
  const typed = tagKey(query.trim());
  const shown = typed ? facets.tags.filter((t) => tagKey(t.tag).includes(typed)) : facets.tags;
  const changed = (from: string, to: string | null, message: string) => {
    setDone(message);
    onChanged(from, to);
    const retagged = to === null ? search : retagQuery(search, storedTagKey(from), to);
    if (retagged !== search) onSearch(retagged);
    refresh();
  };
  return (
    <section class="tag-manager" data-testid="tag-manager" aria-label="Tags">
      <div class="tag-manager-head">
        <input class="tag-input" type="search" data-testid="tag-search" aria-label="Find a tag" placeholder={`Find among ${facets.tags.length.toLocaleString()} tags`} value={query} onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)} />
      </div>
      <p class="ok tag-manager-status" role="status" data-testid="tag-manager-status">
        {done ?? ''}
      </p>
      <ul class="tag-rows">
        {shown.map((t) => (
          <TagRow key={t.tag} tag={t.tag} count={t.count} all={facets.tags} onShow={onShow} onChanged={changed} />
        ))}
      </ul>
      {shown.length === 0 && <p class="muted banner">No tag matches “{query}”.</p>}
    </section>
  );
}
