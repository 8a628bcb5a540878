// @vitest-environment jsdom
/**
 * After the extension is updated or reloaded, Chromium leaves the old content script running in
 * the pages that stayed open, with its messages failing: a selection still showed its toolbar,
 * and each colour clicked failed with an error. Orphaned, the highlighter stops answering the
 * page and keeps its drawings (the new script shares the document's highlight registry).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOST_TAG } from '../../../extension/highlighter/ui-host';
import { startHighlighter, type HighlighterDeps } from '../../../extension/highlighter/page-highlights';
import { ok, type Result } from '../../../src/util/result';

const started: Array<ReturnType<typeof startHighlighter>> = [];
afterEach(() => started.splice(0).forEach((h) => h.stop()));

function select(): void {
  document.body.innerHTML = '<article><p id="a">The mill turned with the tide twice a day.</p></article>';
  const r = document.createRange();
  r.setStart(document.querySelector('#a')!.firstChild!, 4);
  r.setEnd(document.querySelector('#a')!.firstChild!, 8);
  window.getSelection()!.removeAllRanges();
  window.getSelection()!.addRange(r);
  document.body.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
}
const toolbarShown = () => {
  const bar = document.querySelector(HOST_TAG)?.shadowRoot?.querySelector<HTMLElement>('[data-testid=highlight-toolbar]');
  return !!bar && !bar.hidden;
};
const settle = () => new Promise((r) => setTimeout(r, 400));

describe('the highlighter of a content script the extension left behind', () => {
  it('shows its toolbar while the extension is there, and nothing once it is orphaned', async () => {
    let gone = false;
    const calls: string[] = [];
    const call = (async (method: string): Promise<Result<unknown>> => (calls.push(method), ok({ clipId: null, highlights: [] }))) as unknown as HighlighterDeps['call'];
    const h = startHighlighter({ document, call, toast: () => true, topFrame: true, orphaned: () => gone });
    started.push(h);
    select();
    await settle();
    expect(toolbarShown()).toBe(true);

    gone = true;
    window.getSelection()!.removeAllRanges();
    select();
    await settle();
    expect(toolbarShown()).toBe(false);
    expect(calls).toEqual([]);
  });
});
