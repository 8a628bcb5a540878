/**
 * The RangeSelector's DOM addressing: simple XPaths (`/p[3]/em[1]`, as Hypothesis writes
 * them) from a root to an element, and character offsets in an element's `textContent`.
 * Evaluated by walking children, never with `document.evaluate`, so a stored selector
 * cannot run a query, and it works in any DOM (jsdom, a fragment, a live page).
 */
import { SIMPLE_XPATH, XPATH_NAME } from '../schema/selectors';
import type { TextPoint } from '../capture/text-model';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

const nameOf = (node: Node): string => node.nodeName.toLowerCase();
const isText = (node: Node): boolean => node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE;

/**
 * The simple XPath from `root` to `element` ('' for the root itself), or null when it is
 * not inside `root` or an element on the way has a name the grammar cannot write. Each step
 * counts the element among its same-named element siblings.
 */
export function xpathOf(element: Node, root: Node): string | null {
  let path = '';
  for (let node: Node | null = element; node !== root; node = node.parentNode) {
    if (!node || node.nodeType !== ELEMENT_NODE) return null;
    const name = nameOf(node);
    if (!XPATH_NAME.test(name)) return null;
    let n = 1;
    for (let sib = node.previousSibling; sib; sib = sib.previousSibling) {
      if (sib.nodeType === ELEMENT_NODE && nameOf(sib) === name) n++;
    }
    path = `/${name}[${n}]${path}`;
  }
  return path;
}

/** The element a simple XPath names under `root` (the root for ''), or null when there is none or the path is not simple. */
export function elementAt(xpath: string, root: Node): Node | null {
  if (!SIMPLE_XPATH.test(xpath)) return null;
  let node: Node = root;
  for (const step of xpath.split('/').slice(1)) {
    const open = step.lastIndexOf('[');
    const name = step.slice(0, open).toLowerCase();
    let n = Number(step.slice(open + 1, -1));
    let found: Node | null = null;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === ELEMENT_NODE && nameOf(child) === name && --n === 0) {
        found = child;
        break;
      }
    }
    if (!found) return null;
    node = found;
  }
  return node;
}

/** The next text node after `node` inside `container` in document order (skipping `node`'s subtree when `skip`). */
function nextText(node: Node, container: Node, skip: boolean): Node | null {
  let n: Node | null = node;
  let descend = !skip;
  while (n) {
    if (descend && n.firstChild) n = n.firstChild;
    else {
      while (n && n !== container && !n.nextSibling) n = n.parentNode;
      if (!n || n === container) return null;
      n = n.nextSibling;
    }
    descend = true;
    if (n && isText(n)) return n;
  }
  return null;
}

/**
 * Character offset of a text position within `container`'s `textContent` (the lengths of
 * the text nodes before it, plus `offset`), or null when `text` is not inside `container`.
 */
export function charOffsetIn(container: Node, text: Node, offset: number): number | null {
  let total = 0;
  for (let n = nextText(container, container, false); n; n = nextText(n, container, true)) {
    if (n === text) return total + offset;
    total += n.nodeValue?.length ?? 0;
  }
  return null;
}

/**
 * The text position at character `offset` of `container`'s `textContent`, or null when the
 * offset is past its end. At a boundary between two text nodes, `bias` 'start' picks the
 * later node and 'end' the earlier one, as a range's start and end bind.
 */
export function pointAtCharOffset(container: Node, offset: number, bias: 'start' | 'end'): TextPoint | null {
  let total = 0;
  let last: Node | null = null;
  for (let n = nextText(container, container, false); n; n = nextText(n, container, true)) {
    const len = n.nodeValue?.length ?? 0;
    if (bias === 'start' ? offset < total + len : offset <= total + len) return { node: n, offset: offset - total };
    total += len;
    last = n;
  }
  if (offset === total && last) return { node: last, offset: last.nodeValue?.length ?? 0 };
  return null;
}
