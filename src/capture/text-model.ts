/**
 * The text model with its map to the DOM: the text `htmlToText` computes for a root, plus,
 * for every character, the text node and offset it came from. Highlights are stored as
 * offsets into this text (docs/schema.md, "Highlights: selectors and the text model"), so a
 * DOM Range on the live page or in the reader and a {start, end} in the stored text convert
 * through one function pair, built from the same rules (text-rules.ts).
 */
import { textBuilder, walkText } from './text-rules';

/** A DOM boundary point: a node and an offset in it, as in `Range.setStart`. */
export interface TextPoint {
  readonly node: Node;
  readonly offset: number;
}

/**
 * Which way a DOM position that holds no text (collapsed whitespace, a trimmed line end,
 * an element boundary) rounds: 'start' binds to the next character of the text, 'end' to
 * the end of the previous one, so a range maps to the text it visibly holds.
 */
export type Bias = 'start' | 'end';

/** The minimal range shape the model reads (a `Range` or a `StaticRange`). */
export interface RangeLike {
  readonly startContainer: Node;
  readonly startOffset: number;
  readonly endContainer: Node;
  readonly endOffset: number;
}

/** A root's text and the two-way map between text offsets and DOM positions. */
export interface TextModel {
  /** The root the model was built from. */
  readonly root: Element | DocumentFragment;
  /** Exactly `htmlToText(root)`. */
  readonly text: string;
  /** Text offset of a DOM position, rounded by `bias` when it holds no text; null when `node` is not inside the root. */
  offsetOf(node: Node, offset: number, bias: Bias): number | null;
  /** The DOM position of a text offset (always in a text node while the text is not empty), rounded by `bias`. */
  pointAt(offset: number, bias: Bias): TextPoint;
  /** The text offsets a range holds (start ≤ end), or null when either end is outside the root. */
  offsetsOf(range: RangeLike): { start: number; end: number } | null;
  /** A DOM Range over text offsets [start, end), tight around the text (clamped to the text; collapsed when empty). */
  rangeOf(start: number, end: number): Range;
}

const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** The next node after `node` in document order, not leaving `root`; skips `node`'s subtree when `skipChildren`. */
function nextInOrder(node: Node, root: Node, skipChildren: boolean): Node | null {
  if (!skipChildren && node.firstChild) return node.firstChild;
  for (let n: Node | null = node; n && n !== root; n = n.parentNode) {
    if (n.nextSibling) return n.nextSibling;
  }
  return null;
}

/** The previous node before `node` in document order (deepest last descendant of the previous sibling, else the parent), not leaving `root`. */
function previousInOrder(node: Node, root: Node): Node | null {
  if (node === root) return null;
  let prev = node.previousSibling;
  if (!prev) return node.parentNode === root ? null : node.parentNode;
  while (prev.lastChild) prev = prev.lastChild;
  return prev;
}

/** Last node of `node`'s subtree in document order (itself when it has no children). */
function lastDescendant(node: Node): Node {
  let n = node;
  while (n.lastChild) n = n.lastChild;
  return n;
}

class DomTextModel implements TextModel {
  readonly text: string;
  /** Text nodes in document order, as numbered for the builder's sink. */
  private readonly nodes: Node[] = [];
  private readonly index = new Map<Node, number>();
  /** Segments: output offset, source node number, offset in that node, length (one-to-one runs). */
  private readonly outs: number[] = [];
  private readonly srcs: number[] = [];
  private readonly offs: number[] = [];
  private readonly lens: number[] = [];

  constructor(readonly root: Element | DocumentFragment) {
    const { outs, srcs, offs, lens } = this;
    const builder = textBuilder((out, source, offset, length) => {
      const last = outs.length - 1;
      if (last >= 0 && srcs[last] === source && offs[last]! + lens[last]! === offset && outs[last]! + lens[last]! === out) {
        lens[last]! += length;
        return;
      }
      outs.push(out);
      srcs.push(source);
      offs.push(offset);
      lens.push(length);
    });
    walkText(root, builder, (node) => {
      const n = this.nodes.push(node) - 1;
      this.index.set(node, n);
      return n;
    });
    this.text = builder.done();
  }

  /** First segment whose (source, end offset) is after (source, offset): the segment holding or following that character. */
  private firstAfter(source: number, offset: number): number {
    let lo = 0;
    let hi = this.outs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.srcs[mid]!;
      if (s < source || (s === source && this.offs[mid]! + this.lens[mid]! <= offset)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First segment that starts at or after (source, offset) in document order. */
  private firstFrom(source: number, offset: number): number {
    let lo = 0;
    let hi = this.outs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.srcs[mid]!;
      if (s < source || (s === source && this.offs[mid]! < offset)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Text offset of a position inside the model's text node number `source`. */
  private offsetInSource(source: number, offset: number, bias: Bias): number {
    if (bias === 'start') {
      const i = this.firstAfter(source, offset);
      if (i >= this.outs.length) return this.text.length;
      const inside = this.srcs[i] === source && this.offs[i]! <= offset;
      return this.outs[i]! + (inside ? offset - this.offs[i]! : 0);
    }
    const j = this.firstFrom(source, offset) - 1;
    if (j < 0) return 0;
    const inside = this.srcs[j] === source && this.offs[j]! + this.lens[j]! >= offset;
    return this.outs[j]! + (inside ? offset - this.offs[j]! : this.lens[j]!);
  }

  offsetOf(node: Node, offset: number, bias: Bias): number | null {
    if (node !== this.root && !this.root.contains(node)) return null;
    const source = this.index.get(node);
    if (source !== undefined) return this.offsetInSource(source, Math.max(0, Math.min(offset, node.nodeValue?.length ?? 0)), bias);
    const isText = node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE;
    if (bias === 'start') {
      // The first text node of the model at or after the position.
      const kids = node.childNodes;
      let n: Node | null =
        isText ? nextInOrder(node, this.root, true) : offset < kids.length ? kids[offset]! : nextInOrder(node, this.root, true);
      for (; n; n = nextInOrder(n, this.root, false)) {
        const s = this.index.get(n);
        if (s !== undefined) return this.offsetInSource(s, 0, 'start');
      }
      return this.text.length;
    }
    // The last text node of the model before the position.
    const kids = node.childNodes;
    let n: Node | null = isText
      ? previousInOrder(node, this.root)
      : offset > 0 && kids.length > 0
        ? lastDescendant(kids[Math.min(offset, kids.length) - 1]!)
        : previousInOrder(node, this.root);
    for (; n; n = previousInOrder(n, this.root)) {
      const s = this.index.get(n);
      if (s !== undefined) return this.offsetInSource(s, n.nodeValue?.length ?? 0, 'end');
    }
    return 0;
  }

  pointAt(offset: number, bias: Bias): TextPoint {
    const { outs, lens, offs, srcs } = this;
    const count = outs.length;
    if (count === 0) return { node: this.root, offset: 0 };
    const o = Math.max(0, Math.min(offset, this.text.length));
    if (bias === 'start') {
      // First segment ending after o.
      let lo = 0;
      let hi = count;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (outs[mid]! + lens[mid]! <= o) lo = mid + 1;
        else hi = mid;
      }
      if (lo === count) return { node: this.nodes[srcs[count - 1]!]!, offset: offs[count - 1]! + lens[count - 1]! };
      return { node: this.nodes[srcs[lo]!]!, offset: offs[lo]! + Math.max(0, o - outs[lo]!) };
    }
    // Last segment starting before o.
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (outs[mid]! < o) lo = mid + 1;
      else hi = mid;
    }
    const j = lo - 1;
    if (j < 0) return { node: this.nodes[srcs[0]!]!, offset: offs[0]! };
    return { node: this.nodes[srcs[j]!]!, offset: offs[j]! + Math.min(o - outs[j]!, lens[j]!) };
  }

  offsetsOf(range: RangeLike): { start: number; end: number } | null {
    const start = this.offsetOf(range.startContainer, range.startOffset, 'start');
    const end = this.offsetOf(range.endContainer, range.endOffset, 'end');
    if (start === null || end === null) return null;
    return { start, end: Math.max(start, end) };
  }

  rangeOf(start: number, end: number): Range {
    const doc = this.root.ownerDocument;
    if (!doc) throw new Error('The text model has no document to make a Range in.');
    const range = doc.createRange();
    const a = this.pointAt(start, 'start');
    // Selecting the start node first keeps each boundary check near the range (jsdom walks the document for them).
    range.selectNodeContents(a.node);
    range.setStart(a.node, a.offset);
    if (end > start) {
      const b = this.pointAt(end, 'end');
      range.setEnd(b.node, b.offset);
    } else range.collapse(true);
    return range;
  }
}

/**
 * Builds the text model of `root` (a live page's `document.body`, the reader's article
 * element, a parsed stored article).
 *
 * Contract: `text` is exactly `htmlToText(root)` (and so `textOfHtml` of its serialisation).
 * A position inside collapsed whitespace, a trimmed line end or between elements maps to
 * the nearest text offset in the direction of its `Bias`; text offsets map back to text
 * nodes. The model is a snapshot: after the DOM under `root` changes, build a new one.
 * Cost: one walk of the tree (as `htmlToText`), a map entry per text node and a segment
 * per run of copied text; lookups are binary searches. Why: highlights must name the
 * same characters on the live page, in the reader and in the stored text.
 */
export function textModelOf(root: Element | DocumentFragment): TextModel {
  return new DomTextModel(root);
}
