import type { SearchPage } from '../../src/schema/search-result';
import { hostOf } from '../../src/url/normalize';
import { rowReadingTime } from './reading-time';

/** A result as `search` and `searchDeep` answer it: the clip's row and its passage. */
export type SearchHitData = SearchPage['hits'][number];
type Snippet = NonNullable<SearchHitData['snippet']>;

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** `text` with the `[start, end)` runs of `marks` in <mark> elements: text nodes only, never HTML from the clip (out-of-order or out-of-range marks are skipped). */
function MarkedText({ text, marks }: { text: string; marks: readonly { start: number; end: number }[] }) {
  const parts: Array<string | { mark: string }> = [];
  let at = 0;
  for (const m of marks) {
    if (m.start < at || m.end > text.length || m.end <= m.start) continue;
    parts.push(text.slice(at, m.start), { mark: text.slice(m.start, m.end) });
    at = m.end;
  }
  parts.push(text.slice(at));
  return <>{parts.map((p, i) => (typeof p === 'string' ? p : <mark key={i}>{p.mark}</mark>))}</>;
}

/** A snippet with its matches marked. */
export function SnippetText({ snippet }: { snippet: Snippet }) {
  return (
    <p class="clip-excerpt search-snippet" data-testid="search-snippet">
      {snippet.cutStart && '… '}
      <MarkedText text={snippet.text} marks={snippet.marks} />
      {snippet.cutEnd && ' …'}
    </p>
  );
}

/** What a result shows: the clip's title (the query's words marked), its site, date, reading time and first tags, and the passage with its matches marked (its excerpt when nothing was typed to mark). */
export function SearchHitBody({ hit: { clip, snippet, titleMarks }, thumb }: { hit: SearchHitData; thumb?: string }) {
  const length = rowReadingTime(clip);
  return (
    <>
      {thumb && <img class="clip-thumb" data-testid="clip-thumb" src={thumb} alt="" width={56} height={56} decoding="async" />}
      <div class="clip-title search-title">
        <MarkedText text={clip.title} marks={titleMarks ?? []} />
      </div>
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
