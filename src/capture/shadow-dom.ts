/**
 * A selection's text inside shadow DOM (web components). `Range.cloneContents` copies a
 * component's host element but never its shadow root, so what the component shows was lost from
 * a saved selection; and a selection made inside a shadow root is, in some browsers, only
 * reachable through `Selection.getComposedRanges`. Only open shadow roots are read (a closed
 * one is the page's private business, and unreachable anyway).
 */

import { crossesShadow, flatClone, flatCopy, isOwnUi, type Point } from './flat-range';

/**
 * The part of `Selection` read here: `getComposedRanges` where the browser has it, called as the
 * standard says (`{ shadowRoots }`) or, in browsers that shipped it first, with the roots as arguments.
 */
type ComposedSelection = Selection & { getComposedRanges?: (...args: unknown[]) => StaticRange[] };

/** Every open shadow root in `doc`, nested ones included (for `getComposedRanges`). */
function openShadowRoots(doc: Document): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  const visit = (root: Document | ShadowRoot) => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (el.shadowRoot && !isOwnUi(el)) {
        roots.push(el.shadowRoot);
        visit(el.shadowRoot);
      }
    }
  };
  visit(doc);
  return roots;
}

/** A selected passage: a `Range` in one tree (its context: the link, list or table around it) and its ends as the user made them, which may lie in a component's shadow root. */
export interface SelectedPassage {
  range: Range;
  start: Point;
  end: Point;
}

const passageOf = (range: Range): SelectedPassage => ({
  range,
  start: { node: range.startContainer, offset: range.startOffset },
  end: { node: range.endContainer, offset: range.endOffset },
});

/** The trees `node` is in, innermost first: its root, its host's root, and so on up to the document. */
function treesOf(node: Node): Node[] {
  const trees = [node.getRootNode()];
  for (let host = (trees[0] as ShadowRoot).host; host; host = (trees[trees.length - 1] as ShadowRoot).host) trees.push(host.getRootNode());
  return trees;
}

/** `point` moved out to `tree`: before (or, for an end, after) the host of each shadow root it is inside. */
function retarget(point: Point, tree: Node, isEnd: boolean): Point | null {
  let { node, offset } = point;
  for (let root = node.getRootNode(); root !== tree; root = node.getRootNode()) {
    const host = (root as ShadowRoot).host;
    if (!host?.parentNode) return null;
    node = host.parentNode;
    offset = Array.prototype.indexOf.call(node.childNodes, host) + (isEnd ? 1 : 0);
  }
  return { node, offset };
}

/**
 * A composed range with ends in two trees (from the page into a component, or out of one): the
 * passage keeps those ends, and its `Range` is the range in the tree holding both, its ends
 * widened to the hosts they are inside. Null when the ends share no tree.
 */
function acrossTrees(doc: Document, s: StaticRange): SelectedPassage | null {
  const endTrees = treesOf(s.endContainer);
  const tree = treesOf(s.startContainer).find((t) => endTrees.includes(t));
  const start = { node: s.startContainer, offset: s.startOffset };
  const end = { node: s.endContainer, offset: s.endOffset };
  const from = tree && retarget(start, tree, false);
  const to = tree && retarget(end, tree, true);
  if (!from || !to) return null;
  const range = doc.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  return { range, start, end };
}

/**
 * The selection's passages. Where the browser offers `getComposedRanges` and the page has open
 * shadow roots, a composed range with both ends in one tree (a passage selected inside a
 * component) is that range, and one with ends in two trees (from the page into a component) keeps
 * those ends (`acrossTrees`); otherwise (no such API) each is `getRangeAt`'s, as before.
 */
export function selectedPassages(doc: Document, selection: Selection): SelectedPassage[] {
  const ranges = Array.from({ length: selection.rangeCount }, (_, i) => selection.getRangeAt(i));
  const composed = selection as ComposedSelection;
  if (typeof composed.getComposedRanges !== 'function') return ranges.map(passageOf);
  const shadowRoots = openShadowRoots(doc);
  if (shadowRoots.length === 0) return ranges.map(passageOf);
  let statics: StaticRange[];
  try {
    statics = composed.getComposedRanges({ shadowRoots });
  } catch {
    try {
      statics = composed.getComposedRanges(...shadowRoots);
    } catch {
      return ranges.map(passageOf);
    }
  }
  return ranges.map((range, i) => {
    const s = statics[i];
    if (!s) return passageOf(range);
    if (s.startContainer.getRootNode() !== s.endContainer.getRootNode()) return acrossTrees(doc, s) ?? passageOf(range);
    if (s.startContainer.getRootNode() === range.startContainer.getRootNode()) return passageOf(range);
    const inside = doc.createRange();
    inside.setStart(s.startContainer, s.startOffset);
    inside.setEnd(s.endContainer, s.endOffset);
    return passageOf(inside);
  });
}

/**
 * A copy of the passage as the page shows it, in `into`. A passage with an end in a shadow root
 * its `Range` is not in, or one that takes a component only partly (`crossesShadow`), is copied
 * along the flat tree (`flatClone`): the page's part and the component's shown part up to, or
 * from, that end. Any other is `Range.cloneContents` with wholly selected components' content
 * (`withShadowContent`), which is also the fallback when the flat copy cannot place an end.
 */
export function cloneSelected(passage: SelectedPassage, into: Document): DocumentFragment {
  const { range, start, end } = passage;
  const ancestor = range.commonAncestorContainer;
  const moved = start.node !== range.startContainer || start.offset !== range.startOffset || end.node !== range.endContainer || end.offset !== range.endOffset;
  if (moved || crossesShadow(ancestor, start, end)) {
    const flat = flatClone(ancestor, start, end, into);
    if (flat) return flat;
  }
  return withShadowContent(range, into.adoptNode(range.cloneContents()));
}

/**
 * Puts into `content` (`range.cloneContents()`, adopted) the shadow DOM it lost: each element of
 * the range that hosts an open shadow root and is wholly selected gets what it renders
 * (`flatCopy`). The clone's elements are, in tree order, the range's elements below its common
 * ancestor (the DOM standard's clone algorithm), which pairs each copy with its original; when
 * they do not pair up the clone is left as it was. A host only partly selected keeps the
 * selected part of its own children.
 */
export function withShadowContent(range: Range, content: DocumentFragment): DocumentFragment {
  const root = range.commonAncestorContainer;
  const doc = root.ownerDocument ?? (root as Document);
  const originals: Element[] = [];
  let hosts = 0;
  const walker = doc.createTreeWalker(root, 1);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!range.intersectsNode(n)) continue;
    originals.push(n as Element);
    if ((n as Element).shadowRoot) hosts++;
  }
  if (hosts === 0) return content;
  const copies = Array.from(content.querySelectorAll('*'));
  if (copies.length !== originals.length) return content;
  const into = content.ownerDocument;
  originals.forEach((el, i) => {
    const copy = copies[i]!;
    if (!el.shadowRoot || isOwnUi(el) || copy.localName !== el.localName || !wholly(range, el)) return;
    copy.replaceChildren(...Array.from(el.shadowRoot.childNodes, (c) => flatCopy(c, into)));
  });
  return content;
}

/** Whether `el` is wholly inside `range`. */
function wholly(range: Range, el: Element): boolean {
  const whole = el.ownerDocument.createRange();
  whole.selectNode(el);
  return range.compareBoundaryPoints(0 /* START_TO_START */, whole) <= 0 && range.compareBoundaryPoints(2 /* END_TO_END */, whole) >= 0;
}
