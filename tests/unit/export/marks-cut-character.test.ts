/**
 * An export draws highlights as `<mark>`s the way the reader finds them. A highlight stored
 * before `describe` widened selections to whole characters can end inside one: after 👩 of
 * 👩‍💻, before an accent, or between the halves of a surrogate pair. Its mark takes the whole
 * character (src/anchoring, `anchor`). Before, the mark cut it, and a cut between the halves
 * of a pair left a lone surrogate in each piece: written as UTF-8, both became U+FFFD.
 */
import { describe, expect, it } from 'vitest';
import { positionKind, quoteKind } from '../../../src/anchoring/selector-kinds';
import { markHighlights } from '../../../src/export/marks';
import type { ExportHighlight } from '../../../src/export/types';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { domWindow } from './fixtures';

const HTML = '<p>Written by a 👩\u200d💻 at night, then a cafe\u0301 here.</p>';
const TEXT = 'Written by a 👩\u200d💻 at night, then a cafe\u0301 here.';

/** The target an older build stored on the saved copy for [start, end): the ends as given. */
function oldTarget(start: number, end: number): HighlightTarget {
  const passage = { text: TEXT, model: null, start, end };
  return { quote: quoteKind.describe(passage)!, position: positionKind.describe(passage)!, range: null } as HighlightTarget;
}
const highlight = (target: HighlightTarget): ExportHighlight => ({ id: 'h1', color: 'yellow', note: '', createdAt: 1, updatedAt: 1, v: 1, target, page: null });

describe('export marks of a stored highlight that ends inside a character', () => {
  const e = TEXT.indexOf('👩');
  const cafe = TEXT.indexOf('cafe');
  it.each([
    ['after 👩 of 👩‍💻', 0, e + 2, 'Written by a 👩\u200d💻'],
    ['between the halves of 👩', 0, e + 1, 'Written by a 👩\u200d💻'],
    ['from 💻 on', e + 3, e + 8, '👩\u200d💻 at'],
    ['before the accent of é', cafe, cafe + 4, 'cafe\u0301'],
  ])('%s: the mark takes the whole character', (_name, start, end, whole) => {
    const { html, marked } = markHighlights(domWindow(), HTML, [highlight(oldTarget(start, end))]);
    expect(marked.size).toBe(1);
    expect(html).toContain(`>${whole}</mark>`);
    expect(html.isWellFormed()).toBe(true);
  });
});
