import { storedTagKey } from '../library/tags';
import { foldTag } from './fold-tag';
import { MAX_QUERY_CHARS, tagTermsOf, type TagTerm } from './query';

/**
 * A tag as a `tag:` term's value the query parser reads back whole: bare when it has no space, no
 * straight quote and does not open with a quote (`work`, `c++`), in straight quotes otherwise
 * (`"two words"`, `"«x»"`); null when no value can hold it (a straight or curly quote in a tag
 * written in quotes, a straight quote in any: the parser ends a value at one).
 */
export function tagTermValue(tag: string): string | null {
  if (tag === '' || tag.includes('"')) return null;
  // `tag:«x»` is read as the quoted tag x (query.ts, `QUOTE_CLOSERS`): such a tag is quoted.
  if (!/\s/u.test(tag) && !/^[“”＂„«]/u.test(tag)) return tag;
  return /[“”＂]/u.test(tag) ? null : `"${tag}"`;
}

/**
 * A saved view's query with each `tag:` term of the tag whose stored key is `fromKey`
 * (`storedTagKey` of the term's value, as the library compares tags) written as `tag:<to>`; the
 * key as typed (`TAG:`) and everything else in the text kept as it was. Why: a tag renamed or
 * merged in the Tags view left a view's typed `tag:old` asking for a tag no clip has, so the view
 * listed nothing. `parseQuery` of the answer has `to` wherever it had the old tag, and nothing else
 * differs. The query comes back unchanged when no term names the tag, when `to` cannot be written
 * as a value there (`tagTermValue`; in a quoted term, any quote), or when the query or the
 * rewritten one is longer than the parser reads (`MAX_QUERY_CHARS`: the cut would then fall
 * elsewhere and change what else it reads).
 */
export function retagQuery(query: string, fromKey: string, to: string): string {
  // A term the parser ignores (`tag:#`, no tag once cleaned) stays ignored: rewritten it would add a filter.
  const terms = tagTermsOf(query).filter((t) => storedTagKey(t.value) === fromKey && foldTag(t.value) !== '');
  if (terms.length === 0 || query.length > MAX_QUERY_CHARS) return query;
  let out = query;
  // From the last term back, so the earlier terms' offsets still hold.
  for (const t of terms.reverse()) {
    const value = termValue(t, to);
    if (value === null) return query;
    out = `${out.slice(0, t.start)}${t.key}:${value}${out.slice(t.end)}`;
  }
  return out.length > MAX_QUERY_CHARS ? query : out;
}

/**
 * `to` as the value of the term `t` it replaces. A quoted term keeps its quotes, the closing one
 * as it was (a curly one, or none when it ran to the end): what follows is then read as before
 * (`tag:"work “x”` ends at the “, and `tag:job` there would run into `x”`); its opening quote too.
 */
function termValue(t: TagTerm, to: string): string | null {
  if (t.closer === null) return tagTermValue(to);
  // Any quote the term's own could end at (a guillemet term ends at », the others at " “ ”).
  return /["“”＂»]/u.test(to) || to === '' ? null : `${t.opener}${to}${t.closer}`;
}
