// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOST_TAG } from '../../../extension/highlighter/ui-host';
import { startHighlighter, type HighlighterDeps } from '../../../extension/highlighter/page-highlights';
import { liveTargetOf } from '../../../src/highlighter/live-anchors';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { err, ok, type Result } from '../../../src/util/result';
import { ARTICLE, CLIP, targetOf, view } from './page-fixture';

type Calls = Array<{ method: string; params: Record<string, unknown> }>;
/** A fake background: records calls, answers from `answers`. */
function fakeCall(answers: Partial<Record<string, (p: Record<string, unknown>) => Result<unknown>>>, calls: Calls): HighlighterDeps['call'] {
  return (async (method: string, params: Record<string, unknown>) => {
    calls.push({ method, params });
    return answers[method]?.(params) ?? err('internal', `no answer for ${method}`);
  }) as HighlighterDeps['call'];
}

const shadow = () => document.querySelector(HOST_TAG)!.shadowRoot!;
const marks = () => [...document.querySelectorAll('mark[data-commonplace-highlight]')].map((m) => `${m.getAttribute('data-commonplace-highlight')}:${m.textContent}`);
const tick = () => new Promise((r) => setTimeout(r, 0));

let toasts: Array<{ kind: string; message: string }>;
let calls: Calls;
const started: Array<ReturnType<typeof startHighlighter>> = [];
afterEach(() => started.splice(0).forEach((h) => h.stop()));
beforeEach(() => {
  document.body.innerHTML = ARTICLE;
  toasts = [];
  calls = [];
});
afterEach(() => vi.useRealTimers());

function start(answers: Parameters<typeof fakeCall>[0], topFrame = true) {
  const h = startHighlighter({ document, call: fakeCall(answers, calls), toast: (t) => (toasts.push(t), true), topFrame });
  started.push(h);
  return h;
}

/** Selects the text of `sel` with a mouse release, and lets the toolbar's debounce pass. */
function selectForToolbar(sel: string): void {
  const r = document.createRange();
  r.selectNodeContents(document.querySelector(sel)!.firstChild!);
  document.getSelection()!.addRange(r);
  vi.useFakeTimers();
  window.dispatchEvent(new MouseEvent('mouseup'));
  vi.advanceTimersByTime(300);
  vi.useRealTimers();
}

/** A highlight of #a made from the toolbar whose save the background has not answered yet; `answer` answers it. */
async function unansweredHighlight(): Promise<{ answer: () => void }> {
  let answer: () => void = () => undefined;
  const h = start({
    pageHighlights: () => ok({ clipId: null, highlights: [] }),
    highlightOnPage: (p) => new Promise<void>((resolve) => (answer = resolve)).then(() => ok({ highlight: view(p.highlightId as string, p.target as HighlightTarget), savedPage: false })) as never,
  });
  await h.load();
  selectForToolbar('#a');
  shadow().querySelector<HTMLButtonElement>('[data-testid=highlight-toolbar] [data-color=yellow]')!.click();
  await tick();
  return { answer: () => answer() };
}

describe('the live page highlighter (jsdom: the mark fallback)', () => {
  it('draws the page’s highlights on load, by page selectors or by the saved copy’s quote alone', async () => {
    const onPage = view('hl-on-the-page-0001', targetOf('#a', 4, 8));
    const fromReader = view('hl-from-reader-0001', null, {
      color: 'blue',
      // A saved-copy target: its position points elsewhere on the live page, its quote holds.
      target: { quote: { type: 'TextQuoteSelector', exact: 'Nobody remembers', prefix: '', suffix: ' who built it.' }, position: { type: 'TextPositionSelector', start: 0, end: 16 }, range: null },
    });
    const orphan = view('hl-orphan-00000001', null, { target: { quote: { type: 'TextQuoteSelector', exact: 'not on this page at all', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 5 }, range: null } });
    const h = start({ pageHighlights: () => ok({ clipId: CLIP, highlights: [onPage, fromReader, orphan] }) });
    await h.load();
    expect(marks()).toEqual(['hl-on-the-page-0001:mill', 'hl-from-reader-0001:Nobody remembers']);
    expect(liveTargetOf(fromReader)?.position).toBeNull();
    expect(h.show({ highlights: [onPage, orphan] })).toEqual({ drawn: 1, orphans: 1 });
    expect(marks()).toEqual(['hl-on-the-page-0001:mill']);
  });

  it('highlights a selection from the toolbar, with the note, and keeps what the background answers', async () => {
    const h = start({
      pageHighlights: () => ok({ clipId: null, highlights: [] }),
      highlightOnPage: (p) => ok({ highlight: view(p.highlightId as string, p.target as HighlightTarget, { color: 'green', note: p.note as string }), savedPage: true }),
    });
    await h.load();
    selectForToolbar('#b');
    const toolbar = shadow().querySelector<HTMLElement>('[data-testid=highlight-toolbar]')!;
    expect(toolbar.hidden).toBe(false);
    toolbar.querySelector<HTMLButtonElement>('[data-action=note]')!.click();
    toolbar.querySelector('textarea')!.value = 'who, then?';
    toolbar.querySelector<HTMLButtonElement>('[data-color=green]')!.click();
    await tick();
    expect(calls.at(-1)).toMatchObject({ method: 'highlightOnPage', params: { color: 'green', note: 'who, then?', target: { quote: { exact: 'Nobody remembers who built it.' } } } });
    expect(marks()).toEqual([`${calls.at(-1)!.params.highlightId as string}:Nobody remembers who built it.`]);
    expect(toasts).toEqual([{ kind: 'success', message: expect.stringMatching(/Saved this page/) }]);
    expect(toolbar.hidden).toBe(true);
  });

  it('rolls a refused highlight back and shows why', async () => {
    const h = start({ pageHighlights: () => ok({ clipId: null, highlights: [] }), highlightOnPage: () => err('storage-full', 'No room left.') });
    await h.load();
    selectForToolbar('#a');
    shadow().querySelector<HTMLButtonElement>('[data-testid=highlight-toolbar] [data-color=yellow]')!.click();
    await tick();
    expect(marks()).toEqual([]);
    expect(toasts).toEqual([{ kind: 'error', message: 'No room left.' }]);
  });

  it('opens a popover on a clicked highlight: colour, note, delete and undo all go to the background', async () => {
    const hl = view('hl-clicked-0000001', targetOf('#a', 4, 8));
    const h = start({
      pageHighlights: () => ok({ clipId: CLIP, highlights: [hl] }),
      changePageHighlight: (p) => ok({ highlight: { ...hl, color: (p.color as 'blue') ?? hl.color, note: (p.note as string) ?? hl.note } }),
    });
    await h.load();
    document.querySelector('mark')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: 5 }));
    const pop = shadow().querySelector<HTMLElement>('[data-testid=highlight-popover]')!;
    expect(pop.hidden).toBe(false);
    pop.querySelector<HTMLButtonElement>('[data-color=blue]')!.click();
    await tick();
    expect(calls.at(-1)).toEqual({ method: 'changePageHighlight', params: { highlightId: hl.id, color: 'blue' } });
    const note = pop.querySelector('textarea')!;
    note.value = 'a note';
    note.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await tick();
    expect(calls.at(-1)).toEqual({ method: 'changePageHighlight', params: { highlightId: hl.id, note: 'a note', noteBase: '' } });
    pop.querySelector<HTMLButtonElement>('[data-action=delete]')!.click();
    await tick();
    expect(calls.at(-1)).toEqual({ method: 'changePageHighlight', params: { highlightId: hl.id, deleted: true } });
    expect(marks()).toEqual([]);
    const undo = shadow().querySelector<HTMLElement>('[data-testid=highlight-undo]')!;
    expect(undo.hidden).toBe(false);
    undo.querySelector<HTMLButtonElement>('button')!.click();
    await tick();
    expect(calls.at(-1)).toEqual({ method: 'changePageHighlight', params: { highlightId: hl.id, deleted: false } });
    expect(marks()).toEqual([`${hl.id}:mill`]);
  });

  it('keeps every other highlight drawn when one changes colour or is deleted (the mark painter splits text nodes as it draws)', async () => {
    const a = view('hl-aaaaaaaaaaaa0001', targetOf('#a', 4, 8));
    const b = view('hl-bbbbbbbbbbbb0001', targetOf('#b', 0, 6));
    const h = start({
      pageHighlights: () => ok({ clipId: CLIP, highlights: [a, b] }),
      changePageHighlight: (p) => ok({ highlight: { ...a, color: (p.color as 'blue') ?? a.color } }),
    });
    await h.load();
    expect(marks()).toEqual(['hl-aaaaaaaaaaaa0001:mill', 'hl-bbbbbbbbbbbb0001:Nobody']);
    document.querySelector('mark')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: 5 }));
    const pop = shadow().querySelector<HTMLElement>('[data-testid=highlight-popover]')!;
    pop.querySelector<HTMLButtonElement>('[data-color=blue]')!.click();
    await tick();
    await tick();
    expect(marks()).toEqual(['hl-aaaaaaaaaaaa0001:mill', 'hl-bbbbbbbbbbbb0001:Nobody']);
    pop.querySelector<HTMLButtonElement>('[data-action=delete]')!.click();
    await tick();
    expect(marks()).toEqual(['hl-bbbbbbbbbbbb0001:Nobody']);
  });

  it('draws the highlights again when the page renders its article again with the same text (after hydration)', async () => {
    const a = view('hl-aaaaaaaaaaaa0002', targetOf('#a', 4, 8));
    const h = start({ pageHighlights: () => ok({ clipId: CLIP, highlights: [a] }) });
    await h.load();
    expect(marks()).toEqual(['hl-aaaaaaaaaaaa0002:mill']);
    document.body.innerHTML = ARTICLE;
    expect(marks()).toEqual([]);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(marks()).toEqual(['hl-aaaaaaaaaaaa0002:mill']);
  });

  it('a highlight clicked before its save was answered opens its popover once it is (a click is never lost)', async () => {
    const { answer } = await unansweredHighlight();
    // Drawn at once; the background has not answered yet.
    const id = calls.at(-1)!.params.highlightId as string;
    expect(marks()).toEqual([`${id}:The mill turned with the tide twice a day.`]);
    document.querySelector('mark')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: 5 }));
    const pop = shadow().querySelector<HTMLElement>('[data-testid=highlight-popover]')!;
    expect(pop.hidden).toBe(true);
    answer();
    await tick();
    await tick();
    expect(pop.hidden).toBe(false);
    pop.querySelector<HTMLButtonElement>('[data-color=blue]')!.click();
    await tick();
    expect(calls.at(-1)).toEqual({ method: 'changePageHighlight', params: { highlightId: id, color: 'blue' } });
  });

  it('a click on an unanswered highlight followed by a press elsewhere opens nothing later', async () => {
    const { answer } = await unansweredHighlight();
    document.querySelector('mark')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: 5 }));
    document.querySelector('#b')!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    answer();
    await tick();
    await tick();
    expect(shadow().querySelector<HTMLElement>('[data-testid=highlight-popover]')!.hidden).toBe(true);
  });

  it('answers the menu’s describeSelection with a target, or throws an AppFailure with the reason', async () => {
    const h = start({ pageHighlights: () => ok({ clipId: null, highlights: [] }) });
    expect(() => h.describeSelection()).toThrow(expect.objectContaining({ name: 'AppFailure', code: 'no-content' }));
    const r = document.createRange();
    r.selectNodeContents(document.querySelector('#a')!.firstChild!);
    document.getSelection()!.addRange(r);
    expect(h.describeSelection().target.quote.exact).toBe('The mill turned with the tide twice a day.');
    const framed = start({}, false);
    expect(() => framed.describeSelection()).toThrow(/embedded frame/);
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(1);
  });

  it('scrolls to and flashes a drawn highlight only', async () => {
    const hl = view('hl-scrolled-000001', targetOf('#b', 0, 6));
    const h = start({ pageHighlights: () => ok({ clipId: CLIP, highlights: [hl] }) });
    await h.load();
    expect(h.scrollTo(hl.id)).toEqual({ found: true });
    expect(h.scrollTo('hl-not-drawn-00001')).toEqual({ found: false });
  });
});
