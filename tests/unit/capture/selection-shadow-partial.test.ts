// @vitest-environment jsdom
/**
 * A selection that runs from the page INTO a web component (or out of one), or takes a
 * component only partly from the page's side, lost the component's part: `Range.cloneContents`
 * never copies a shadow root, a composed range with ends in two trees fell back to `getRangeAt`'s
 * (which stops at the host), and a partly selected host kept only its own light children. The
 * saved selection now holds, in document order, the page's part and what the component showed
 * up to (or from) the selection's end inside it, slots filled. jsdom has open shadow roots and
 * slots, not `getComposedRanges`: the selection here answers it as the standard says.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractSelection } from '../../../src/capture/extract';

const URL_ = 'https://example.com/post';

function pageWithCard() {
  const dom = new JSDOM(`<!doctype html><body><p id="before">Before the card.</p><quote-card id="card"><span id="who" slot="who">Ada Lovelace</span></quote-card><p id="after">After the card.</p></body>`, { url: URL_ });
  const doc = dom.window.document;
  const host = doc.getElementById('card')!;
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = '<style>p { color: red }</style><blockquote><p id="inner">The engine weaves algebraic patterns.</p><footer>— <slot name="who">someone</slot>, 1843</footer><script>alert(1)</script></blockquote>';
  return { dom, doc, shadow, host };
}

const selectionOf = (ranges: Range[], composed?: () => StaticRange[]) =>
  ({ rangeCount: ranges.length, getRangeAt: (i: number) => ranges[i], ...(composed ? { getComposedRanges: composed } : {}) }) as unknown as Selection;

/** What `getRangeAt` gives in some browsers for a selection across a shadow boundary: the part in the page, stopped at the host. */
function lightPart(doc: Document, node: Node, offset: number, atHost: { node: Node; offset: number }, hostFirst = false): Range {
  const range = doc.createRange();
  if (hostFirst) {
    range.setStart(atHost.node, atHost.offset);
    range.setEnd(node, offset);
  } else {
    range.setStart(node, offset);
    range.setEnd(atHost.node, atHost.offset);
  }
  return range;
}

describe('a selection partly inside a web component', () => {
  it('keeps the component part of a selection from the page into its shadow root', () => {
    const { dom, doc, shadow } = pageWithCard();
    const before = doc.getElementById('before')!.firstChild!;
    const inner = shadow.getElementById('inner')!.firstChild!;
    const range = lightPart(doc, before, 7, { node: doc.body, offset: 1 });
    const composed = () => [new dom.window.StaticRange({ startContainer: before, startOffset: 7, endContainer: inner, endOffset: 17 })] as unknown as StaticRange[];
    const page = extractSelection(doc, selectionOf([range], composed), URL_, { win: dom.window as never });
    expect(page.text).toMatch(/^the card\.\s+The engine weaves$/);
    expect(page.html).not.toContain('Before');
    expect(doc.getElementById('card')!.children).toHaveLength(1);
  });

  it('keeps the component part of a selection from inside its shadow root out into the page', () => {
    const { dom, doc, shadow } = pageWithCard();
    const after = doc.getElementById('after')!.firstChild!;
    const inner = shadow.getElementById('inner')!.firstChild!;
    const range = lightPart(doc, after, 5, { node: doc.body, offset: 1 }, true);
    const composed = () => [new dom.window.StaticRange({ startContainer: inner, startOffset: 4, endContainer: after, endOffset: 5 })] as unknown as StaticRange[];
    const page = extractSelection(doc, selectionOf([range], composed), URL_, { win: dom.window as never });
    expect(page.text).toMatch(/^engine weaves algebraic patterns\.\s+— Ada Lovelace, 1843\s+After$/);
    expect(page.text).not.toContain('someone');
    expect(page.html).not.toMatch(/color|alert|<script|<style/);
  });

  it('keeps what a component shows up to a slotted child the selection ends in, selected from the page', () => {
    const { dom, doc } = pageWithCard();
    const range = doc.createRange();
    range.setStart(doc.getElementById('before')!.firstChild!, 0);
    range.setEnd(doc.getElementById('who')!.firstChild!, 3);
    const page = extractSelection(doc, selectionOf([range]), URL_, { win: dom.window as never });
    expect(page.text).toMatch(/^Before the card\.\s+The engine weaves algebraic patterns\.\s+— Ada$/);
  });

  it('keeps what a component shows from a slotted child the selection starts in', () => {
    const { dom, doc } = pageWithCard();
    const range = doc.createRange();
    range.setStart(doc.getElementById('who')!.firstChild!, 4);
    range.setEnd(doc.getElementById('after')!.firstChild!, 5);
    const page = extractSelection(doc, selectionOf([range]), URL_, { win: dom.window as never });
    expect(page.text).toMatch(/^Lovelace, 1843\s+After$/);
  });

  it('keeps nested components up to an end inside the inner one', () => {
    const dom = new JSDOM('<!doctype html><body><p id="before">Intro text.</p><outer-box id="outer"></outer-box><p>Tail.</p></body>', { url: URL_ });
    const doc = dom.window.document;
    const outer = doc.getElementById('outer')!.attachShadow({ mode: 'open' });
    outer.innerHTML = '<h2>Outer heading</h2><inner-note id="note"></inner-note><p>Outer tail</p>';
    const inner = outer.getElementById('note')!.attachShadow({ mode: 'open' });
    inner.innerHTML = '<p id="deep">Deep words here</p><p>Deep rest</p>';
    const before = doc.getElementById('before')!.firstChild!;
    const deep = inner.getElementById('deep')!.firstChild!;
    const range = lightPart(doc, before, 6, { node: doc.body, offset: 1 });
    const composed = () => [new dom.window.StaticRange({ startContainer: before, startOffset: 6, endContainer: deep, endOffset: 10 })] as unknown as StaticRange[];
    const page = extractSelection(doc, selectionOf([range], composed), URL_, { win: dom.window as never });
    expect(page.text).toMatch(/^text\.\s+Outer heading\s+Deep words$/);
  });

  it("leaves out Commonplace's own UI when a selection runs into a component", () => {
    const { dom, doc, shadow } = pageWithCard();
    const toast = doc.createElement('div');
    toast.id = 'commonplace-toast-host';
    toast.attachShadow({ mode: 'open' }).innerHTML = '<p>Saved “x” in Commonplace.</p>';
    doc.body.insertBefore(toast, doc.getElementById('card'));
    const before = doc.getElementById('before')!.firstChild!;
    const inner = shadow.getElementById('inner')!.firstChild!;
    const range = lightPart(doc, before, 0, { node: doc.body, offset: 2 });
    const composed = () => [new dom.window.StaticRange({ startContainer: before, startOffset: 0, endContainer: inner, endOffset: 3 })] as unknown as StaticRange[];
    const page = extractSelection(doc, selectionOf([range], composed), URL_, { win: dom.window as never });
    expect(page.text).toMatch(/^Before the card\.\s+The$/);
  });

  it('reads getComposedRanges in the older form that takes the shadow roots as arguments', () => {
    const { dom, doc, shadow } = pageWithCard();
    const before = doc.getElementById('before')!.firstChild!;
    const inner = shadow.getElementById('inner')!.firstChild!;
    const range = lightPart(doc, before, 7, { node: doc.body, offset: 1 });
    const composed = (...roots: unknown[]) => {
      if (!roots.every((r) => r instanceof dom.window.ShadowRoot)) throw new TypeError('not a ShadowRoot');
      return [new dom.window.StaticRange({ startContainer: before, startOffset: 7, endContainer: inner, endOffset: 10 })] as unknown as StaticRange[];
    };
    const page = extractSelection(doc, selectionOf([range], composed as () => StaticRange[]), URL_, { win: dom.window as never });
    expect(page.text).toMatch(/^the card\.\s+The engine$/);
  });
});
