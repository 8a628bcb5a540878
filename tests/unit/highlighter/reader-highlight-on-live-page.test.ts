// @vitest-environment jsdom
/**
 * A highlight made in the reader carries only `target`: a quote, a position and a range on the
 * saved copy's text and elements. On the live page "only its quote holds" (src/highlighter/
 * live-anchors.ts, `liveTargetOf`; extension/highlighter/README.md: "by its saved-copy quote
 * alone"). The page highlighter runs in jsdom with the mark fallback painter.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHighlighter, type HighlighterDeps } from '../../../extension/highlighter/page-highlights';
import { describe as describeRange } from '../../../src/anchoring/anchor';
import { textModelOf } from '../../../src/capture/text-model';
import { anchorOnPage } from '../../../src/highlighter/live-anchors';
import type { HighlightView } from '../../../src/schema/highlight';
import { ok } from '../../../src/util/result';

const started: Array<ReturnType<typeof startHighlighter>> = [];
afterEach(() => started.splice(0).forEach((h) => h.stop()));

// A song: the same chorus between the same filler lines, three times (the contexts of the
// copies are identical, so the quote alone cannot say which copy it is).
const FILLER = 'between the choruses, the same filler line';
const CHORUS = 'We sing along and the night goes on';
const SONG = `<p>${FILLER}</p><p>${CHORUS}</p><p>${FILLER}</p><p>${CHORUS}</p><p>${FILLER}</p><p>${CHORUS}</p><p>${FILLER}</p>`;

describe('a highlight made in the reader, shown on the live page', () => {
  it('is looked for by its quote alone: never drawn on another copy of a repeated passage where the saved copy’s offsets happen to point', async () => {
    // The saved copy (the reader's article): the user highlights the SECOND chorus there.
    const saved = document.createElement('article');
    saved.innerHTML = SONG;
    const model = textModelOf(saved);
    const second = model.text.indexOf(CHORUS, model.text.indexOf(CHORUS) + 1);
    const described = describeRange(model.rangeOf(second, second + CHORUS.length), saved, { model });
    if (!described.ok) throw new Error(described.error.message);
    const view = {
      id: 'h1', clipId: 'clipclipclipclipclip01', color: 'yellow', note: '', createdAt: 1, updatedAt: 1,
      target: described.value, page: null, found: true, readOnly: false,
    } as HighlightView;

    // The live page: a site header the extractor left out, then the same song. The saved copy's
    // offset of the second chorus is, on this page, where the FIRST chorus is.
    const period = FILLER.length + CHORUS.length + 2;
    document.body.innerHTML = `<header><p>${'Lyrics, menu, search, sign in'.padEnd(period - 1, '.')}</p></header><article>${SONG}</article>`;

    // What the rule of src/highlighter says for this highlight on this page: not found (the
    // quote alone cannot tell the copies apart, and a doubtful place is an orphan).
    expect(anchorOnPage([view], document.body)).toEqual([null]);

    const call = (async (method: string) => (method === 'pageHighlights' ? ok({ clipId: null, highlights: [view] }) : ok({}))) as unknown as HighlighterDeps['call'];
    const h = startHighlighter({ document, call, toast: () => true, topFrame: true });
    started.push(h);
    await h.load();

    const paragraphs = [...document.querySelectorAll('article > p')];
    const marked = paragraphs.flatMap((p, i) => (p.querySelector('mark[data-commonplace-highlight]') ? [i] : []));
    // Paragraph 1 is the first chorus: the user highlighted the second one (paragraph 3).
    expect(marked).not.toContain(1);
    expect(h.show({ highlights: [view] })).toEqual({ drawn: 0, orphans: 1 });
  });
});
