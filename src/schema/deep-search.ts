import { SearchPageSchema, SearchRequestSchema } from './search-result';
import { z } from './zod';

/** Longest a step of the deep search may be asked to run before it answers, in milliseconds. */
export const MAX_DEEP_BUDGET_MS = 5_000;
/** Most content documents (up to 100 articles each) one step of the deep search reads. */
export const MAX_DEEP_DOCS_PER_STEP = 8;

/**
 * A step of the deep search (`searchDeep`): the same query, order and filters as `search` (no
 * page: the deep search pages by `cursor`), where to resume (`cursor`: null to start, else the
 * `next` of the previous step), and how long the step may run (`budgetMs`; it always reads at
 * least one content document when any is left) and how many content documents it may read at most
 * (`maxDocs`, default and ceiling `MAX_DEEP_DOCS_PER_STEP`): a caller that wants small steps,
 * whatever the machine's speed, bounds them by documents rather than by time.
 */
export const DeepSearchRequestSchema = SearchRequestSchema.omit({ offset: true, limit: true }).extend({
  cursor: z.string().max(500).nullable(),
  budgetMs: z.number().int().min(10).max(MAX_DEEP_BUDGET_MS).optional(),
  maxDocs: z.number().int().min(1).max(MAX_DEEP_DOCS_PER_STEP).optional(),
});
export type DeepSearchRequest = z.infer<typeof DeepSearchRequestSchema>;

/**
 * What a step found: `hits` (clips the regular search does not find, whose article matches past
 * the part the index holds; the same shape as `search`'s hits, snippet from that part), `next`
 * (the cursor of the next step; null when the whole library has been searched), `scanned` of
 * `total` (clips passing the filters: searched so far, in all), and `searchable` (false when the
 * query has no words: nothing to look for in the articles).
 */
export const DeepSearchStepSchema = z.strictObject({
  hits: z.array(SearchPageSchema.shape.hits.element).max(1_000),
  next: z.string().max(500).nullable(),
  scanned: z.number().int().min(0),
  total: z.number().int().min(0),
  searchable: z.boolean(),
  problems: z.array(z.string().max(1_000)).max(50),
});
export type DeepSearchStep = z.infer<typeof DeepSearchStepSchema>;
