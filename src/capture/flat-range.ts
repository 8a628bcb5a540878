/**
 * The flat tree (what the page shows: each open shadow root in place of its host's children,
 * each `<slot>` in place of the nodes assigned to it) and copies of it. A selection that runs
 * from the page into a web component, or only partly through one, is copied here piecewise
 * along the flat tree, as the user saw it selected; `Range.cloneContents` could not, since a
 * `Range` never crosses into a shadow root and never copies one.
 */

/** Commonplace's own UI in the page (the toast, the highlighter's toolbar) is never part of a selection's copy. */
export const isOwnUi = (el: Element): boolean => el.localName.startsWith('commonplace-') || el.id.startsWith('commonplace-');

/** A boundary point: a node and an offset in it (characters in a text node, children in any other). */
export interface Point {
  node: Node;
  offset: number;
}

/** Whether `el` is a `<slot>` inside a shadow tree (one in the light DOM is a plain element). */
const isShadowSlot = (el: Element): el is HTMLSlotElement => el.localName === 'slot' && el.getRootNode() !== el.ownerDocument;

/** The element whose open shadow root (not Commonplace's own) is shown in place of its children, if `node` is one. */
function openHost(node: Node): Element | null {
  const el = node.nodeType === 1 ? (node as Element) : null;
  return el?.shadowRoot && !isOwnUi(el) ? el : null;
}

/** `node`'s children in the flat tree: its shadow root's, or a slot's assigned nodes (its fallback content when none are). */
function flatChildren(node: Node): Node[] {
  const host = openHost(node);
  if (host) return Array.from(host.shadowRoot!.childNodes);
  if (node.nodeType === 1 && isShadowSlot(node as Element)) {
    const assigned = (node as HTMLSlotElement).assignedNodes?.() ?? [];
    if (assigned.length > 0) return assigned;
  }
  return Array.from(node.childNodes);
}

/** `node`'s parent in the flat tree: the slot it is assigned to, the host of the shadow root it is a child of, or its parent. */
function flatParent(node: Node): Node | null {
  const slot = (node as Node & { assignedSlot?: HTMLSlotElement | null }).assignedSlot;
  const host = slot ? (slot.getRootNode() as ShadowRoot).host : undefined;
  if (slot && host && openHost(host)) return slot;
  const parent = node.parentNode;
  if (parent && parent.nodeType === 11 && (parent as ShadowRoot).host) return (parent as ShadowRoot).host;
  return parent;
}

/**
 * `point` as a point of the flat tree: a point between a host's (or a filled slot's) own
 * children becomes the point before that child where it is shown; the end of a host's own
 * children is the end of what it shows. Null when the child is shown nowhere (not slotted).
 */
function flatPoint(point: Point): Point | null {
  const { node, offset } = point;
  if (node.nodeType === 11 && (node as ShadowRoot).host) return flatPoint({ node: (node as ShadowRoot).host, offset });
  if (node.nodeType !== 1 && node.nodeType !== 9) return point;
  const children = flatChildren(node);
  const own = node.childNodes;
  if (children.length === own.length && children.every((c, i) => c === own[i])) return point;
  const child = own[offset];
  if (!child) return { node, offset: children.length };
  const parent = flatParent(child);
  const at = parent ? flatChildren(parent).indexOf(child) : -1;
  return parent && at >= 0 ? { node: parent, offset: at } : null;
}

/** The flat-tree child indexes from `ancestor` down to `point`, then its offset; null when `point` is not shown below `ancestor`. */
function pathFrom(ancestor: Node, point: Point): number[] | null {
  const flat = flatPoint(point);
  if (!flat) return null;
  const path = [flat.offset];
  for (let node = flat.node; node !== ancestor; ) {
    const parent = flatParent(node);
    const at = parent ? flatChildren(parent).indexOf(node) : -1;
    if (!parent || at < 0) return null;
    path.unshift(at);
    node = parent;
  }
  return path;
}

/**
 * A copy of `node` as it is shown: an element with an open shadow root gets, as its children,
 * copies of its shadow root's (what it renders), and a `<slot>` becomes copies of the nodes
 * assigned to it (or its fallback content when none is). Made in `into`'s document.
 */
export function flatCopy(node: Node, into: Document): Node {
  const el = node.nodeType === 1 ? (node as Element) : null;
  if (el && isShadowSlot(el)) {
    const assigned = el.assignedNodes?.({ flatten: true }) ?? [];
    const out = into.createDocumentFragment();
    for (const n of assigned.length > 0 ? assigned : Array.from(el.childNodes)) out.appendChild(flatCopy(n, into));
    return out;
  }
  const copy = into.importNode(node, false);
  for (const child of flatChildren(node)) copy.appendChild(flatCopy(child, into));
  return copy;
}

/** Copies into `out` what of `node`'s flat content lies between the paths `start` and `end` (null: from its start, to its end). */
function copyBetween(node: Node, start: number[] | null, end: number[] | null, out: Node, into: Document): void {
  if (node.nodeType === 3 || node.nodeType === 4 || node.nodeType === 8) {
    const data = (node as CharacterData).data;
    const part = into.importNode(node, false) as CharacterData;
    part.data = data.slice(start ? start[0] : 0, end ? end[0] : data.length);
    out.appendChild(part);
    return;
  }
  const children = flatChildren(node);
  const from = start ? start[0]! : 0;
  const last = end ? (end.length > 1 ? end[0]! : end[0]! - 1) : children.length - 1;
  for (let i = from; i <= last && i < children.length; i++) {
    const child = children[i]!;
    const inner = start && start.length > 1 && i === start[0] ? start.slice(1) : null;
    const outer = end && end.length > 1 && i === end[0] ? end.slice(1) : null;
    if (!inner && !outer) {
      out.appendChild(flatCopy(child, into));
      continue;
    }
    const isText = child.nodeType === 3 || child.nodeType === 4 || child.nodeType === 8;
    const shell = isText || (child.nodeType === 1 && isShadowSlot(child as Element)) ? into.createDocumentFragment() : into.importNode(child, false);
    copyBetween(child, inner, outer, shell, into);
    out.appendChild(shell);
  }
}

/**
 * What lies between `start` and `end` as the page shows it, copied into a fragment of `into`:
 * like `Range.cloneContents` of a range below `ancestor` (partly selected nodes copied shallowly
 * around their selected part), but along the flat tree, so the ends may be in different trees
 * (the page and a component's shadow root) and a component partly selected keeps what it shows
 * up to, or from, the end inside it (slots filled). `ancestor` is the light-DOM range's common
 * ancestor, so the copy has the shape `withInlineAncestors` expects. Null when an end is not
 * shown below `ancestor` (a child no slot takes): the caller copies as before.
 */
export function flatClone(ancestor: Node, start: Point, end: Point, into: Document): DocumentFragment | null {
  const from = pathFrom(ancestor, start);
  const to = pathFrom(ancestor, end);
  if (!from || !to) return null;
  const out = into.createDocumentFragment();
  copyBetween(ancestor, from, to, out, into);
  return out;
}

/**
 * Whether a component is partly selected between `start` and `end` below `ancestor`: an open
 * shadow host (not Commonplace's own) or a shadow root among the ends' ancestors, up to
 * `ancestor`. Bounded by the ends' depth.
 */
export function crossesShadow(ancestor: Node, start: Point, end: Point): boolean {
  for (const { node } of [start, end]) {
    for (let n: Node | null = node; n; n = n.parentNode) {
      if (openHost(n) || (n.nodeType === 11 && (n as ShadowRoot).host)) return true;
      if (n === ancestor) break;
    }
  }
  return false;
}
