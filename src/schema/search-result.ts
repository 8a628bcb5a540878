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
 * (re)built and results may be incomplete (say so, not "nothing found"); `problems` are parts
 * of the query that were ignored, with the reason.
 */
export const SearchPageSchema = z.strictObject({
  status: z.enum(['ready', 'rebuilding']),
  progress: SearchProgressSchema.nullable(),
  total: z.number().int().min(0),
  totalExact: z.boolean(),
  problems: z.array(z.string().max(1_000)).max(50),
  hits: z.array(z.strictObject({ clip: ClipSummarySchema, snippet: SnippetSchema.nullable() })).max(200),
});
export type SearchPage = z.infer<typeof SearchPageSchema>;

/** A search request: what was typed (filters included, src/search/query.ts), the page, the order. */
export const SearchRequestSchema = z.strictObject({
  query: z.string().max(4_000),
  offset: z.number().int().min(0).max(1_000_000),
  limit: z.number().int().min(1).max(200),
  sort: z.enum(['relevance', 'saved', 'title']).optional(),
});
