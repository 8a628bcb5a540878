import type { ComponentChildren } from 'preact';
import type { SearchPage } from '../../src/schema/search-result';
import { metaMarks, type MetaMarks } from '../../src/search/hit-marks';
import type { SnippetQuery } from '../../src/search/snippet';
import { siteLabel } from '../../src/url/normalize';
import { shortDate } from './dates';
import { rowReadingTime } from './reading-time';

/** A result as `search` and `searchDeep` answer it: the clip's row and its passage. */
export type SearchHitData = SearchPage['hits'][number];
type Snippet = NonNullable<SearchHitData['snippet']>;

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

/** The tags a result shows: those holding the query's words first (marked), then the others, {@link SHOWN_TAGS} in all. */
function shownTags(tags: readonly string[], marked: MetaMarks['tags']): { text: string; marks: MetaMarks['site'] }[] {
  const out = marked.map((t) => ({ text: tags[t.tag]!, marks: t.marks }));
  const taken = new Set(marked.map((t) => t.tag));
  for (let i = 0; i < tags.length && out.length < SHOWN_TAGS; i++) if (!taken.has(i)) out.push({ text: tags[i]!, marks: [] });
  return out.slice(0, SHOWN_TAGS);
}

/** The meta line with the query's words marked in the site, the byline (shown only when it holds one) and the tags (those first). */
function MarkedMeta({ site, byline, tags, marks, rest }: { site: string; byline: string | null; tags: readonly string[]; marks: MetaMarks; rest: ComponentChildren }) {
  return (
    <>
      <MarkedText text={site} marks={marks.site} />
      {rest}
      {byline && marks.byline.length > 0 && (
        <span class="search-byline">
          {' · by '}
          <MarkedText text={byline} marks={marks.byline} />
        </span>
      )}
      {shownTags(tags, marks.tags).map((t, i) => (
        <span key={i} class="search-tag" data-testid="search-tag">
          {i === 0 ? ' · ' : ', '}
          <MarkedText text={t.text} marks={t.marks} />
        </span>
      ))}
    </>
  );
}

/**
 * What a result shows: the clip's title (the query's words marked: `titleMarks`, from the
 * background), its site, date, reading time and first tags, and the passage with its matches
 * marked (its excerpt when nothing was typed to mark). With `query` (what was typed for the page
 * shown, parsed), a result whose title and passage hold none of the query's words has them marked
 * in its site, byline and tags instead (the tags holding them shown first): a result found by its
 * site, author or a tag says why it is there. Every other result draws the plain line.
 */
export function SearchHitBody({ hit: { clip, snippet, titleMarks }, thumb, query = null }: { hit: SearchHitData; thumb?: string; query?: SnippetQuery | null }) {
  const length = rowReadingTime(clip);
  const site = siteLabel(clip);
  // Only where nothing else says why the result is there: bench:library searched slower with every
  // result's meta line worked out and marked (p50 19.1 against 12.6 ms, the same hour).
  const explained = (titleMarks?.length ?? 0) > 0 || (snippet?.marks.length ?? 0) > 0;
  const marks = query && !explained ? metaMarks({ site, byline: clip.byline, tags: clip.tags }, query) : null;
  const rest = (
    <>
      {' · '}
      {shortDate(clip.savedAt)}
      {length !== null && <span class="clip-length"> · {length}</span>}
    </>
  );
  return (
    <>
      {thumb && <img class="clip-thumb" data-testid="clip-thumb" src={thumb} alt="" width={56} height={56} decoding="async" />}
      <div class="clip-title search-title">
        <MarkedText text={clip.title} marks={titleMarks ?? []} />
      </div>
      {marks ? (
        <div class="clip-meta muted search-meta">
          <MarkedMeta site={site} byline={clip.byline} tags={clip.tags} marks={marks} rest={rest} />
        </div>
      ) : (
        <div class="clip-meta muted">
          {site}
          {rest}
          {clip.tags.length > 0 && ` · ${clip.tags.slice(0, SHOWN_TAGS).join(', ')}`}
        </div>
      )}
      {/* A search of filters only has no passage to mark, and a row below the fold gets its passage a moment after the first answer (`useSearch`): meanwhile the clip's own excerpt, as the list shows it. */}
      {snippet ? <SnippetText snippet={snippet} /> : clip.excerpt && <div class="clip-excerpt">{clip.excerpt}</div>}
    </>
  );
}
