import { CLIP_STATES, SORT_ORDERS, type ClipState, type SortOrder } from '../schema/plain-values';
import { foldTag } from './fold-tag';
import { fold, termsOf, type CjkMode } from './normalize';
import { hostOf } from '../url/normalize';

/** Longest query read, in characters: the rest is cut off (and a problem says so). */
export const MAX_QUERY_CHARS = 512;
/** Most search terms (free terms and phrase terms together) a query keeps. */
export const MAX_QUERY_TERMS = 24;

/** What narrows a search, all combined with AND (several `tag:` or `site:` filters must all hold / any site). */
export interface QueryFilters {
  /** Folded tags, every one required. */
  readonly tags: readonly string[];
  readonly state: ClipState | null;
  readonly favorite: boolean;
  /** Only clips being read: unread, started and not finished (`is:reading`, the filter bar's Reading: `isReading`). */
  readonly reading: boolean;
  /** Folded hosts without `www.`; a clip matches one of them or a subdomain of one. */
  readonly sites: readonly string[];
  /** Saved at or after this instant (ms), from `after:YYYY[-MM[-DD]]` (local time, start of that period). */
  readonly after: number | null;
  /** Saved before this instant (ms), from `before:YYYY[-MM[-DD]]`. */
  readonly before: number | null;
  /** Leave archived clips out (the side panel's "All" list; never set by typed text: see `withFilters`). */
  readonly notArchived: boolean;
  /** A folded host every result must be on (or on a subdomain of), on top of `sites` (the search controls' site field, `withFilters`). */
  readonly site: string | null;
}

/** Something in a query that was ignored or changed; the query still runs. */
export interface QueryProblem {
  readonly code: 'too-long' | 'too-many-terms' | 'bad-filter' | 'unbalanced-quote';
  /** For the user: what was ignored and why. */
  readonly message: string;
}

/** A parsed query: what the index matches (`terms`, `prefix`, `phrases`), the filters and the order. */
export interface ParsedQuery {
  /** Folded terms every result must contain (phrase terms included). */
  readonly terms: readonly string[];
  /** The last term typed, still being typed: matched as a prefix. Null after a space, a quote or a filter. */
  readonly prefix: string | null;
  /** Quoted phrases, folded, in order: a result must contain each as consecutive words (checked on the text). */
  readonly phrases: readonly string[];
  readonly filters: QueryFilters;
  readonly sort: SortOrder;
  /** True when there is nothing to match on text: the result is the filtered list, in `sort` order. */
  readonly filterOnly: boolean;
  readonly problems: readonly QueryProblem[];
}

/** The most problems a query names (the answer's schema takes 50): the same one once, the rest counted. */
export const MAX_QUERY_PROBLEMS = 20;

/** `problems` as the user is told them: each message once, at most `MAX_QUERY_PROBLEMS`, the last saying how many more. */
export function namedProblems(problems: readonly QueryProblem[]): QueryProblem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => !seen.has(p.message) && (seen.add(p.message), true));
  if (unique.length <= MAX_QUERY_PROBLEMS) return unique;
  const more = unique.length - (MAX_QUERY_PROBLEMS - 1);
  return [...unique.slice(0, MAX_QUERY_PROBLEMS - 1), { code: 'bad-filter', message: `${more} more parts of the search are ignored.` }];
}

/** Start of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` period in local time, and the start of the next one; null when not such a date. */
export function parseDate(value: string): { start: number; next: number } | null {
  const m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(value);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? null : Number(m[2]) - 1;
  const d = m[3] === undefined ? null : Number(m[3]);
  if (mo !== null && (mo < 0 || mo > 11)) return null;
  // `new Date(y, …)` reads years 0-99 as 1900-1999 ("before:0050" was before 1950): the year is set apart.
  // Then the hour too: `setFullYear` keeps the 2000 date's, 01:00 where clocks jumped at its midnight
  // (São Paulo 2000-10-08, Tehran 2000-03-21), and the day in the asked year began an hour late.
  const local = (year: number, month: number, day: number) => {
    const t = new Date(2000, month, day);
    t.setFullYear(year, month, day);
    t.setHours(0, 0, 0, 0);
    return t;
  };
  const start = local(y, mo ?? 0, d ?? 1);
  if (d !== null && (start.getMonth() !== mo || start.getDate() !== d)) return null;
  const next = d !== null ? local(y, mo!, d + 1) : mo !== null ? local(y, mo + 1, 1) : local(y + 1, 0, 1);
  return { start: start.getTime(), next: next.getTime() };
}

/** A host as `site:` compares it: folded, without a leading `www.`, a scheme, a path or a port. */
export function foldHost(host: string): string {
  return fold(host)
    .trim()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/:?#].*$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
}

/** Why a `site:` value, typed or chosen, is ignored (`foldSite` gave null). */
export const NOT_A_SITE = 'a site is a host name such as example.com, with a letter or digit between its dots.';

/**
 * A site filter's value as it is compared with clips' hosts (`foldHost`, and leading dots
 * dropped: ".example.com" means example.com and its subdomains), or null when no host could
 * ever match it: nothing left once trimmed and stripped of a scheme, a path, `www.` and outer
 * dots (`site:www.`), or a name with a space, an empty label or a label of no letter or digit
 * (`site:...`, `site:example..com`, `site:-`). Why: such a value used to be kept as a filter
 * that matched no clip, so the search said "nothing matches" instead of naming the filter it
 * ignored; the typed query (`parseQuery`) and the search controls (`withFilters`) both use it,
 * so both ignore the same values and say so.
 */
export function foldSite(value: string): string | null {
  const h = foldHost(asciiHost(value.trim().replace(/^\.+/, '')))
    .replace(/^\.+/, '')
    .replace(/^www\./, '')
    .replace(/\.+$/, '');
  if (!h || /\s/u.test(h)) return null;
  return h.split('.').every((label) => /[\p{L}\p{N}]/u.test(label)) ? h : null;
}

/**
 * A host written in its own script (`日本.jp`, `münchen.de`) as the clips' hosts are stored: in
 * punycode (`xn--wgv71a.jp`), which is what `new URL` gives their URLs. ASCII is kept as it is,
 * and so is what `URL` refuses. Why: folding drops accents and marks, so `site:münchen.de` and
 * `site:日本.jp` were kept as filters that no stored host could ever equal.
 */
function asciiHost(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u007f]/.test(value)) return value;
  const url = `http://${value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/?#].*$/, '')}`;
  // `hostOf` gives back what `URL` refuses as it was.
  const host = hostOf(url);
  return host === url ? value : host;
}

interface Piece {
  readonly text: string;
  readonly quoted: boolean;
  /** For an unquoted piece: whether the query ends right after it (the word is still being typed). */
  readonly atEnd: boolean;
  /** Where the piece is in the query: its first character and the one after it (its quotes included). */
  readonly start: number;
  readonly end: number;
  /** For a quoted piece, the quote that closed it ('' when none did: it ran to the end); null when not quoted. */
  readonly closer: string | null;
}

/** The double quotes: any of them closes a phrase any of them (or „) opened. */
const DOUBLE_QUOTE = /["“”＂]/;
/**
 * The quotes that open a phrase or a `key:"value"`, each with the quotes that close it: straight,
 * curly and full-width double quotes (any closes any), the German „…“ and the guillemets «…» (closed
 * by » alone), as phones, macOS and CJK input methods type `"`. Why: `tag:“two words”` was the
 * tag `“two` and the word `words”`, and «mot juste» two loose words. Single quotes are not quotes
 * (a straight `'` never was, and `’` is the apostrophe inside words).
 */
const QUOTE_CLOSERS: Readonly<Record<string, RegExp>> = { '"': DOUBLE_QUOTE, '“': DOUBLE_QUOTE, '”': DOUBLE_QUOTE, '＂': DOUBLE_QUOTE, '„': DOUBLE_QUOTE, '«': /»/ };
/**
 * A filter's `key:`, its letters and colon ASCII or full-width (`ｔａｇ：`, `tag：`: what a CJK input
 * method types in its full-width or punctuation mode; read as `tag:`, `keyOf`), then the value.
 */
const KEY_VALUE = /^([a-zA-Zａ-ｚＡ-Ｚ]+)[:：](.*)$/s;
/** `key:` followed by an opening quote (`QUOTE_CLOSERS`). */
const KEY_QUOTED = /^([a-zA-Zａ-ｚＡ-Ｚ]+)[:：]["“”＂„«]/;
/** A key, or a word value (`is:`, `state:`, `sort:`), as typed → as compared: full-width forms as ASCII (NFKC), lower case. */
const keyOf = (typed: string): string => typed.normalize('NFKC').toLowerCase();

/** Splits a query into pieces: `"quoted phrases"` (an unclosed quote runs to the end), `key:"quoted value"` and bare words. */
function piecesOf(q: string, problems: QueryProblem[]): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < q.length) {
    if (/\s/.test(q[i]!)) {
      i++;
      continue;
    }
    const from = i;
    let start = i;
    let key = '';
    const km = KEY_QUOTED.exec(q.slice(i, i + 12));
    if (km) {
      key = `${km[1]}:`;
      start = i + key.length;
    }
    const closers = QUOTE_CLOSERS[q[start]!];
    if (closers) {
      const close = q.slice(start + 1).search(closers);
      const end = close === -1 ? q.length : start + 1 + close;
      if (close === -1) problems.push({ code: 'unbalanced-quote', message: 'A quote is not closed: the phrase runs to the end of the search.' });
      out.push({ text: key + q.slice(start + 1, end), quoted: !key, atEnd: false, start: from, end: Math.min(end + 1, q.length), closer: q[end] ?? '' });
      i = end + 1;
      continue;
    }
    while (i < q.length && !/\s/.test(q[i]!) && q[i] !== '"') i++;
    out.push({ text: q.slice(start, i), quoted: false, atEnd: i >= q.length, start: from, end: i, closer: null });
  }
  return out;
}

/** A `tag:` term of a query (`tagTermsOf`). */
export interface TagTerm {
  /** Where it is in the query: its first character and the one after it (its quotes included). */
  readonly start: number;
  readonly end: number;
  /** The key as typed (`tag`, `TAG`). */
  readonly key: string;
  /** The value as typed, before folding (without its quotes). */
  readonly value: string;
  /** For `tag:"a value"`, the quote that opened it (`"`, `“`, `«`…); null for a bare value. */
  readonly opener: string | null;
  /** For `tag:"a value"`, the quote that closed it ('' when it ran to the end); null for a bare value. */
  readonly closer: string | null;
}

/**
 * The `tag:` terms of a query as `parseQuery` reads them: only the part it reads (the first
 * `MAX_QUERY_CHARS`); a term without a value is left out. Why: a tag renamed in the library
 * rewrites these terms in saved views' queries (search/retag-query.ts), and only the parser's own
 * reading finds exactly the terms it will filter by, and where each ends.
 */
export function tagTermsOf(q: string): TagTerm[] {
  const out: TagTerm[] = [];
  const read = q.slice(0, MAX_QUERY_CHARS);
  for (const piece of piecesOf(read, [])) {
    const fm = piece.quoted ? null : KEY_VALUE.exec(piece.text);
    if (fm && keyOf(fm[1]!) === 'tag' && fm[2] !== '') {
      const opener = piece.closer === null ? null : read[piece.start + fm[1]!.length + 1]!;
      out.push({ start: piece.start, end: piece.end, key: fm[1]!, value: fm[2]!, opener, closer: piece.closer });
    }
  }
  return out;
}

/**
 * Parses what the user typed into a search. Never throws: anything it cannot use is left out
 * and named in `problems`, and the rest still runs.
 *
 * - Free words are required terms (AND), folded like the documents (`fold`, `termsOf`); the last
 *   word, when nothing follows it (not even a space), is a prefix, so results follow typing.
 * - `"a phrase"` (straight, curly or typographic quotes: `QUOTE_CLOSERS`) needs its words in that order; an unclosed quote runs
 *   to the end of the query.
 * - Filters: `tag:x` (or `tag:"two words"`, `tag:“two words”`), `state:unread|read|archived`, `is:favorite`,
 *   `is:reading` (started, not finished; also `is:unread|read|archived`), `site:example.com` (and its subdomains), `after:2024-01-01` and
 *   `before:2024-02` (local dates; `YYYY`, `YYYY-MM`, `YYYY-MM-DD`), `sort:relevance|saved|oldest|title|shortest|longest|published|progress`.
 *   An unknown `key:value` is ordinary text (`c++:`, `12:30` and URLs still search).
 * - A query longer than `MAX_QUERY_CHARS` is cut, terms past `MAX_QUERY_TERMS` are dropped.
 * - An empty query, or one of filters only, is `filterOnly`: the filtered list in `sort` order
 *   (by saved date unless another order is asked for).
 */
export function parseQuery(input: string, opts: { sort?: SortOrder; cjk?: CjkMode } = {}): ParsedQuery {
  const problems: QueryProblem[] = [];
  let q = typeof input === 'string' ? input : '';
  if (q.length > MAX_QUERY_CHARS) {
    q = q.slice(0, MAX_QUERY_CHARS);
    problems.push({ code: 'too-long', message: `Only the first ${MAX_QUERY_CHARS} characters of the search are used.` });
  }
  const terms: string[] = [];
  const phrases: string[] = [];
  const tags: string[] = [];
  const sites: string[] = [];
  let state: ClipState | null = null;
  let favorite = false;
  let reading = false;
  let after: number | null = null;
  let before: number | null = null;
  let sort: SortOrder | null = null;
  let prefix: string | null = null;
  const bad = (piece: string, why: string) => problems.push({ code: 'bad-filter', message: `"${piece.slice(0, 60)}" is ignored: ${why}` });

  for (const piece of piecesOf(q, problems)) {
    const fm = piece.quoted ? null : KEY_VALUE.exec(piece.text);
    const key = fm ? keyOf(fm[1]!) : undefined;
    const value = fm?.[2] ?? '';
    if (fm && value === '' && ['tag', 'state', 'is', 'site', 'after', 'before', 'sort'].includes(key!)) {
      if (!piece.atEnd) bad(piece.text, 'the filter has no value.');
      continue;
    }
    if (key === 'tag') {
      const t = foldTag(value);
      if (t) tags.push(t);
      else bad(piece.text, 'a tag cannot be empty or invisible.');
    } else if (key === 'is' && keyOf(value) === 'reading') {
      reading = true;
    } else if (key === 'state' || (key === 'is' && keyOf(value) !== 'favorite' && keyOf(value) !== 'favourite')) {
      const s = keyOf(value) as ClipState;
      if (CLIP_STATES.includes(s)) state = s;
      else bad(piece.text, 'the state is unread, read or archived.');
    } else if (key === 'is') {
      favorite = true;
    } else if (key === 'site') {
      const h = foldSite(value);
      if (h) sites.push(h);
      else bad(piece.text, NOT_A_SITE);
    } else if (key === 'after' || key === 'before') {
      const d = parseDate(value.normalize('NFKC'));
      if (!d) bad(piece.text, 'dates are written 2024-01-31, 2024-01 or 2024.');
      else if (key === 'after') after = Math.max(after ?? -Infinity, d.start);
      else before = Math.min(before ?? Infinity, d.start);
    } else if (key === 'sort') {
      const s = keyOf(value) as SortOrder;
      if (SORT_ORDERS.includes(s)) sort = s;
      else bad(piece.text, 'results sort by relevance, saved, oldest, title, shortest, longest, published or progress.');
    } else if (piece.quoted) {
      const words = termsOf(piece.text, opts.cjk);
      if (words.length > 0) {
        terms.push(...words);
        if (words.length > 1) phrases.push(words.join(' '));
      }
    } else {
      const words = termsOf(piece.text, opts.cjk);
      terms.push(...words);
      if (piece.atEnd && words.length > 0 && !/[\p{P}\p{S}]$/u.test(piece.text)) prefix = words.at(-1)!;
    }
  }
  if (prefix !== null && terms.at(-1) === prefix) terms.pop();
  else prefix = null;
  const unique = [...new Set(terms)];
  if (unique.length + (prefix ? 1 : 0) > MAX_QUERY_TERMS) {
    problems.push({ code: 'too-many-terms', message: `Only the first ${MAX_QUERY_TERMS} words of the search are used.` });
    unique.length = Math.max(0, MAX_QUERY_TERMS - (prefix ? 1 : 0));
  }
  const filterOnly = unique.length === 0 && prefix === null;
  return {
    terms: unique,
    prefix,
    phrases,
    filters: { tags: [...new Set(tags)], state, favorite, reading, sites: [...new Set(sites)], after, before, notArchived: false, site: null },
    sort: sort ?? opts.sort ?? (filterOnly ? 'saved' : 'relevance'),
    filterOnly,
    problems: namedProblems(problems),
  };
}
