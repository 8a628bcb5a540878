import type { CjkMode } from './normalize';
import { siteLabel } from '../url/normalize';
import { titleMarks, type Mark, type SnippetQuery } from './snippet';

/**
 * What a result shows of a clip besides its passage, as shown: its title, its site (its name, or
 * its URL's host: `siteLabel` in src/url/normalize.ts), byline and tags. The index matches the
 * query in all of them (fields.ts: title and `meta`), so a result found by its site, author or a
 * tag must show that word marked too, or the user cannot tell why it is there.
 */
export interface HitLabels {
  readonly title: string;
  readonly site?: string | undefined;
  readonly byline?: string | null | undefined;
  readonly tags?: readonly string[] | undefined;
}

/** The query's words in a result's site, byline and tags (the title's are `titleMarks`). Plain data, new at each call: it crosses to the panel as it is. */
export interface MetaMarks {
  site: Mark[];
  byline: Mark[];
  /** The tags that hold a word of the query, by their index in the clip's tags, in that order (at most {@link MAX_MARKED_TAGS}). */
  tags: { tag: number; marks: Mark[] }[];
}

/** Matching tags marked, at most: a clip's tags have no count limit, and what crosses to the panel has (search-result.ts). */
export const MAX_MARKED_TAGS = 20;

/** Where `q`'s words are in `labels`' site, byline and tags; null when in none of them (the common case: nothing to send). */
export function metaMarks(labels: HitLabels, q: SnippetQuery, cjk?: CjkMode): MetaMarks | null {
  if (q.terms.length === 0 && q.prefix === null) return null;
  const site = labels.site ? titleMarks(labels.site, q, cjk) : [];
  const byline = labels.byline ? titleMarks(labels.byline, q, cjk) : [];
  const tags: { tag: number; marks: Mark[] }[] = [];
  for (const [tag, text] of (labels.tags ?? []).entries()) {
    if (tags.length >= MAX_MARKED_TAGS) break;
    const marks = titleMarks(text, q, cjk);
    if (marks.length > 0) tags.push({ tag, marks });
  }
  return site.length > 0 || byline.length > 0 || tags.length > 0 ? { site, byline, tags } : null;
}

/** A clip's row (`ClipSummary`) as a result shows it: the labels its marks are counted in. */
export function hitLabelsOf(row: { readonly title: string; readonly siteName: string | null; readonly url: string; readonly byline: string | null; readonly tags: readonly string[] }): HitLabels {
  return { title: row.title, site: siteLabel(row), byline: row.byline, tags: row.tags };
}
