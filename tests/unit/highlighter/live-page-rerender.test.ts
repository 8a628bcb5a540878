// @vitest-environment jsdom
/**
 * The live page with the CSS Custom Highlight API (Chromium, Firefox 140+): jsdom has none, so a
 * minimal stand-in is installed (a `Highlight` that keeps its ranges, `CSS.highlights` as a Map,
 * a constructible stylesheet). What is drawn is then read back from `CSS.highlights`.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHighlighter, type HighlighterDeps } from '../../../extension/highlighter/page-highlights';
import { describe as describeRange } from '../../../src/anchoring/anchor';
import { textModelOf } from '../../../src/capture/text-model';
import type { HighlightView } from '../../../src/schema/highlight';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { ok } from '../../../src/util/result';

class FakeHighlight {
  readonly ranges: Range[];
  priority = 0;
  constructor(...ranges: Range[]) {
    this.ranges = ranges;
  }
}
const registry = new Map<string, FakeHighlight>();

beforeAll(() => {
  Object.assign(window, { Highlight: FakeHighlight, CSS: { highlights: registry }, CSSStyleSheet: class { replaceSync() {} } });
  Object.defineProperty(document, 'adoptedStyleSheets', { value: [], writable: true, configurable: true });
});

const started: Array<ReturnType<typeof startHighlighter>> = [];
afterEach(() => started.splice(0).forEach((h) => h.stop()));

function pageTarget(exact: string): HighlightTarget {
  const model = textModelOf(document.body);
  const at = model.text.indexOf(exact);
  const d = describeRange(model.rangeOf(at, at + exact.length), document.body, { model });
  if (!d.ok) throw new Error(d.error.message);
  return d.value;
}

function view(id: string, page: HighlightTarget): HighlightView {
  return { id, clipId: 'clipclipclipclipclip01', color: 'yellow', note: '', createdAt: 1, updatedAt: 1, target: null, page, found: true, readOnly: false } as HighlightView;
}

async function showOnPage(views: HighlightView[]) {
  const call = (async (method: string) => (method === 'pageHighlights' ? ok({ clipId: null, highlights: views }) : ok({}))) as unknown as HighlighterDeps['call'];
  const h = startHighlighter({ document, call, toast: () => true, topFrame: true });
  started.push(h);
  await h.load();
  return h;
}

const drawnText = () => (registry.get('commonplace-yellow')?.ranges ?? []).map((r) => r.toString());
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the live page highlighter with the CSS Custom Highlight API, on a page that changes after load', () => {
  it('still draws exactly the quoted words after the page re-renders the paragraph a highlight starts in', async () => {
    document.body.innerHTML =
      '<article><p id="a">The mill turned with the tide twice a day.</p><p id="b">Nobody remembers who built it, or when.</p></article>';
    const quote = 'twice a day.\nNobody remembers';
    await showOnPage([view('h1', pageTarget(quote))]);
    expect(drawnText()).toEqual(['twice a day.Nobody remembers']);

    // A framework renders the first paragraph again, with the very same text (a hydration pass,
    // a translation or a "last updated" refresh): its old text node goes, a new one comes.
    const a = document.querySelector('#a')!;
    a.textContent = 'The mill turned with the tide twice a day.';
    // Well past the late-render throttle (500 ms).
    await wait(800);

    // The live Range now starts at the paragraph's start: "The mill turned with the tide" is
    // painted though it was never highlighted, and nothing ever re-anchors it (only collapsed
    // ranges count as lost).
    expect(drawnText()).toEqual(['twice a day.Nobody remembers']);
  });

  it('does not paint text the page inserts inside a highlighted passage after load (a late ad between two paragraphs)', async () => {
    document.body.innerHTML =
      '<article><p id="a">The mill turned with the tide twice a day.</p><p id="b">Nobody remembers who built it, or when.</p></article>';
    await showOnPage([view('h1', pageTarget('twice a day.\nNobody remembers'))]);
    expect(drawnText()).toEqual(['twice a day.Nobody remembers']);

    document.querySelector('#b')!.insertAdjacentHTML('beforebegin', '<div class="ad">Advertisement: buy the premium plan today</div>');
    await wait(800);

    for (const text of drawnText()) expect(text).not.toContain('Advertisement');
  });
});
