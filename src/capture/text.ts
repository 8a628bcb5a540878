/**
 * Plain text of article HTML, for search and for anchoring highlights. It must be a
 * pure function of the DOM tree (no layout, no CSS, no browser differences), so the
 * text computed at capture and the text recomputed later from stored HTML agree.
 */

/** Elements that start and end a line. */
const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'tr', 'section', 'article',
  'figure', 'figcaption', 'table', 'ul', 'ol', 'dl', 'dt', 'dd', 'header', 'footer', 'main', 'aside', 'nav',
  'address', 'hr', 'details', 'summary', 'caption', 'thead', 'tbody', 'tfoot', 'hgroup', 'center', 'form',
  'fieldset', 'legend', 'menu', 'dialog', 'body', 'html',
]);
/** Table cells: separated by a space within their row. */
const CELL_TAGS: ReadonlySet<string> = new Set(['td', 'th']);
/** Never text, even if unsanitised HTML reaches this function. */
const SKIP_TAGS: ReadonlySet<string> = new Set(['script', 'style', 'template', 'noscript', 'head', 'title']);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

interface Line {
  text: string;
  /** Holds text from inside `<pre>`: whitespace is significant and kept. */
  pre: boolean;
}

/**
 * Converts an element or fragment to plain text.
 *
 * Contract: block elements (p, div, li, h1–h6, blockquote, pre, tr, section, article,
 * figure, figcaption, table, lists, …) each start on a new line; `<br>` ends a line;
 * table cells in a row are separated by one space; whitespace runs (including
 * non-breaking spaces) collapse to one space and lines are trimmed, except inside
 * `<pre>` where spacing is kept (only trailing spaces are dropped); at most one blank
 * line in a row; no blank lines at either end. script/style/template/noscript are ignored.
 * Deterministic: depends only on the tree. Iterative, so deeply nested pages cannot
 * overflow the stack.
 */
export function htmlToText(root: Element | DocumentFragment): string {
  const lines: string[] = [];
  let line: Line = { text: '', pre: false };
  let preDepth = 0;

  const endLine = (hard: boolean): void => {
    const text = line.pre ? line.text.replace(/[ \t]+$/gm, '') : line.text.replace(/ {2,}/g, ' ').trim();
    if (hard || text !== '') lines.push(text);
    line = { text: '', pre: false };
  };
  const append = (raw: string): void => {
    if (preDepth > 0) {
      const parts = raw.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').split('\n');
      parts.forEach((part, i) => {
        if (i > 0) endLine(true);
        line.text += part;
        if (part !== '') line.pre = true;
      });
    } else {
      line.text += raw.replace(/[\s\u00a0]+/g, ' ');
    }
  };

  // Explicit stack of [node, leaving?] pairs instead of recursion.
  const stack: Array<[Node, boolean]> = [];
  const pushChildren = (node: Node): void => {
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push([child, false]);
  };
  pushChildren(root);
  while (stack.length > 0) {
    const [node, leaving] = stack.pop()!;
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      append(node.nodeValue ?? '');
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const tag = (node as Element).localName.toLowerCase();
    if (leaving) {
      if (tag === 'pre') preDepth--;
      if (BLOCK_TAGS.has(tag)) endLine(false);
      else if (CELL_TAGS.has(tag)) append(' ');
      continue;
    }
    if (SKIP_TAGS.has(tag)) continue;
    if (tag === 'br') {
      endLine(true);
      continue;
    }
    if (BLOCK_TAGS.has(tag)) endLine(false);
    if (tag === 'pre') preDepth++;
    stack.push([node, true]);
    pushChildren(node);
  }
  endLine(false);
  // Lines are already trimmed; only newlines are stripped at the ends, so a leading `<pre>` keeps its indent.
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
}

/** Escapes text for use as HTML element content (`&`, `<`, `>`; quotes too, so it is safe in attributes). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * Plain text (e.g. the selection text a context menu reports) as article HTML — one `<p>`
 * per blank-line-separated paragraph — and its plain text, computed without a DOM.
 *
 * Contract: `text` equals `htmlToText` of `html` parsed, as for every capture (the
 * background, which has no DOM, builds it this way). Why: highlights anchor on the text
 * recomputed from stored HTML.
 */
export function paragraphsToHtml(raw: string): { html: string; text: string } {
  const paragraphs = raw
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((p) => p !== '');
  return { html: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join(''), text: paragraphs.join('\n') };
}
