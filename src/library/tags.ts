import { withoutFoldedMarks } from '../search/folded-marks';
import { err, ok, type Result } from '../util/result';

/** Longest tag kept, in characters (code points): longer ones are refused with a message, never cut silently. */
export const MAX_TAG_CHARS = 200;
/** Most tags on one clip. */
export const MAX_TAGS_PER_CLIP = 100;

/**
 * Controls, bidi marks, overrides and isolates, the zero-width space, word joiners and BOMs:
 * invisible, or able to disguise a tag. The zero-width joiner and non-joiner (U+200D, U+200C)
 * are kept between two visible characters: they are part of emoji sequences (👩‍💻) and of
 * Persian and Indic spelling. `tagKey` ignores them, so they cannot make a look-alike tag.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** Joiners with nothing visible on one side (at either end, next to a space or another joiner): they join nothing. */
const LOOSE_JOINERS = /(?<=^|[\s\u200c\u200d])[\u200c\u200d]+|[\u200c\u200d]+(?=$|\s)/gu;

/**
 * A name as typed (a tag, a saved view's name) → one line of visible text: invisible and control
 * characters dropped, loose joiners dropped, whitespace collapsed and trimmed, then Unicode NFC
 * (so a name cleaned again is unchanged).
 */
export function cleanLabel(raw: string): string {
  // NFC last: a character dropped between a letter and its accent ("K\u200b\u0301") leaves them to compose.
  return raw.replace(/\s+/gu, ' ').replace(INVISIBLE, '').replace(/\s+/gu, ' ').replace(LOOSE_JOINERS, '').replace(/\s+/gu, ' ').trim().normalize('NFC');
}

/** A tag's leading `#`s, also full-width ("＃", what a CJK input method types in full-width mode) and small ("﹟"), with the spaces and joiners between them. */
const HASH_PREFIX = /^[#＃﹟][#＃﹟\s\u200c\u200d]*/u;

/**
 * A tag as typed, cleaned (`cleanLabel`) and without its `#` prefixes: every one ("# #work", "＃仕事"),
 * and the spaces and joiners between them and the tag, so that the result cleaned again is unchanged.
 * What `normalizeTag` checks, and what search's `foldTag` folds, so both read a tag alike.
 */
export function tagLabel(raw: string): string {
  const label = cleanLabel(raw);
  return HASH_PREFIX.test(label) ? cleanLabel(label.replace(HASH_PREFIX, '')) : label;
}

/**
 * A tag as typed → the tag stored: Unicode NFC, invisible and control characters dropped,
 * whitespace collapsed and trimmed, `#` prefixes dropped (all of them: the result normalises to
 * itself). Case is kept as typed (the first spelling wins); tags are compared by `tagKey`. Refuses
 * an empty tag (also one of only what `tagKey` ignores: a lone soft hyphen or accent) and one over
 * `MAX_TAG_CHARS` (with a message). Any script is fine: tags are text, never markup.
 */
export function normalizeTag(raw: string): Result<string> {
  const tag = tagLabel(raw);
  // Nothing `tagKey` compares (a lone soft hyphen, variation selector or accent): invisible, or one tag with every other such.
  if (tag === '' || tagKey(tag) === '') return err('bad-request', 'A tag cannot be empty.');
  // Tags are a map's keys, and Automerge refuses this one.
  if (tag === '__proto__') return err('bad-request', '“__proto__” cannot be a tag. Choose another name.');
  const length = [...tag].length;
  if (length > MAX_TAG_CHARS) return err('bad-request', `A tag can be at most ${MAX_TAG_CHARS} characters; this one has ${length}. Shorten it.`);
  return ok(tag);
}

/**
 * Whether `tag` names a tag a clip can hold, for a filter or a saved view to keep: one
 * `normalizeTag` accepts, or one it refuses only for its length (a tag stored before tags were
 * capped at `MAX_TAG_CHARS`, in a version-1 library or by an early import, or by another program:
 * the tag menu lists it and `storedTagKey` compares it). Why: checked with `normalizeTag`, the
 * filter bar dropped such a tag when the panel opened again, and a view of it could not be saved.
 */
export function isTagName(tag: string): boolean {
  const label = tagLabel(tag);
  return label !== '' && label !== '__proto__' && tagKey(label) !== '';
}

/**
 * How tags are compared: case- and accent-insensitive, so "Café" and "cafe" are one tag; joiners,
 * the soft hyphen and variation selectors ignored (a look-alike is the same tag). Accents are the
 * marks search folds away (`withoutFoldedMarks`, which drops those too), not every mark: a Hindi
 * vowel sign or a Japanese dakuten makes another word ("काम" work, "कम" less; "がき", "かき"),
 * which stripping every `\p{M}` made one tag.
 */
export function tagKey(tag: string): string {
  return withoutFoldedMarks(tag.normalize('NFKD')).toLocaleLowerCase('und');
}

/** A clip's tags as typed → the set stored, each normalised, duplicates (by `tagKey`) dropped, first spelling kept. */
export function normalizeTags(raw: readonly string[]): Result<string[]> {
  const out = new Map<string, string>();
  for (const r of raw) {
    const t = normalizeTag(r);
    if (!t.ok) return t;
    if (!out.has(tagKey(t.value))) out.set(tagKey(t.value), t.value);
  }
  if (out.size > MAX_TAGS_PER_CLIP) return err('bad-request', `A clip can have at most ${MAX_TAGS_PER_CLIP} tags.`);
  return ok([...out.values()]);
}

/** `storedTagKey`'s answers so far (tags repeat across a library; the counts read every clip's). */
const storedKeys = new Map<string, string>();

/**
 * How a tag already stored compares, in every edit, count and filter: `tagKey` of it normalised
 * (`normalizeTag`), or of it as it is when it does not normalise. A tag stored by an import before
 * imports normalised them ("#toread"), or by another program, is then the same tag as the one the
 * user types ("toread"), and can be renamed, merged or removed like any other.
 */
export function storedTagKey(tag: string): string {
  let key = storedKeys.get(tag);
  if (key === undefined) {
    const t = normalizeTag(tag);
    key = tagKey(t.ok ? t.value : tag);
    if (storedKeys.size >= 20_000) storedKeys.clear();
    storedKeys.set(tag, key);
  }
  return key;
}

/**
 * One spelling per tag (`storedTagKey`), the first in `tags`' order. Two devices adding "Work" and
 * "work" at once leave both keys in a clip's map: it is one tag, shown, counted and removed once.
 */
export function distinctTags(tags: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags) {
    const k = storedTagKey(t);
    if (!seen.has(k)) (seen.add(k), out.push(t));
  }
  return out;
}

/**
 * Of two spellings of one tag (`storedTagKey`), the one shown for it: the first in code-unit order,
 * as a clip's row lists its tags (`index-rows.ts` sorts them). Why: a map's key order after a merge
 * is the order the changes arrived in, so "the first met" gave two devices of one library two
 * labels for the tag two of them spelled "Work" and "work"; this depends only on the spellings.
 */
export function shownSpelling(a: string, b: string): string {
  return b < a ? b : a;
}

/**
 * A clip's tag map (catalog entry `tags`: tag → true) → the tags shown for it: one spelling per
 * tag (`storedTagKey`), the one `shownSpelling` picks (the first in code-unit order), listed in
 * that order. The reading list's rows, the library's tag counts and the exports all read a clip's
 * tags through this, so a tag two devices spelled "Work" and "work" is one tag everywhere, named
 * alike. Anything but an object (a damaged or foreign entry) holds no tags.
 */
export function shownTags(tagMap: unknown): string[] {
  // Sorted first: `distinctTags` keeps the first spelling, which is then `shownSpelling`'s choice.
  return tagMap && typeof tagMap === 'object' ? distinctTags(Object.keys(tagMap).sort()) : [];
}

/** One tag's count: the spelling shown for it, and how many clips hold it. */
export interface TagCount {
  tag: string;
  count: number;
}

/**
 * Counts one clip's tags into `counts` (keyed by `storedTagKey`): each tag once however many
 * spellings of it the clip holds, named by `shownSpelling`, so neither the count nor the name
 * depends on the order clips are read in (the extension's tag list and the `read` site agree, on
 * every device). `fresh` makes a tag's record the first time it is met; `each` is given the
 * record of each of the clip's tags, for a caller that counts more per tag (the lists it is in).
 */
export function countTags<T extends TagCount>(counts: Map<string, T>, tags: Iterable<string>, fresh: (tag: string) => T, each?: (seen: T) => void): void {
  for (const t of distinctTags(tags)) {
    const k = storedTagKey(t);
    let seen = counts.get(k);
    if (!seen) counts.set(k, (seen = fresh(t)));
    seen.tag = shownSpelling(seen.tag, t);
    seen.count++;
    each?.(seen);
  }
}

/** Tags another service kept → the tags stored: each normalised (ones it refuses dropped), one per key, at most `MAX_TAGS_PER_CLIP`. */
export function importedTags(raw: Iterable<string>): string[] {
  const out: string[] = [];
  for (const r of raw) {
    const t = normalizeTag(r);
    if (t.ok) out.push(t.value);
  }
  return distinctTags(out).slice(0, MAX_TAGS_PER_CLIP);
}
