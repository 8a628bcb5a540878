// @vitest-environment jsdom
/**
 * A redraw from elsewhere against the page's own changes. The background reads a page's
 * highlights and only later hands them to the tab (`announce`: a highlight changed in the
 * side panel or by sync, `showHighlights`), and the page's first `pageHighlights` is answered
 * whenever the library is ready: a list read before this page's own write can arrive after
 * its answer. The last state must win: a highlight just made (or deleted) here stays so, and a
 * change made elsewhere after it still shows.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HIGHLIGHT_FILL } from '../../../extension/highlighter/colors';
import { HOST_TAG } from '../../../extension/highlighter/ui-host';
import { startHighlighter, type HighlighterDeps } from '../../../extension/highlighter/page-highlights';
import type { HighlightView } from '../../../src/schema/highlight';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { ok } from '../../../src/util/result';
import { ARTICLE, CLIP, targetOf, view } from './page-fixture';

/**
 * A fake background holding the clip's highlights: `pageHighlights` reads the list when it is
 * called and answers when `release` is called (at once unless `holdReads`), as a slow library would.
 */
function background(initial: HighlightView[]) {
  const stored = new Map(initial.map((v) => [v.id as string, v]));
  const reads: Array<() => void> = [];
  const state = { holdReads: false, methods: [] as string[] };
  const call = (async (method: string, p: Record<string, unknown>) => {
    state.methods.push(method);
    if (method === 'pageHighlights') {
      const list = [...stored.values()];
      if (state.holdReads) await new Promise<void>((resolve) => reads.push(resolve));
      return ok({ clipId: CLIP, highlights: list });
    }
    if (method === 'highlightOnPage') {
      const v = view(p.highlightId as string, p.target as HighlightTarget, { color: p.color as 'yellow' });
      stored.set(v.id, v);
      return ok({ highlight: v, savedPage: false });
    }
    if (method === 'changePageHighlight') {
      const old = stored.get(p.highlightId as string)!;
      if (p.deleted === true) stored.delete(old.id);
      const v = { ...old, ...(p.color ? { color: p.color as 'yellow' } : {}) };
      if (p.deleted !== true) stored.set(v.id, v);
      return ok({ highlight: v });
    }
    throw new Error(`unexpected ${method}`);
  }) as unknown as HighlighterDeps['call'];
  return { stored, call, state, release: () => reads.splice(0).forEach((r) => r()), list: () => [...stored.values()] };
}

const shadow = () => document.querySelector(HOST_TAG)!.shadowRoot!;
const marks = () => [...document.querySelectorAll('mark[data-commonplace-highlight]')].map((m) => `${m.getAttribute('data-commonplace-highlight')}:${m.textContent}`);
const tick = () => new Promise((r) => setTimeout(r, 0));

const started: Array<ReturnType<typeof startHighlighter>> = [];
afterEach(() => started.splice(0).forEach((h) => h.stop()));
beforeEach(() => {
  document.body.innerHTML = ARTICLE;
});

function start(bg: ReturnType<typeof background>) {
  const h = startHighlighter({ document, call: bg.call, toast: () => true, topFrame: true });
  started.push(h);
  return h;
}

/** Highlights #a from the toolbar (yellow) and lets the background answer; returns the new id. */
async function highlightA(bg: ReturnType<typeof background>): Promise<string> {
  const r = document.createRange();
  r.selectNodeContents(document.querySelector('#a')!.firstChild!);
  document.getSelection()!.addRange(r);
  vi.useFakeTimers();
  window.dispatchEvent(new MouseEvent('mouseup'));
  vi.advanceTimersByTime(300);
  vi.useRealTimers();
  shadow().querySelector<HTMLButtonElement>('[data-testid=highlight-toolbar] [data-color=yellow]')!.click();
  await tick();
  const id = [...bg.stored.keys()].at(-1)!;
  expect(marks()).toContain(`${id}:The mill turned with the tide twice a day.`);
  return id;
}

const blueFill = (() => {
  const m = document.createElement('mark');
  m.style.backgroundColor = HIGHLIGHT_FILL.blue;
  return m.style.backgroundColor;
})();
const OLD = () => view('hl-old-on-the-page1', targetOf('#b', 0, 6));

describe('a redraw from elsewhere that read the list before this page’s own write', () => {
  it('keeps a highlight just made when the background’s redraw read the list before it was saved', async () => {
    const old = OLD();
    const bg = background([old]);
    const h = start(bg);
    await h.load();
    // The side panel recolours the old highlight: the background reads the list to tell the tab…
    bg.stored.set(old.id, { ...old, color: 'blue' });
    const readBeforeTheSave = bg.list();
    // …and meanwhile the user highlights #a here, and the background answers.
    const id = await highlightA(bg);
    // The redraw arrives now, with the list it read before the save.
    h.show({ highlights: readBeforeTheSave });
    await tick();
    await tick();
    expect(marks()).toEqual([`${id}:The mill turned with the tide twice a day.`, 'hl-old-on-the-page1:Nobody']);
    // The change made elsewhere shows too.
    expect(document.querySelector<HTMLElement>('mark[data-commonplace-highlight=hl-old-on-the-page1]')!.style.backgroundColor).toBe(blueFill);
  });

  it('keeps a highlight made while the page’s first read was still unanswered', async () => {
    const bg = background([OLD()]);
    bg.state.holdReads = true;
    const h = start(bg);
    const loading = h.load();
    const id = await highlightA(bg);
    bg.release();
    await loading;
    await tick();
    bg.release();
    await tick();
    await tick();
    expect(marks()).toEqual([`${id}:The mill turned with the tide twice a day.`, 'hl-old-on-the-page1:Nobody']);
  });

  it('does not draw again a highlight just deleted here when a redraw read the list before the delete', async () => {
    const bg = background([OLD()]);
    const h = start(bg);
    await h.load();
    const readBeforeTheDelete = bg.list();
    document.querySelector('mark')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: 5 }));
    shadow().querySelector<HTMLButtonElement>('[data-testid=highlight-popover] [data-action=delete]')!.click();
    await tick();
    expect(marks()).toEqual([]);
    h.show({ highlights: readBeforeTheDelete });
    await tick();
    await tick();
    expect(marks()).toEqual([]);
  });

  it('still follows a change made elsewhere after this page’s own (the last state wins)', async () => {
    const bg = background([OLD()]);
    const h = start(bg);
    await h.load();
    const id = await highlightA(bg);
    // The side panel deletes the highlight just made: its redraw does not hold it.
    bg.stored.delete(id);
    h.show({ highlights: bg.list() });
    await tick();
    await tick();
    expect(marks()).toEqual(['hl-old-on-the-page1:Nobody']);
    // A redraw that agrees with the page costs no second read.
    const reads = bg.state.methods.filter((m) => m === 'pageHighlights').length;
    h.show({ highlights: bg.list() });
    await tick();
    expect(bg.state.methods.filter((m) => m === 'pageHighlights').length).toBe(reads);
  });
});
