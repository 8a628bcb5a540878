/**
 * The fallback painter, for a browser without the CSS Custom Highlight API: wraps the
 * highlighted text in `<mark data-commonplace-highlight>` elements, splitting text nodes
 * at the highlight's ends, and on `clear()` puts every split text node back together as it
 * was (so page scripts holding a text node keep a node with its whole text). Kept small:
 * overlapping highlights show the first; whitespace-only text is never wrapped (a `<mark>`
 * in a table row or list would be invalid).
 */
import { FLASH_FILL, FLASH_MS, HIGHLIGHT_FILL } from './colors';
import type { PaintItem, Painter } from './painter';

/** The attribute naming a mark's highlight id. */
export const MARK_ATTRIBUTE = 'data-commonplace-highlight';

interface Segment {
  readonly node: Text;
  start: number;
  readonly end: number;
  readonly item: PaintItem;
}

/** The text nodes of `range` with the part of each it covers. */
/** Elements whose text is not shown as page text, or where a <mark> would break them (a stylesheet emptied, a script changed, SVG text gone). */
const UNPAINTABLE = new Set(['SCRIPT', 'STYLE', 'TEXTAREA', 'TITLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION', 'SELECT']);

/** Whether a <mark> may wrap this text node: not inside an element above, nor inside SVG or MathML. */
function paintable(node: Text): boolean {
  const parent = node.parentElement;
  if (!parent) return false;
  if (UNPAINTABLE.has(parent.tagName.toUpperCase())) return false;
  return parent.namespaceURI === null || parent.namespaceURI === 'http://www.w3.org/1999/xhtml';
}

function segmentsOf(item: PaintItem): Segment[] {
  const { range } = item;
  const root = range.commonAncestorContainer;
  const doc = root.ownerDocument ?? (root as Document);
  const out: Segment[] = [];
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n: Node | null = root.nodeType === 3 ? root : walker.nextNode(); n; n = walker.nextNode()) {
    const node = n as Text;
    if (!range.intersectsNode(node) || !/\S/.test(node.data) || !paintable(node)) continue;
    const start = node === range.startContainer ? range.startOffset : 0;
    const end = node === range.endContainer ? range.endOffset : node.length;
    if (end > start) out.push({ node, start, end, item });
    if (root.nodeType === 3) break;
  }
  return out;
}

/** Paints with `<mark>` elements; see the file comment. */
export function markPainter(doc: Document): Painter {
  /** Each split text node (the original, first) and the pieces it became, in order. */
  let splits: Array<{ readonly original: Text; readonly pieces: Text[] }> = [];
  let marks: HTMLElement[] = [];
  let flashTimer: ReturnType<typeof setTimeout> | undefined;

  function clear(): void {
    for (const mark of marks) mark.replaceWith(...mark.childNodes);
    for (const { original, pieces } of splits) {
      original.data = pieces.map((p) => p.data).join('');
      for (const piece of pieces) if (piece !== original) piece.remove();
    }
    marks = [];
    splits = [];
  }

  function wrap(seg: Segment, node: Text): void {
    const mark = doc.createElement('mark');
    mark.setAttribute(MARK_ATTRIBUTE, seg.item.id);
    mark.style.backgroundColor = HIGHLIGHT_FILL[seg.item.color];
    mark.style.color = 'inherit';
    node.replaceWith(mark);
    mark.append(node);
    marks.push(mark);
  }

  return {
    kind: 'marks',
    paint(items) {
      clear();
      // Every segment first, then the DOM changes: the ranges hold only until then.
      const byNode = new Map<Text, Segment[]>();
      for (const item of items) {
        for (const seg of segmentsOf(item)) byNode.set(seg.node, [...(byNode.get(seg.node) ?? []), seg]);
      }
      for (const [node, segs] of byNode) {
        segs.sort((a, b) => a.start - b.start);
        let covered = 0;
        const kept = segs.filter((s) => {
          s.start = Math.max(s.start, covered);
          covered = Math.max(covered, s.end);
          return s.end > s.start;
        });
        const pieces = [node];
        // From the last segment back, so `node` keeps the text before each cut.
        for (let i = kept.length - 1; i >= 0; i--) {
          const seg = kept[i]!;
          if (seg.end < node.length) pieces.splice(1, 0, node.splitText(seg.end));
          const target = seg.start > 0 ? node.splitText(seg.start) : node;
          if (target !== node) pieces.splice(1, 0, target);
          wrap(seg, target);
        }
        if (pieces.length > 1) splits.push({ original: node, pieces });
      }
    },
    hitTest(_x, _y, target) {
      const el = target instanceof doc.defaultView!.Element ? target : null;
      return el?.closest(`mark[${MARK_ATTRIBUTE}]`)?.getAttribute(MARK_ATTRIBUTE) ?? null;
    },
    flash(id) {
      const mine = marks.filter((m) => m.getAttribute(MARK_ATTRIBUTE) === id);
      if (mine.length === 0) return null;
      clearTimeout(flashTimer);
      const before = mine.map((m) => m.style.backgroundColor);
      for (const m of mine) m.style.backgroundColor = FLASH_FILL;
      flashTimer = setTimeout(() => mine.forEach((m, i) => (m.style.backgroundColor = before[i]!)), FLASH_MS);
      return mine[0]!;
    },
    clear,
  };
}
