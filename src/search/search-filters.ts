import type { ListState } from '../schema/plain-values';
import { foldTag } from './fold-tag';
import { foldSite, namedProblems, NOT_A_SITE, parseDate, type ParsedQuery, type QueryProblem } from './query';

/**
 * Filters chosen outside the typed text — the filter bar's state and tag, the search controls'
 * site and dates — sent as data (never appended to the query, so the typed text alone is
 * parsed, its last word stays a prefix, and a long query cannot cut them off).
 */
export interface SearchFilters {
  /** The filter bar's state. */
  readonly state?: ListState;
  /** The filter bar's tag, compared as tags are (any character allowed, quotes included). */
  readonly tag?: string | null;
  /** A site: the clip's host or a subdomain of it (`www.`, a scheme or a path are ignored). */
  readonly site?: string | null;
  /** Saved on or after this day, `YYYY-MM-DD`, local time. */
  readonly from?: string | null;
  /** Saved on or before this day (the whole day included), `YYYY-MM-DD`, local time. */
  readonly to?: string | null;
}

/**
 * `q` (what was typed, parsed) narrowed by `filters`, everything combined with AND: the tag is
 * required with the typed `tag:`s, the site with the typed `site:`s, the dates narrow the typed
 * `after:` / `before:`, `favorites` requires a favourite, `reading` a clip being read. The state is the one exception: a
 * state typed in the box (`state:`, `is:read`…) takes the place of the filter bar's (an explicit
 * `state:archived` under "All" finds archived clips, as the words say). A date that is not a day,
 * or a site no host could match (`foldSite`: dots alone, a lone `www.`), is left out and named in
 * `problems`; a blank site is no site. Pure; `q` is not changed.
 */
export function withFilters(q: ParsedQuery, filters: SearchFilters | undefined): ParsedQuery {
  if (!filters) return q;
  const problems: QueryProblem[] = [...q.problems];
  let { state, favorite, reading, after, before, notArchived, site } = q.filters;
  let tags = q.filters.tags;
  if (state === null) {
    if (filters.state === 'all') notArchived = true;
    else if (filters.state === 'unread') state = 'unread';
    else if (filters.state === 'archived') state = 'archived';
  }
  if (filters.state === 'favorites') favorite = true;
  if (filters.state === 'reading') reading = true;
  const tag = filters.tag ? foldTag(filters.tag) : '';
  if (tag && !tags.includes(tag)) tags = [...tags, tag];
  if (filters.site?.trim()) {
    const host = foldSite(filters.site);
    if (host) site = host;
    else problems.push({ code: 'bad-filter', message: `The site "${filters.site.trim().slice(0, 60)}" is ignored: ${NOT_A_SITE}` });
  }
  const day = (value: string | null | undefined, label: string) => {
    if (!value) return null;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseDate(value) : null;
    if (!d) problems.push({ code: 'bad-filter', message: `The ${label} date "${value.slice(0, 20)}" is ignored: dates are days, 2024-01-31.` });
    return d;
  };
  const from = day(filters.from, 'from');
  const to = day(filters.to, 'to');
  if (from) after = Math.max(after ?? -Infinity, from.start);
  if (to) before = Math.min(before ?? Infinity, to.next);
  return { ...q, filters: { ...q.filters, tags, state, favorite, reading, after, before, notArchived, site }, problems: namedProblems(problems) };
}
