/**
 * Tags as search compares them (the index's, the typed `tag:`, the filter bar's): on their own
 * so the query parser, the index's fields and the filters share one reading.
 */
import { MAX_TAG_CHARS, tagLabel } from '../library/tags';
import { fold } from './normalize';

/**
 * The longest folded tag compared, in characters (code points): what the longest tag the library
 * keeps (`MAX_TAG_CHARS`) can fold to, a character folding to at most 18 (NFKD of "ﷺ"). Only a
 * longer tag, stored by another program, is cut.
 */
export const MAX_FOLDED_TAG_CHARS = 18 * MAX_TAG_CHARS;

/**
 * A tag as filters and the index compare it: cleaned as the library stores a tag (`tagLabel`:
 * invisible characters dropped, spaces collapsed; leading `#`s dropped), folded (which drops the
 * joiners `tagKey` ignores), trimmed, cut to `MAX_FOLDED_TAG_CHARS` whole characters. Every tag
 * the library counts as one (`tagKey`) folds to one value, so a tag filter finds every clip of the
 * tag: a tag with a zero-width joiner and the same without, "#toread" and "toread", "two  words"
 * and "two words" were each one tag in the tag menu and two to the filter. No tag the library
 * keeps is cut: cut at 200 UTF-16 units once folded, a tag of 150 emoji (300 units) or of 150 "ß"
 * ("ss" folded) lost its end, its filter found every tag beginning the same, and a cut could
 * leave half an emoji.
 */
export function foldTag(tag: string): string {
  const folded = fold(tagLabel(tag)).trim();
  return folded.length > MAX_FOLDED_TAG_CHARS ? cutToChars(folded, MAX_FOLDED_TAG_CHARS).trim() : folded;
}

/** `text`'s first `max` code points (`text.length` units is at least its code points, so shorter texts come back whole). */
function cutToChars(text: string, max: number): string {
  let end = 0;
  for (let n = 0; n < max && end < text.length; n++) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
  return text.slice(0, end);
}
