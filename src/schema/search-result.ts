import { LIST_STATES, SORT_ORDERS } from './plain-values';
import { ClipSummarySchema } from './clip-summary';
import { z } from './zod';

/** `[start, end)` of a marked word in a shown text (`Mark` in src/search/snippet.ts). */
const MarkSchema = z.strictObject({ start: z.int().check(z.gte(0)), end: z.int().check(z.gte(0)) });
/** The passage of a result with its matches to mark (`Snippet` in src/search/snippet.ts). */
export const SnippetSchema = z.strictObject({
  text: z.string().check(z.maxLength(10_000)),
  marks: z.array(MarkSchema).check(z.maxLength(1_000)),
  cutStart: z.boolean(),
  cutEnd: z.boolean(),
});

/** Where a rebuild of the search index is: clips fed of all. */
export const SearchProgressSchema = z.strictObject({ done: z.int().check(z.gte(0)), total: z.int().check(z.gte(0)) });

/**
 * One hit: the clip's row, its snippet (or null) and the query's words in its title
 * (`titleMarks`, offsets into `clip.title`; none when absent). The same shape in `search`'s
 * pages and in the deep search's steps.
 */
export const SearchHitSchema = z.strictObject({ clip: ClipSummarySchema, snippet: z.nullable(SnippetSchema), titleMarks: z.optional(z.array(MarkSchema).check(z.maxLength(500))) });

/**
 * A page of search results as the side panel gets it: `rebuilding` says the index is being
 * (re)built and results may be incomplete (say so, not "nothing found"); `failed` says its
 * rebuild failed (`failure`: why and what to do; no hits until `rebuildSearch` succeeds);
 * `problems` are parts of the query that were ignored, with the reason.
 */
export const SearchPageSchema = z.strictObject({
  status: z.enum(['ready', 'rebuilding', 'failed']),
  progress: z.nullable(SearchProgressSchema),
  failure: z.optional(z.nullable(z.string().check(z.maxLength(1_000)))),
  total: z.int().check(z.gte(0)),
  totalExact: z.boolean(),
  problems: z.array(z.string().check(z.maxLength(1_000))).check(z.maxLength(50)),
  hits: z.array(SearchHitSchema).check(z.maxLength(200)),
  /** Hits past the request's `snippets` were left without the passage they have (ask again without `snippets` for them). */
  snippetsLeft: z.optional(z.boolean()),
});
export type SearchPage = z.infer<typeof SearchPageSchema>;

/** A day as a date input gives it: `YYYY-MM-DD`. */
const DaySchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is written 2024-01-31'));

/**
 * Filters chosen outside the typed text, as data (`SearchFilters` in src/search/search-filters.ts):
 * the filter bar's state (`all` leaves archived clips out, as the list does) and tag, the search
 * controls' site and saved-date range (`from` and `to`, both days included).
 */
export const SearchFiltersSchema = z.strictObject({
  state: z.optional(z.enum(LIST_STATES)),
  tag: z.optional(z.nullable(z.string().check(z.maxLength(1_000)))),
  site: z.optional(z.nullable(z.string().check(z.maxLength(300)))),
  from: z.optional(z.nullable(DaySchema)),
  to: z.optional(z.nullable(DaySchema)),
});
export type SearchFiltersInput = z.infer<typeof SearchFiltersSchema>;

/** How results are ordered ({@link SORT_ORDERS}). */
export const SearchSortSchema = z.enum(SORT_ORDERS);
export type SearchSort = z.infer<typeof SearchSortSchema>;

/**
 * A search request: what was typed (only this is parsed, src/search/query.ts; typed filters and
 * `sort:` win), the page, the order, and the filters chosen in the side panel as data.
 */
export const SearchRequestSchema = z.strictObject({
  query: z.string().check(z.maxLength(4_000)),
  offset: z.int().check(z.gte(0), z.lte(1_000_000)),
  limit: z.int().check(z.gte(1), z.lte(200)),
  sort: z.optional(SearchSortSchema),
  filters: z.optional(SearchFiltersSchema),
  /**
   * Only the first this many hits get their passage (default: all): the rows the panel shows at
   * first. The others come without one (`snippetsLeft`), so a keystroke's answer reads no text
   * for rows below the fold.
   */
  snippets: z.optional(z.int().check(z.gte(0), z.lte(200))),
});
export type SearchRequest = z.infer<typeof SearchRequestSchema>;
