import { SearchHitSchema, SearchRequestSchema } from './search-result';
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
export const DeepSearchRequestSchema = z.extend(z.omit(SearchRequestSchema, { offset: true, limit: true }), {
  cursor: z.nullable(z.string().check(z.maxLength(500))),
  budgetMs: z.optional(z.int().check(z.gte(10), z.lte(MAX_DEEP_BUDGET_MS))),
  maxDocs: z.optional(z.int().check(z.gte(1), z.lte(MAX_DEEP_DOCS_PER_STEP))),
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
  hits: z.array(SearchHitSchema).check(z.maxLength(1_000)),
  next: z.nullable(z.string().check(z.maxLength(500))),
  scanned: z.int().check(z.gte(0)),
  total: z.int().check(z.gte(0)),
  searchable: z.boolean(),
  problems: z.array(z.string().check(z.maxLength(1_000))).check(z.maxLength(50)),
});
export type DeepSearchStep = z.infer<typeof DeepSearchStepSchema>;
