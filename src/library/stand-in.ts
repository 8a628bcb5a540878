import { escapeHtml } from '../util/escape-html';
import { escapeRegExp } from '../util/escape-regexp';

/**
 * Stand-in articles: the one-paragraph articles an importer writes for an item it has no article
 * for. They are the clip's marker (docs/schema.md, "Stand-in articles"): extractor `text` and a
 * text that is exactly one of the sentences below. No field marks them, so every library written
 * before this rule is recognised too; the sentences are therefore part of the schema: never
 * reword one, add the new wording beside it.
 *
 * This module is their one source: the importers write them with `linkStandInHtml`,
 * `noCopyStandInHtml` and `notExportedStandInHtml`, and `isStandIn` recognises them by patterns
 * made from the same words, so a writer and the recogniser cannot drift apart.
 */

/**
 * The words of each stand-in, cut where the source's name or the link goes. Their text (the HTML's
 * `textOfHtml`) is the words joined with the source's name between the first two.
 */
const WORDS = {
  /** "Imported from <source>. The article was not fetched: open the original." (the last words but one are the link) */
  link: ['Imported from ', '. The article was not fetched: ', 'open the original', '.'],
  /** "Imported from <source>, which kept no copy of it; it has no web address of its own." */
  noCopy: ['Imported from ', ', which kept no copy of it; it has no web address of its own.'],
  /** "This clip's article was not in the Commonplace export it was imported from. Open the original." (the last words but one are the link) */
  notExported: ["This clip's article was not in the Commonplace export it was imported from. ", 'Open the original', '.'],
} as const;

/** What a source's name may be in a stand-in: one line, at most 80 characters ("Pocket", "your bookmarks"). */
const SOURCE = '[^\\n]{1,80}';
/** The pattern of a whole stand-in text: its parts, trimmed text only. */
const whole = (...parts: string[]): RegExp => new RegExp(`^${parts.join('')}$`);

/**
 * The stand-in of an imported link whose source kept no article (`linkPage`,
 * src/import/to-capture.ts): a paragraph naming the source (`source`, "Pocket") with a link to
 * `url`. Its text is "Imported from Pocket. The article was not fetched: open the original."
 */
export function linkStandInHtml(source: string, url: string): string {
  const [from, notFetched, open, end] = WORDS.link;
  return `<p>${escapeHtml(from)}${escapeHtml(source)}${escapeHtml(notFetched)}<a href="${escapeHtml(url)}">${escapeHtml(open)}</a>${escapeHtml(end)}</p>`;
}

/** The stand-in of an imported item whose address leads nowhere (an Omnivore newsletter the service kept no copy of): the source's name, no link. */
export function noCopyStandInHtml(source: string): string {
  const [from, rest] = WORDS.noCopy;
  return `<p>${escapeHtml(from)}${escapeHtml(source)}${escapeHtml(rest)}</p>`;
}

/** The stand-in of a clip a Commonplace export held without its article (`restoreItem`), with a link to `url`, its original. */
export function notExportedStandInHtml(url: string): string {
  const [words, open, end] = WORDS.notExported;
  return `<p>${escapeHtml(words)}<a href="${escapeHtml(url)}">${escapeHtml(open)}</a>${escapeHtml(end)}</p>`;
}

/**
 * An imported link whose source kept no article (`linkStandInHtml`): "Imported from Pocket. The
 * article was not fetched: open the original." The link fetch looks for it.
 */
export const LINK_STAND_IN = whole(escapeRegExp(WORDS.link[0]), SOURCE, ...WORDS.link.slice(1).map(escapeRegExp));

/** Every stand-in's text: the link's; a stand-in address's (an Omnivore newsletter with no copy); a Commonplace export's clip without its article (`restoreItem`). */
const STAND_INS: readonly RegExp[] = [
  LINK_STAND_IN,
  whole(escapeRegExp(WORDS.noCopy[0]), SOURCE, escapeRegExp(WORDS.noCopy[1])),
  whole(...WORDS.notExported.map(escapeRegExp)),
];

/** Most words a stand-in has: an article longer than this is never read to be checked. */
export const STAND_IN_MAX_WORDS = 20;

/**
 * Whether an article is an importer's stand-in, from its extractor and its text. Why it matters:
 * an import may replace a stand-in with the real article (`ClipWriter.importBatch`), never any
 * other article; a capture's own extractor (`readability`, `body`, `selection`) is never one.
 */
export function isStandIn(extractor: unknown, text: string): boolean {
  if (extractor !== 'text') return false;
  const t = text.trim();
  return t.length < 400 && STAND_INS.some((re) => re.test(t));
}
