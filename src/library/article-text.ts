import { textPrefixOfHtml } from '../capture/text';
import { inflateText, inflateTextPieces } from './compress';

/** HTML characters read before the first try at the text; each further try waits for twice as much. */
const FIRST_TRY = 16_384;

/**
 * `textPrefixOfHtml(html, chars)` of the article `deflateText` compressed into `bytes`, inflating
 * only as much of it as those characters need. Exactly the same text as inflating it whole.
 *
 * How: the HTML read so far, cut after its last `>`, gives a prefix of the whole article's text
 * (`textPrefixOfHtml` reads left to right and only appends; text after the cut, where an entity
 * or a tag may be split, is not read). Once that prefix holds `chars` characters they are final.
 * Tries are made each time the HTML read has doubled, so an article is read at most about twice.
 * Why: the search index holds the first 4,096 characters of each article, and inflating every
 * article whole was most of what a rebuild of 10,000 clips allocated (issue 12). Throws on damaged data.
 */
export async function textPrefixOfDeflated(bytes: Uint8Array, chars: number): Promise<string> {
  if (!Number.isFinite(chars)) return textPrefixOfHtml(await inflateText(bytes), chars);
  let html = '';
  let nextTry = FIRST_TRY;
  let found: string | null = null;
  await inflateTextPieces(bytes, (piece) => {
    html += piece;
    if (html.length < nextTry) return false;
    nextTry = html.length * 2;
    const text = textPrefixOfHtml(html.slice(0, html.lastIndexOf('>') + 1), chars);
    if (text.length < chars) return false;
    found = text;
    return true;
  });
  return found ?? textPrefixOfHtml(html, chars);
}

