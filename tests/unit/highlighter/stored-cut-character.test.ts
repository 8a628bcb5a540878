// @vitest-environment jsdom
/**
 * Highlights stored before `describe` widened a selection to whole characters can have a
 * target that ends inside one: after 👩 of 👩‍💻, between a letter and its accent, or even
 * between the two halves of a surrogate pair. Such a stored target is drawn on the live page
 * widened to whole grapheme clusters (src/anchoring/anchor.ts, `anchor`), without the stored
 * data being rewritten. Before, it was drawn cut inside the character.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHighlighter, type HighlighterDeps } from '../../../extension/highlighter/page-highlights';
import { positionKind, quoteKind, rangeKind } from '../../../src/anchoring/selector-kinds';
import { textModelOf, type TextModel } from '../../../src/capture/text-model';
import { anchorOnPage } from '../../../src/highlighter/live-anchors';
import type { HighlightView } from '../../../src/schema/highlight';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { ok } from '../../../src/util/result';

const started: Array<ReturnType<typeof startHighlighter>> = [];
afterEach(() => started.splice(0).forEach((h) => h.stop()));

const PAGE = '<article><p>Written by a 👩\u200d💻 at night, then a cafe\u0301 in the morning.</p><p>Another paragraph follows.</p></article>';

/** The target an older build stored for [start, end): the ends as given, not widened. */
function oldTarget(model: TextModel, start: number, end: number, withRange = true): HighlightTarget {
  const passage = { text: model.text, model, start, end };
  return { quote: quoteKind.describe(passage)!, position: positionKind.describe(passage)!, range: withRange ? rangeKind.describe(passage) : null } as HighlightTarget;
}

const viewOf = (page: HighlightTarget | null, target: HighlightTarget | null): HighlightView =>
  ({ id: 'h1', clipId: 'clipclipclipclipclip01', color: 'yellow', note: '', createdAt: 1, updatedAt: 1, target, page, found: true, readOnly: false }) as HighlightView;

/** Each stored cut, and the text a whole-character highlight over it shows. */
function cuts(text: string): Array<{ name: string; start: number; end: number; whole: string }> {
  const e = text.indexOf('👩');
  const cafe = text.indexOf('cafe');
  return [
    { name: 'after 👩 of 👩‍💻', start: 0, end: e + 2, whole: 'Written by a 👩\u200d💻' },
    { name: 'after the joiner of 👩‍💻', start: 0, end: e + 3, whole: 'Written by a 👩\u200d💻' },
    { name: 'between the halves of 👩', start: 0, end: e + 1, whole: 'Written by a 👩\u200d💻' },
    { name: 'from 💻 on', start: e + 3, end: e + 8, whole: '👩\u200d💻 at' },
    { name: 'before the accent of é', start: cafe, end: cafe + 4, whole: 'cafe\u0301' },
  ];
}

describe('a stored target that ends inside a character, on the live page', () => {
  it('is found with its ends moved out to whole characters, by its page selectors and by the saved copy’s quote', () => {
    document.body.innerHTML = PAGE;
    const model = textModelOf(document.body);
    for (const c of cuts(model.text)) {
      const fromPage = anchorOnPage([viewOf(oldTarget(model, c.start, c.end), null)], document.body)[0];
      expect(fromPage && model.text.slice(fromPage.start, fromPage.end), `${c.name} (page)`).toBe(c.whole);
      expect(fromPage!.range.toString(), `${c.name} (page range)`).toBe(c.whole);
      const fromReader = anchorOnPage([viewOf(null, oldTarget(model, c.start, c.end, false))], document.body)[0];
      expect(fromReader && fromReader.range.toString(), `${c.name} (reader's quote)`).toBe(c.whole);
    }
  });

  it('is drawn whole by the page highlighter (marks), never splitting a surrogate pair', async () => {
    document.body.innerHTML = PAGE;
    const model = textModelOf(document.body);
    const e = model.text.indexOf('👩');
    const view = viewOf(oldTarget(model, 0, e + 1), null);
    const call = (async (method: string) => (method === 'pageHighlights' ? ok({ clipId: null, highlights: [view] }) : ok({}))) as unknown as HighlighterDeps['call'];
    const h = startHighlighter({ document, call, toast: () => true, topFrame: true });
    started.push(h);
    await h.load();
    const marks = [...document.querySelectorAll('mark[data-commonplace-highlight]')];
    expect(marks.map((m) => m.textContent).join('')).toBe('Written by a 👩\u200d💻');
    // No text node of the page holds half a character.
    const walker = document.createTreeWalker(document.body, 4);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) expect((n as Text).data.isWellFormed(), JSON.stringify((n as Text).data)).toBe(true);
  });
});
