/**
 * What folding drops, on its own so that tags (src/library/tags.ts, on the side panel's first
 * screen) compare accents as search does without loading the tokeniser.
 */

/**
 * Invisible characters inside a word: the soft hyphen (`&shy;`, the hyphenation hints many
 * publishers put in long words), the zero-width non-joiner and joiner (Persian "می‌خواهم", Indic
 * conjuncts, emoji sequences), the word joiner and the BOM. `fold` drops them and a word runs
 * across them (`WORD_Y`): "co&shy;operation" was the words "co" and "operation", and typing
 * "cooperation" (or Persian without its half-space) found nothing. The zero-width space is left:
 * it is where a line may break, between words (Thai and Khmer texts mark words with it).
 */
export const IN_WORD_INVISIBLE = '\u00ad\u200c\u200d\u2060\ufeff';

/**
 * What folding drops (after NFKD): the combining marks of Latin/Greek/Cyrillic diacritics, Arabic
 * tashkeel (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks), Hebrew points,
 * Arabic tatweel, the variation selectors (presentation only: "❤️" is "❤" + U+FE0F; left in, the
 * selector alone was a term, so "❤️" found every clip holding such an emoji, and its mark split
 * the emoji), and `IN_WORD_INVISIBLE`. Not every `\p{M}`: Indic vowel signs and viramas, or the
 * Japanese (han)dakuten, change which word it is, so they stay.
 */
export const FOLDED_MARKS = new RegExp(
  `[\\u0300-\\u036f\\u0483-\\u0489\\u0591-\\u05bd\\u05bf\\u05c1\\u05c2\\u05c4\\u05c5\\u05c7\\u0610-\\u061a\\u064b-\\u065f\\u0670\\u06d6-\\u06dc\\u06df-\\u06e4\\u06e7\\u06e8\\u06ea-\\u06ed\\u0640\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe00-\\ufe0f\\ufe20-\\ufe2f\\u{e0100}-\\u{e01ef}${IN_WORD_INVISIBLE}]`,
  'gu',
);
/** Marks `fold` drops at a word's start (`rawTokensOf`: a mark does not open on them). */
export const LEADING_FOLDED_MARKS = new RegExp(`^${FOLDED_MARKS.source}+`, 'u');

/**
 * Decomposed text (NFKD) without what `fold` drops (`FOLDED_MARKS`: accents, tashkeel, Hebrew
 * points, variation selectors, invisible characters inside words), the marks that change a word
 * kept: what "accent-insensitive" means wherever text is compared, so tags (`tagKey`,
 * src/library/tags.ts) and search agree.
 */
export function withoutFoldedMarks(decomposed: string): string {
  return decomposed.replace(FOLDED_MARKS, '');
}
