/**
 * The body of a regular-expression character class (use it inside `[…]`) of the characters that
 * are there but not seen: zero-width characters, direction marks, bidirectional overrides and
 * isolates (they can disguise text), BOMs. An import drops them from the text it keeps
 * (src/import/clean.ts), and an imported quote is found in an article that still holds them
 * (src/library/import-entry.ts): one list, so that what is dropped and what is skipped cannot drift.
 */
export const INVISIBLE_CLASS = '\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2069\\ufeff';
