// @vitest-environment jsdom
/**
 * Text inside shadow DOM (a web component's open shadow root) was lost from a saved selection:
 * `Range.cloneContents` copies the component's host element but never its shadow root, so a
 * passage across a `<quote-card>` saved the text around it and nothing of the card. What an
 * open shadow root shows is copied now (slots filled with what is assigned to them), and a
 * passage selected inside a component is read through `Selection.getComposedRanges` where the
 * browser has it. jsdom has open shadow roots and slots, not `getComposedRanges`: the selection
 * here answers it as the standard says (a StaticRange whose ends are inside the shadow root).
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractSelection } from '../../../src/capture/extract';

const URL_ = 'https://example.com/post';

function pageWithCard() {
  const dom = new JSDOM(`<!doctype html><body><p id="before">Before the card.</p><quote-card id="card"><span slot="who">Ada Lovelace</span></quote-card><p id="after">After the card.</p></body>`, { url: URL_ });
  const doc = dom.window.document;
  const host = doc.getElementById('card')!;
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = '<style>p { color: red }</style><blockquote><p id="inner">The engine weaves algebraic patterns.</p><footer>— <slot name="who">someone</slot></footer></blockquote>';
  return { dom, doc, shadow };
}

const selectionOf = (ranges: Range[], composed?: () => StaticRange[]) =>
  ({ rangeCount: ranges.length, getRangeAt: (i: number) => ranges[i], ...(composed ? { getComposedRanges: composed } : {}) }) as unknown as Selection;

describe('a selection with shadow DOM in it', () => {
  it("keeps a component's shadow content, its slots filled, when the selection spans the component", () => {
    const { dom, doc } = pageWithCard();
    const range = doc.createRange();
    range.setStart(doc.getElementById('before')!.firstChild!, 0);
    range.setEnd(doc.getElementById('after')!.firstChild!, 5);
    const page = extractSelection(doc, selectionOf([range]), URL_, { win: dom.window as never });
    expect(page.text).toContain('Before the card.');
    expect(page.text).toContain('The engine weaves algebraic patterns.');
    expect(page.text).toContain('— Ada Lovelace');
    expect(page.text).not.toContain('someone');
    expect(page.text).not.toContain('color');
    expect(page.text).toMatch(/After$/);
    // The page itself is untouched.
    expect(doc.getElementById('card')!.children).toHaveLength(1);
  });

  it('reads a passage selected inside a component through getComposedRanges', () => {
    const { dom, doc, shadow } = pageWithCard();
    const inner = shadow.getElementById('inner')!.firstChild!;
    // What getRangeAt gives for such a selection in some browsers: collapsed at the host.
    const retargeted = doc.createRange();
    retargeted.setStart(doc.body, 1);
    retargeted.collapse(true);
    const composed = () => [new dom.window.StaticRange({ startContainer: inner, startOffset: 4, endContainer: inner, endOffset: 20 })] as unknown as StaticRange[];
    const page = extractSelection(doc, selectionOf([retargeted], composed), URL_, { win: dom.window as never });
    expect(page.text).toBe('engine weaves al');
  });

  it("leaves out Commonplace's own UI in the page (the toast's open shadow root)", () => {
    const { dom, doc } = pageWithCard();
    const toast = doc.createElement('div');
    toast.id = 'commonplace-toast-host';
    toast.attachShadow({ mode: 'open' }).innerHTML = '<p>Saved “x” in Commonplace.</p>';
    doc.body.append(toast, doc.createElement('p'));
    const range = doc.createRange();
    range.selectNodeContents(doc.body);
    const page = extractSelection(doc, selectionOf([range]), URL_, { win: dom.window as never });
    expect(page.text).toContain('The engine weaves algebraic patterns.');
    expect(page.text).not.toContain('in Commonplace');
  });

  it('without shadow DOM, a selection is read as before', () => {
    const dom = new JSDOM('<!doctype html><body><p>One <em>two</em> three</p></body>', { url: URL_ });
    const doc = dom.window.document;
    const range = doc.createRange();
    range.selectNodeContents(doc.querySelector('p')!);
    const page = extractSelection(doc, selectionOf([range], () => { throw new Error('not asked'); }), URL_, { win: dom.window as never });
    expect(page.html).toBe('<div>One <em>two</em> three</div>');
  });
});
