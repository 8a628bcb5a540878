/**
 * `text` as a regular expression that matches it literally: each character with a meaning in a
 * pattern (`. * + ? ^ $ { } ( ) | [ ] \`) gets a backslash. Valid with and without the `u`
 * flag. Why one: search marks, imported quotes and stand-in titles each built patterns from
 * user text, and three private copies of this could drift (one escaped `/`, two did not).
 */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
