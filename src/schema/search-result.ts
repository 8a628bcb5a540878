import { ClipSummarySchema } from './clip-summary';
import { z } from './zod';

/** The BroadcastChannel the background posts on once the search index has taken in a change (open searches ask again). */
export const SEARCH_CHANGED_CHANNEL = 'commonplace-search-changed';

/** The passage of a result with its matches to mark (`Snippet` in src/search/snippet.ts). */
export const SnippetSchema = z.strictObject({
  text: z.string().max(10_000),
  marks: z.array(z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0) })).max(1_000),
  cutStart: z.boolean(),
  cutEnd: z.boolean(),
});

/** Where a rebuild of the search index is: clips fed of all. */
export const SearchProgressSchema = z.strictObject({ done: z.number().int().min(0), total: z.number().int().min(0) });

/**
 * A page of search results as the side panel gets it: `rebuilding` says the index is being
 * (re)built and results may be incomplete (say so, not "nothing found"); `failed` says its
 * rebuild failed (`failure`: why and what to do; no hits until `rebuildSearch` succeeds);
 * `problems` are parts of the query that were ignored, with the reason.
 */
export const SearchPageSchema = z.strictObject({
  status: z.enum(['ready', 'rebuilding', 'failed']),
  progress: SearchProgressSchema.nullable(),
  failure: z.string().max(1_000).nullable().optional(),
  total: z.number().int().min(0),
  totalExact: z.boolean(),
  problems: z.array(z.string().max(1_000)).max(50),
  hits: z.array(z.strictObject({ clip: ClipSummarySchema, snippet: SnippetSchema.nullable() })).max(200),
});
export type SearchPage = z.infer<typeof SearchPageSchema>;

/** A day as a date input gives it: `YYYY-MM-DD`. */
const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is written 2024-01-31');

/**
 * Filters chosen outside the typed text, as data (`SearchFilters` in src/search/search-filters.ts):
 * the filter bar's state (`all` leaves archived clips out, as the list does) and tag, the search
 * controls' site and saved-date range (`from` and `to`, both days included).
 */
export const SearchFiltersSchema = z.strictObject({
  state: z.enum(['all', 'unread', 'favorites', 'archived']).optional(),
  tag: z.string().max(1_000).nullable().optional(),
  site: z.string().max(300).nullable().optional(),
  from: DaySchema.nullable().optional(),
  to: DaySchema.nullable().optional(),
});
export type SearchFiltersInput = z.infer<typeof SearchFiltersSchema>;

/** How results are ordered: by relevance, newest saved first (`saved`), oldest first, by title (A–Z). */
export const SearchSortSchema = z.enum(['relevance', 'saved', 'oldest', 'title']);
export type SearchSort = z.infer<typeof SearchSortSchema>;

/**
 * A search request: what was typed (only this is parsed, src/search/query.ts; typed filters and
 * `sort:` win), the page, the order, and the filters chosen in the side panel as data.
 */
export const SearchRequestSchema = z.strictObject({
  query: z.string().max(4_000),
  offset: z.number().int().min(0).max(1_000_000),
  limit: z.number().int().min(1).max(200),
  sort: SearchSortSchema.optional(),
  filters: SearchFiltersSchema.optional(),
});
export type SearchRequest = z.infer<typeof SearchRequestSchema>;
