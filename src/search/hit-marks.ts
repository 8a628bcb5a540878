import type { CjkMode } from './normalize';
import { titleMarks, type Mark, type SnippetQuery } from './snippet';

/**
 * What a result shows of a clip under its title: its site (its name, or its URL's host:
 * `siteLabel` in src/url/normalize.ts), its byline and its tags. The index matches the query in
 * all of them (fields.ts: `meta`), so a result found by its site, author or a tag must show that
 * word marked, or the user cannot tell why it is there.
 */
export interface MetaLabels {
  readonly site: string;
  readonly byline: string | null;
  readonly tags: readonly string[];
}

/** The query's words in a result's site, byline and tags (the title's come with the hit: `titleMarks`). */
export interface MetaMarks {
  readonly site: readonly Mark[];
  readonly byline: readonly Mark[];
  /** The tags holding a word of the query, by their index in `MetaLabels.tags`, in that order (at most {@link MAX_MARKED_TAGS}). */
  readonly tags: ReadonlyArray<{ readonly tag: number; readonly marks: readonly Mark[] }>;
}

/** Tags looked at, at most: a clip's tags have no count limit, and a result shows three. */
export const MAX_MARKED_TAGS = 20;

/**
 * Where `q`'s words are in `labels` (whole words for terms, words starting with the prefix, as
 * `titleMarks` marks a title); null when in none of them, the common case, so the caller draws
 * its plain line. Pure and cheap (a fold and an `indexOf` per label): the side panel calls it as
 * it draws a result nothing else explains (no word of the query in its title or passage), and the
 * background does not spend its time on it.
 */
export function metaMarks(labels: MetaLabels, q: SnippetQuery, cjk?: CjkMode): MetaMarks | null {
  if (q.terms.length === 0 && q.prefix === null) return null;
  const site = labels.site ? titleMarks(labels.site, q, cjk) : [];
  const byline = labels.byline ? titleMarks(labels.byline, q, cjk) : [];
  const tags: { tag: number; marks: Mark[] }[] = [];
  for (let i = 0; i < labels.tags.length && tags.length < MAX_MARKED_TAGS; i++) {
    const marks = titleMarks(labels.tags[i]!, q, cjk);
    if (marks.length > 0) tags.push({ tag: i, marks });
  }
  return site.length > 0 || byline.length > 0 || tags.length > 0 ? { site, byline, tags } : null;
}
