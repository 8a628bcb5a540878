// @vitest-environment jsdom
/**
 * The `<mark>` fallback painter (browsers without the CSS Custom Highlight API: Firefox before
 * 140, so Firefox ESR 128) wraps every non-blank text node a highlight's range intersects. A
 * range over two paragraphs also intersects what lies between them, such as an inline `<style>`
 * (Wikipedia's TemplateStyles sit inside the article before hatnotes, infoboxes and reference
 * lists). A style element's stylesheet is its child text: wrapped in a `<mark>`, it is empty.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MARK_ATTRIBUTE } from '../../../extension/highlighter/mark-painter';
import { startHighlighter, type HighlighterDeps } from '../../../extension/highlighter/page-highlights';
import { describe as describeRange } from '../../../src/anchoring/anchor';
import { textModelOf } from '../../../src/capture/text-model';
import type { HighlightView } from '../../../src/schema/highlight';
import { ok } from '../../../src/util/result';

const started: Array<ReturnType<typeof startHighlighter>> = [];
afterEach(() => started.splice(0).forEach((h) => h.stop()));

const PAGE =
  '<article><p id="a">The mill turned with the tide twice a day.</p>' +
  '<style>.hatnote{font-style:italic}</style><div class="hatnote">Main article: Tide mill</div>' +
  '<p id="b">Nobody remembers who built it.</p></article>';

describe('the mark painter on a page with an inline <style> inside a highlighted passage', () => {
  it('keeps the page’s styles applied while the highlight is drawn (style and script text is never wrapped in a <mark>)', async () => {
    document.body.innerHTML = PAGE;
    const hatnote = document.querySelector('.hatnote')!;
    expect(getComputedStyle(hatnote).fontStyle).toBe('italic');

    const model = textModelOf(document.body);
    const start = model.text.indexOf('twice a day.');
    const end = model.text.indexOf('Nobody remembers') + 'Nobody remembers'.length;
    const target = describeRange(model.rangeOf(start, end), document.body, { model });
    if (!target.ok) throw new Error(target.error.message);
    const view = {
      id: 'h1', clipId: 'clipclipclipclipclip01', color: 'yellow', note: '', createdAt: 1, updatedAt: 1,
      target: null, page: target.value, found: true, readOnly: false,
    } as HighlightView;
    const call = (async (method: string) => (method === 'pageHighlights' ? ok({ clipId: null, highlights: [view] }) : ok({}))) as unknown as HighlighterDeps['call'];
    const h = startHighlighter({ document, call, toast: () => true, topFrame: true });
    started.push(h);
    await h.load();

    // The highlight is drawn ...
    expect(document.querySelectorAll(`mark[${MARK_ATTRIBUTE}=h1]`).length).toBeGreaterThan(0);
    // ... and the page's own stylesheet still holds its rule.
    expect(getComputedStyle(hatnote).fontStyle).toBe('italic');
    expect(document.querySelector(`style mark, script mark`)).toBeNull();
  });
});
