/**
 * Stand-in articles: the one-paragraph articles an importer writes for an item it has no article
 * for. They are the clip's marker (docs/schema.md, "Stand-in articles"): extractor `text` and a
 * text that is exactly one of the sentences below. No field marks them, so every library written
 * before this rule is recognised too; the sentences are therefore part of the schema: never
 * reword one, add the new wording beside it.
 */

/**
 * An imported link whose source kept no article (`linkPage`, src/import/to-capture.ts): "Imported
 * from Pocket. The article was not fetched: open the original." The link fetch looks for it.
 */
export const LINK_STAND_IN = /^Imported from [^\n]{1,80}\. The article was not fetched: open the original\.$/;

/** Every stand-in's text: the link's; a stand-in address's (an Omnivore newsletter with no copy); a Commonplace export's clip without its article (`restoreItem`). */
const STAND_INS: readonly RegExp[] = [
  LINK_STAND_IN,
  /^Imported from [^\n]{1,80}, which kept no copy of it; it has no web address of its own\.$/,
  /^This clip's article was not in the Commonplace export it was imported from\. Open the original\.$/,
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
