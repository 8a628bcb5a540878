import type { SearchPage } from '../../src/schema/search-result';
import { hostOf } from '../../src/url/normalize';
import { rowReadingTime } from './reading-time';

/** A result as `search` and `searchDeep` answer it: the clip's row and its passage. */
export type SearchHitData = SearchPage['hits'][number];
type Snippet = NonNullable<SearchHitData['snippet']>;

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** A snippet with its matches marked: text nodes and <mark> elements, never HTML from the clip. */
export function SnippetText({ snippet }: { snippet: Snippet }) {
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

/** What a result shows: the clip's title, its site, date, reading time and first tags, and the passage with its matches marked (its excerpt when nothing was typed to mark). */
export function SearchHitBody({ hit: { clip, snippet }, thumb }: { hit: SearchHitData; thumb?: string }) {
  const length = rowReadingTime(clip);
  return (
    <>
      {thumb && <img class="clip-thumb" data-testid="clip-thumb" src={thumb} alt="" width={56} height={56} decoding="async" />}
      <div class="clip-title">{clip.title}</div>
      <div class="clip-meta muted">
        {clip.siteName || hostOf(clip.url)} · {dateFormat.format(clip.savedAt)}
        {length !== null && <span class="clip-length"> · {length}</span>}
        {clip.tags.length > 0 && ` · ${clip.tags.slice(0, 3).join(', ')}`}
      </div>
      {/* A search of filters only has no passage to mark: the clip's own excerpt, as the list shows it. */}
      {snippet ? <SnippetText snippet={snippet} /> : clip.excerpt && <div class="clip-excerpt">{clip.excerpt}</div>}
    </>
  );
}
