// @vitest-environment jsdom
/**
 * The page's highlight popover saves its note when it closes (a press elsewhere, Escape) and
 * the background answers a moment later. Reopening the same highlight in that moment (the
 * press that closed it was on the highlight itself: mousedown closes, its click reopens)
 * must show the note just written, not the note as it was loaded. Runs with the mark painter
 * (jsdom has no CSS Custom Highlight API).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOST_TAG } from '../../../extension/highlighter/ui-host';
import { startHighlighter, type HighlighterDeps } from '../../../extension/highlighter/page-highlights';
import { describe as describeRange } from '../../../src/anchoring/anchor';
import type { HighlightView } from '../../../src/schema/highlight';
import { ok, type Result } from '../../../src/util/result';

const started: Array<ReturnType<typeof startHighlighter>> = [];
afterEach(() => started.splice(0).forEach((h) => h.stop()));
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the highlight popover on the live page', () => {
  it('shows the note just typed when the same highlight is opened again before the background has answered its save', async () => {
    document.body.innerHTML = '<article><p id="a">The mill turned with the tide twice a day.</p></article>';
    const r = document.createRange();
    r.setStart(document.querySelector('#a')!.firstChild!, 4);
    r.setEnd(document.querySelector('#a')!.firstChild!, 8);
    const target = describeRange(r, document.body);
    if (!target.ok) throw new Error(target.error.message);
    const hl = {
      id: 'hl-noted-000000001', clipId: 'clipclipclipclipclip01', color: 'yellow', note: '', createdAt: 1, updatedAt: 1,
      target: null, page: target.value, found: true, readOnly: false,
    } as HighlightView;

    let answer: () => void = () => undefined;
    const call = (async (method: string, params: Record<string, unknown>): Promise<Result<unknown>> => {
      if (method === 'pageHighlights') return ok({ clipId: null, highlights: [hl] });
      if (method === 'changePageHighlight') {
        // The background writes durably, then answers: not at once.
        await new Promise<void>((resolve) => (answer = resolve));
        return ok({ highlight: { ...hl, note: params.note as string, updatedAt: 2 } });
      }
      return ok({});
    }) as unknown as HighlighterDeps['call'];
    const h = startHighlighter({ document, call, toast: () => true, topFrame: true });
    started.push(h);
    await h.load();

    const mark = () => document.querySelector('mark[data-commonplace-highlight]')!;
    mark().dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: 5 }));
    const popover = document.querySelector(HOST_TAG)!.shadowRoot!.querySelector<HTMLElement>('[data-testid=highlight-popover]')!;
    expect(popover.hidden).toBe(false);
    const note = popover.querySelector('textarea')!;
    note.value = 'Check the tide tables for this mill';

    // A click on the highlight again: its press closes the popover (saving the note), its click reopens it.
    mark().dispatchEvent(new MouseEvent('mousedown', { bubbles: true, clientX: 5, clientY: 5 }));
    mark().dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: 5 }));
    expect(popover.hidden).toBe(false);
    expect(note.value).toBe('Check the tide tables for this mill');

    answer();
    await tick();
    await tick();
  });
});
