/*
 * What a selected range is wrapped in when it is saved: the inline formatting, `<pre>`, table parts
 * or list it sits inside, copied shallowly. Apart from extract.ts, which is at its size limit.
 */

/** Formatting worth keeping around a selection that starts and ends inside it. */
const INLINE_CONTEXT: ReadonlySet<string> = new Set([
  'a', 'abbr', 'b', 'cite', 'code', 'del', 'dfn', 'em', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small',
  'strong', 'sub', 'sup', 'time', 'u', 'var',
]);

/** A table's parts: a range whose common ancestor is one clones to bare rows or cells, which no parser keeps outside a table. */
const TABLE_PARTS: ReadonlySet<string> = new Set(['tr', 'tbody', 'thead', 'tfoot', 'table']);

/** Lists: a range across a list's items clones to bare `<li>` (or `<dt>`/`<dd>`), which lose their list (an `<ol>`'s numbers). */
const LIST_PARTS: ReadonlySet<string> = new Set(['ol', 'ul', 'menu', 'dl']);

/** A shallow copy of the list `list`; an `<ol>` numbered from the first item the range takes, as the page shows it. */
function listShell(range: Range, list: Element, inert: Document): Element {
  const shell = inert.importNode(list, false);
  if (list.localName.toLowerCase() !== 'ol' || list.hasAttribute('reversed')) return shell;
  const items = Array.from(list.children).filter((c) => c.localName.toLowerCase() === 'li');
  const at = items.findIndex((li) => range.intersectsNode(li));
  if (at <= 0 || items.slice(0, at + 1).some((li) => li.hasAttribute('value'))) return shell;
  const start = Number.parseInt(list.getAttribute('start') ?? '1', 10);
  shell.setAttribute('start', String((Number.isFinite(start) ? start : 1) + at));
  return shell;
}

/** The copies made of a table's parts (keyed by the page's element) for the selection's last range. */
export type TableShells = Map<Element, Element>;

/**
 * A range inside `<a>` or `<pre>` clones to bare text; wraps the clone in shallow copies of its inline
 * ancestors (up to and including a `<pre>`, stopping at any other block) so links and code survive.
 * A range across a table's cells or rows is wrapped in its table's parts, up to the `<table>`; one
 * across a list's items in a copy of the list (an `<ol>` keeps the numbers the page showed).
 *
 * `tables` carries the table parts copied for the previous range: a range in the same table goes
 * into those copies (a cell into its row's copy, a row into its body's) and null is returned, so
 * Firefox's one-range-per-cell selection keeps its rows; any other range starts `tables` afresh.
 */
export function withInlineAncestors(range: Range, content: DocumentFragment, tables: TableShells = new Map()): Node | null {
  const inert = content.ownerDocument;
  let node: Node = content;
  const anchor = range.commonAncestorContainer;
  const first = anchor.nodeType === 1 ? (anchor as Element) : anchor.parentElement;
  const made: Array<[Element, Element]> = [];
  if (first !== null && LIST_PARTS.has(first.localName.toLowerCase())) {
    tables.clear();
    const shell = listShell(range, first, inert);
    shell.appendChild(node);
    return shell;
  }
  const inTable = first !== null && TABLE_PARTS.has(first.localName.toLowerCase());
  for (let el = first; el; el = el.parentElement) {
    const tag = el.localName.toLowerCase();
    if (inTable ? !TABLE_PARTS.has(tag) : tag !== 'pre' && !INLINE_CONTEXT.has(tag)) break;
    const copied = inTable ? tables.get(el) : undefined;
    if (copied) {
      copied.appendChild(node);
      for (const [page, copy] of made) tables.set(page, copy);
      return null;
    }
    const shell = inert.importNode(el, false);
    if (inTable) made.push([el, shell]);
    shell.appendChild(node);
    node = shell;
    if (tag === 'pre' || tag === 'table') break;
  }
  tables.clear();
  for (const [page, copy] of made) tables.set(page, copy);
  return node;
}
