/** Words read a minute, for the reading time a row shows (an adult's silent reading of non-fiction). */
export const WORDS_PER_MINUTE = 230;

/** A clip's reading time from its length in words ("4 min", at least "1 min"), as the list and the search results show it. */
export const readingTime = (words: number): string => `${Math.max(1, Math.round(words / WORDS_PER_MINUTE))} min`;
