import type { SearchPage } from '../../src/schema/search-result';
import { siteLabel } from '../../src/url/normalize';
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

/** Tags a result shows, at most. */
const SHOWN_TAGS = 3;
type MetaMarks = NonNullable<SearchHitData['metaMarks']>;

/** The tags a result shows: those holding the query's words first (marked), then the others, {@link SHOWN_TAGS} in all. */
function shownTags(tags: readonly string[], marked: MetaMarks['tags']): { text: string; marks: MetaMarks['site'] }[] {
  const out = marked.filter((t) => t.tag < tags.length).map((t) => ({ text: tags[t.tag]!, marks: t.marks }));
  const taken = new Set(marked.map((t) => t.tag));
  for (const [i, text] of tags.entries()) if (!taken.has(i)) out.push({ text, marks: [] });
  return out.slice(0, SHOWN_TAGS);
}

/**
 * What a result shows: the clip's title, its site, date, reading time, its author when the query
 * names them, and its first tags (the ones the query names first), with the query's words marked in
 * all of them (a result found by its site, author or a tag says so); then the passage with its
 * matches marked (its excerpt when nothing was typed to mark).
 */
export function SearchHitBody({ hit: { clip, snippet, titleMarks, metaMarks }, thumb }: { hit: SearchHitData; thumb?: string }) {
  const length = rowReadingTime(clip);
  const tags = shownTags(clip.tags, metaMarks?.tags ?? []);
  return (
    <>
      {thumb && <img class="clip-thumb" data-testid="clip-thumb" src={thumb} alt="" width={56} height={56} decoding="async" />}
      <div class="clip-title search-title">
        <MarkedText text={clip.title} marks={titleMarks ?? []} />
      </div>
      <div class="clip-meta muted search-meta">
        <MarkedText text={siteLabel(clip)} marks={metaMarks?.site ?? []} /> · {dateFormat.format(clip.savedAt)}
        {length !== null && <span class="clip-length"> · {length}</span>}
        {clip.byline && metaMarks?.byline.length ? (
          <span class="search-byline">
            {' · by '}
            <MarkedText text={clip.byline} marks={metaMarks.byline} />
          </span>
        ) : null}
        {tags.map((t, i) => (
          <span key={i} class="search-tag" data-testid="search-tag">
            {i === 0 ? ' · ' : ', '}
            <MarkedText text={t.text} marks={t.marks} />
          </span>
        ))}
      </div>
      {/* A search of filters only has no passage to mark: the clip's own excerpt, as the list shows it. */}
      {snippet ? <SnippetText snippet={snippet} /> : clip.excerpt && <div class="clip-excerpt">{clip.excerpt}</div>}
    </>
  );
}
