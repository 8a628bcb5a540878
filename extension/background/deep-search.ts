import { MAX_DEEP_DOCS_PER_STEP, type DeepSearchRequest, type DeepSearchStep } from '../../src/schema/deep-search';
import { deepMatch, deepSearchable, passesDeepFilters } from '../../src/search/deep-search';
import { DEFAULT_TEXT_CHARS } from '../../src/search/fields';
import { defaultCjkMode } from '../../src/search/normalize';
import { parseQuery } from '../../src/search/query';
import { withFilters } from '../../src/search/search-filters';
import { titleMarks, type Snippet } from '../../src/search/snippet';
import { services } from './services';

/** How long a step runs when the caller does not say (it stops after the document that crosses it). */
const DEFAULT_BUDGET_MS = 400;
/** A step that has found this many hits answers after its current document (the page shows them at once). */
const HITS_PER_STEP = 100;

/**
 * One step of the deep search (`searchDeep`): the rest of long articles, past the part the search
 * index holds (`DEFAULT_TEXT_CHARS`, the background's index), searched on demand. Stateless: the
 * step reads the articles of the clips passing the filters a content document at a time from
 * `cursor` (`Library.deepScan`; short articles are not read), keeps only the clips the regular
 * search does not find (`deepMatch`), and answers with the next cursor. Nothing is kept between
 * steps, so memory is one content document and this step's hits.
 */
export async function searchDeep({ query, sort, filters, cursor, budgetMs, maxDocs }: DeepSearchRequest): Promise<DeepSearchStep> {
  const { library } = await services();
  const cjk = defaultCjkMode();
  const q = withFilters(parseQuery(query, { sort, cjk }), filters);
  const problems = q.problems.map((p) => p.message);
  if (!deepSearchable(q)) return { hits: [], next: null, scanned: 0, total: 0, searchable: false, problems };
  const found: { id: string; snippet: Snippet }[] = [];
  const step = await library.deepScan({
    cursor,
    textChars: DEFAULT_TEXT_CHARS,
    accept: (f) => passesDeepFilters(f, q),
    visit: (f) => {
      const m = deepMatch(f, q, { textChars: DEFAULT_TEXT_CHARS, cjk });
      if (m.found === 'deep') found.push({ id: f.id, snippet: m.snippet });
    },
    maxDocs: maxDocs ?? MAX_DEEP_DOCS_PER_STEP,
    budgetMs: budgetMs ?? DEFAULT_BUDGET_MS,
    stop: () => found.length >= HITS_PER_STEP,
  });
  const rows = new Map(library.rowsOf(found.map((h) => h.id)).map((r) => [r.id as string, r]));
  return {
    hits: found.flatMap((h) => {
      const clip = rows.get(h.id);
      return clip ? [{ clip, snippet: { ...h.snippet, marks: [...h.snippet.marks] }, titleMarks: titleMarks(clip.title, q, cjk) }] : [];
    }),
    next: step.next,
    scanned: step.scanned,
    total: step.total,
    searchable: true,
    problems,
  };
}
