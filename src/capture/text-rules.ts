/**
 * The text model's rules, once: which elements break lines, how whitespace collapses, what
 * `<pre>` keeps. Every plain text Commonplace computes comes from `textBuilder` (fed by
 * `walkText` over a DOM tree, or by `textOfHtml` reading a serialisation), so the text
 * search indexes, the reader shows and highlights anchor on is one text, with one mapping
 * back to the DOM (`textModelOf`, text-model.ts).
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
/** Never text, even if unsanitised HTML reaches the rules. */
const SKIP_TAGS: ReadonlySet<string> = new Set(['script', 'style', 'template', 'noscript', 'head', 'title']);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Whitespace runs outside `<pre>` (JavaScript's `\s`, which includes the no-break space). */
const FLOW_SPACE = /[\s\u00a0]+/g;
/** Text whose whitespace is anything but single spaces: the slow path of `appendFlowing`. */
const UNTIDY = /[^\S ]| {2}/;

/**
 * Receives, for each run of output text copied one-to-one from a source text, where it came
 * from: output offset, the source's number (as given to `text`), offset in the source, length.
 * Output characters no source gave (line breaks, a table cell's separator) are not reported.
 */
export type TextSink = (out: number, source: number, offset: number, length: number) => void;

/** One conversion's state: feed it elements and text in document order, then take `done()`. */
export interface TextBuilder {
  /** A text node's data; `source` numbers it for the sink (-1, the default: not mapped). */
  text(raw: string, source?: number): void;
  /** Enters an element (lower-case name); false for elements whose content is never text (and `<br>`, which has none). */
  enter(tag: string): boolean;
  /** Leaves an element entered with `enter`. */
  leave(tag: string): void;
  /** Characters written so far: the text only grows, so its first `length()` characters are final. */
  length(): number;
  /** The text. */
  done(): string;
}

/**
 * The line rules, as a streaming builder: each output character is decided as its input
 * arrives, so a sink can record where it came from.
 *
 * Contract (the text model): block elements each start on a new line; `<br>` ends a line;
 * table cells in a row are separated by one space; outside `<pre>`, every whitespace run
 * (including no-break spaces, and across element boundaries) becomes one space and lines
 * are trimmed; inside `<pre>` spacing is kept (no-break spaces become spaces, CR/CRLF end
 * lines, spaces and tabs before a line end or U+2028/U+2029 are dropped); at most one blank
 * line in a row; no blank lines at either end; script/style/template/noscript/head/title
 * are not text. Why streaming: the same rules then give both the text and its mapping to
 * the DOM, so they cannot drift apart.
 */
export function textBuilder(sink?: TextSink): TextBuilder {
  let out = '';
  let lineHasText = false;
  /** Line breaks owed before the next text (written only once text follows). */
  let breaks = 0;
  let preDepth = 0;
  /** A whitespace run outside `<pre>` not yet written: becomes one space if text follows on the line. */
  let spacePending = false;
  let spaceSource = -1;
  let spaceOffset = 0;
  /** Spaces and tabs inside `<pre>` not yet written, as [char, source, offset] triples. */
  const preSpaces: Array<string | number> = [];

  const emit = (s: string, source: number, offset: number): void => {
    if (!lineHasText) {
      if (breaks > 0 && out.length > 0) out += breaks >= 2 ? '\n\n' : '\n';
      breaks = 0;
      lineHasText = true;
    }
    if (sink && source >= 0) sink(out.length, source, offset, s.length);
    out += s;
  };
  const endLine = (hard: boolean): void => {
    spacePending = false;
    preSpaces.length = 0;
    if (lineHasText) {
      lineHasText = false;
      breaks = 1;
    } else if (hard) breaks++;
  };
  const markSpace = (source: number, offset: number): void => {
    if (spacePending) return;
    spacePending = true;
    spaceSource = source;
    spaceOffset = offset;
  };
  /** Writes text that follows a pending space: the space first, unless the line has no text yet (trimmed). */
  const emitFlowing = (s: string, source: number, offset: number): void => {
    if (spacePending) {
      spacePending = false;
      if (lineHasText) emit(' ', spaceSource, spaceOffset);
    }
    emit(s, source, offset);
  };
  const appendFlowing = (raw: string, source: number): void => {
    if (raw === '') return;
    if (!UNTIDY.test(raw)) {
      // Only single spaces: everything but a leading or trailing one is written as it is.
      let a = 0;
      let b = raw.length;
      if (raw.charCodeAt(0) === 32) {
        markSpace(source, 0);
        a = 1;
      }
      if (a >= b) return;
      const trailing = raw.charCodeAt(b - 1) === 32;
      if (trailing) b--;
      emitFlowing(a === 0 && b === raw.length ? raw : raw.slice(a, b), source, a);
      if (trailing) markSpace(source, b);
      return;
    }
    let i = 0;
    FLOW_SPACE.lastIndex = 0;
    for (let m = FLOW_SPACE.exec(raw); m; m = FLOW_SPACE.exec(raw)) {
      if (m.index > i) emitFlowing(raw.slice(i, m.index), source, i);
      markSpace(source, m.index);
      i = m.index + m[0].length;
    }
    if (i < raw.length) emitFlowing(raw.slice(i), source, i);
  };
  const emitPre = (s: string, source: number, offset: number): void => {
    for (let k = 0; k < preSpaces.length; k += 3) emit(preSpaces[k] as string, preSpaces[k + 1] as number, preSpaces[k + 2] as number);
    preSpaces.length = 0;
    emit(s, source, offset);
  };
  const appendPre = (raw: string, source: number): void => {
    let run = 0;
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      const lineEnd = c === 10 || c === 13;
      const space = c === 32 || c === 9 || c === 0xa0;
      const separator = c === 0x2028 || c === 0x2029;
      if (!lineEnd && !space && !separator) continue;
      if (i > run) emitPre(raw.slice(run, i), source, run);
      if (lineEnd) {
        if (c === 13 && raw.charCodeAt(i + 1) === 10) i++;
        endLine(true);
      } else if (space) {
        preSpaces.push(c === 9 ? '\t' : ' ', source, i);
      } else {
        // Spaces before U+2028/U+2029 are line-final, as before a line end.
        preSpaces.length = 0;
        emit(raw[i]!, source, i);
      }
      run = i + 1;
    }
    if (raw.length > run) emitPre(run === 0 ? raw : raw.slice(run), source, run);
  };
  const append = (raw: string, source: number): void => (preDepth > 0 ? appendPre(raw, source) : appendFlowing(raw, source));

  return {
    text: (raw, source = -1) => append(raw, source),
    enter(tag) {
      if (SKIP_TAGS.has(tag)) return false;
      if (tag === 'br') {
        endLine(true);
        return false;
      }
      if (BLOCK_TAGS.has(tag)) endLine(false);
      if (tag === 'pre') preDepth++;
      return true;
    },
    leave(tag) {
      if (tag === 'pre') preDepth--;
      if (BLOCK_TAGS.has(tag)) endLine(false);
      else if (CELL_TAGS.has(tag)) append(' ', -1);
    },
    length: () => out.length,
    done: () => out,
  };
}

/**
 * Walks `root`'s tree in document order, feeding `out`. `visit` (optional) is called for
 * each text node that is read and returns the number it is fed under (the sink's `source`).
 *
 * Contract: touches only `nodeType`, `localName`, `nodeValue`, `lastChild` and
 * `previousSibling`; iterative (an explicit stack), so deeply nested pages cannot overflow
 * the call stack; CDATA sections count as text; comments and processing instructions do not.
 */
export function walkText(root: Node, out: TextBuilder, visit?: (node: Node) => number): void {
  // Explicit stack of [node, leaving?] pairs instead of recursion.
  const stack: Array<[Node, boolean]> = [];
  const pushChildren = (node: Node): void => {
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push([child, false]);
  };
  pushChildren(root);
  while (stack.length > 0) {
    const [node, leaving] = stack.pop()!;
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      out.text(node.nodeValue ?? '', visit ? visit(node) : -1);
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const tag = (node as Element).localName.toLowerCase();
    if (leaving) {
      out.leave(tag);
      continue;
    }
    if (!out.enter(tag)) continue;
    stack.push([node, true]);
    pushChildren(node);
  }
}
