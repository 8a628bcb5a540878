/**
 * A selection's text inside shadow DOM (web components). `Range.cloneContents` copies a
 * component's host element but never its shadow root, so what the component shows was lost from
 * a saved selection; and a selection made inside a shadow root is, in some browsers, only
 * reachable through `Selection.getComposedRanges`. Only open shadow roots are read (a closed
 * one is the page's private business, and unreachable anyway).
 */

/** Commonplace's own UI in the page (the toast, the highlighter's toolbar) is never part of a selection's copy. */
const isOwnUi = (el: Element): boolean => el.localName.startsWith('commonplace-') || el.id.startsWith('commonplace-');

/** The part of `Selection` read here: `getComposedRanges` where the browser has it. */
type ComposedSelection = Selection & { getComposedRanges?: (options: { shadowRoots: ShadowRoot[] }) => StaticRange[] };

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

/**
 * The selection's ranges, each a live `Range` in one tree. Where the browser offers
 * `getComposedRanges` and the page has open shadow roots, a composed range with both ends in
 * one tree (a passage selected inside a component) is that range; any other (no such API, or
 * ends in two trees, which a `Range` cannot hold) is `getRangeAt`'s, as before.
 */
export function selectedRanges(doc: Document, selection: Selection): Range[] {
  const ranges = Array.from({ length: selection.rangeCount }, (_, i) => selection.getRangeAt(i));
  const composed = selection as ComposedSelection;
  if (typeof composed.getComposedRanges !== 'function') return ranges;
  const shadowRoots = openShadowRoots(doc);
  if (shadowRoots.length === 0) return ranges;
  let statics: StaticRange[];
  try {
    statics = composed.getComposedRanges({ shadowRoots });
  } catch {
    return ranges;
  }
  return ranges.map((range, i) => {
    const s = statics[i];
    if (!s || s.startContainer.getRootNode() !== s.endContainer.getRootNode() || s.startContainer.getRootNode() === range.startContainer.getRootNode()) return range;
    const inside = doc.createRange();
    inside.setStart(s.startContainer, s.startOffset);
    inside.setEnd(s.endContainer, s.endOffset);
    return inside;
  });
}

/**
 * A copy of `node` as it is shown: an element with an open shadow root gets, as its children,
 * copies of its shadow root's (what it renders), and a `<slot>` becomes copies of the nodes
 * assigned to it (or its fallback content when none is). Made in `into`'s document.
 */
export function flatCopy(node: Node, into: Document): Node {
  const el = node.nodeType === 1 ? (node as Element) : null;
  if (el && el.localName === 'slot' && el.getRootNode() !== el.ownerDocument) {
    const assigned = (el as HTMLSlotElement).assignedNodes?.({ flatten: true }) ?? [];
    const out = into.createDocumentFragment();
    for (const n of assigned.length > 0 ? assigned : Array.from(el.childNodes)) out.appendChild(flatCopy(n, into));
    return out;
  }
  const copy = into.importNode(node, false);
  const children = el?.shadowRoot && !isOwnUi(el) ? el.shadowRoot.childNodes : node.childNodes;
  for (const child of Array.from(children)) copy.appendChild(flatCopy(child, into));
  return copy;
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
