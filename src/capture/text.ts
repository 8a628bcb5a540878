/**
 * Plain text of article HTML, for search and for anchoring highlights. It must be a
 * pure function of the DOM tree (no layout, no CSS, no browser differences), so the
 * text computed at capture and the text recomputed later from stored HTML agree. The
 * rules live once, in text-rules.ts; text-model.ts maps the same text back to the DOM.
 */
import { escapeHtml } from '../util/escape-html';
import { textBuilder, walkText } from './text-rules';

/**
 * Converts an element or fragment to plain text.
 *
 * Contract: block elements (p, div, li, h1–h6, blockquote, pre, tr, section, article,
 * figure, figcaption, table, lists, …) each start on a new line; `<br>` ends a line;
 * table cells in a row are separated by one space; whitespace runs (including
 * non-breaking spaces) collapse to one space and lines are trimmed, except inside
 * `<pre>` where spacing is kept (only trailing spaces are dropped); at most one blank
 * line in a row; no blank lines at either end. script/style/template/noscript are ignored
 * (the full rules: `textBuilder` in text-rules.ts). Deterministic: depends only on the tree.
 * Iterative, so deeply nested pages cannot overflow the stack. Equals `textModelOf(root).text`
 * (text-model.ts, which also maps it to the DOM); `textOfHtml` gives the same text from the
 * tree's serialisation.
 */
export function htmlToText(root: Element | DocumentFragment): string {
  const out = textBuilder();
  walkText(root, out);
  return out.done();
}

/** HTML elements the serialiser writes without an end tag (and without content). */
const VOID_TAGS: ReadonlySet<string> = new Set([
  'area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link',
  'meta', 'param', 'source', 'track', 'wbr',
]);
/** Elements whose text the serialiser writes unescaped (so it runs to the end tag). */
const RAW_TEXT_TAGS: ReadonlySet<string> = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
/** Inside these, element names are not HTML's, so none of them is void. */
const FOREIGN_ROOTS: ReadonlySet<string> = new Set(['svg', 'math']);
/** Foreign elements whose children the HTML parser reads as HTML (its integration points). */
const INTEGRATION_POINTS: ReadonlySet<string> = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references a serialiser writes (`&amp; &lt; &gt; &nbsp; &quot;`, numeric ones too). */
function decodeText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref.toLowerCase()] ?? m;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** Character codes that end a tag name: whitespace, '/' and '>'. */
const ENDS_NAME: readonly boolean[] = (() => {
  const t: boolean[] = [];
  for (const c of ' \t\n\f\r/>') t[c.charCodeAt(0)] = true;
  return t;
})();

/** Index of the '>' that ends the tag whose attributes start at `from`, skipping quoted values (or the end). */
function tagEnd(s: string, from: number): number {
  let j = from;
  for (;;) {
    const gt = s.indexOf('>', j);
    if (gt === -1) return s.length;
    let q = j;
    while (q < gt) {
      const c = s.charCodeAt(q);
      if (c === 34 || c === 39) break; // '"' or "'"
      q++;
    }
    if (q === gt) return gt;
    const close = s.indexOf(s[q]!, q + 1);
    if (close === -1) return s.length;
    j = close + 1;
  }
}

/**
 * `htmlToText` of a tree, from its serialisation (`innerHTML`), without a DOM: the same
 * text, in a fraction of the time a walk over DOM nodes takes in a content script's
 * isolated world (every node touched there costs a wrapper lookup).
 *
 * Contract: for HTML written by a DOM serialiser (`innerHTML`, `XMLSerializer` of HTML
 * elements), returns exactly `htmlToText` of the serialised tree. It reads tags as the
 * serialiser writes them — every element closed explicitly except HTML void elements,
 * text escaped except inside raw-text elements, attributes double-quoted — and applies
 * no parser repairs, so it is not a general HTML parser: input from elsewhere is read
 * the same way, never executed or fetched. Line endings are normalised as a parser does.
 */
export function textOfHtml(html: string): string {
  return textPrefixOfHtml(html, Infinity);
}

/**
 * The first `chars` characters of `textOfHtml(html)`, exactly, reading the HTML only as far as
 * they need. Why: the search index holds the start of each article, and converting whole
 * articles to text was most of what a rebuild of 10,000 clips allocated (the background's
 * memory, issue 12).
 */
export function textPrefixOfHtml(html: string, chars: number): string {
  const s = html.includes('\r') ? html.replace(/\r\n?/g, '\n') : html;
  const out = textBuilder();
  /** Open elements: name, whether their content counts, whether it is foreign (SVG, MathML). */
  const open: Array<{ tag: string; counted: boolean; foreign: boolean }> = [];
  const counted = () => open.length === 0 || open[open.length - 1]!.counted;
  const foreign = () => open.length > 0 && open[open.length - 1]!.foreign;
  let i = 0;
  const n = s.length;
  // The builder only appends, so once it holds `chars` characters they are final.
  while (i < n && out.length() < chars) {
    const lt = s.indexOf('<', i);
    const end = lt === -1 ? n : lt;
    if (end > i && counted()) out.text(decodeText(s.slice(i, end)));
    if (lt === -1) break;
    i = lt;
    if (s.startsWith('<!--', i)) {
      const close = s.indexOf('-->', i + 4);
      i = close === -1 ? n : close + 3;
      continue;
    }
    if (s.startsWith('<![CDATA[', i)) {
      const close = s.indexOf(']]>', i + 9);
      if (counted()) out.text(s.slice(i + 9, close === -1 ? n : close));
      i = close === -1 ? n : close + 3;
      continue;
    }
    if (s[i + 1] === '!' || s[i + 1] === '?') {
      const close = s.indexOf('>', i);
      i = close === -1 ? n : close + 1;
      continue;
    }
    const closing = s.charCodeAt(i + 1) === 47; // '/'
    const nameStart = closing ? i + 2 : i + 1;
    let j = nameStart;
    while (j < n && !ENDS_NAME[s.charCodeAt(j)]) j++;
    const tag = s.slice(nameStart, j).toLowerCase();
    if (tag === '') {
      // A lone '<' (never written by a serialiser): text.
      if (counted()) out.text('<');
      i += 1;
      continue;
    }
    j = tagEnd(s, j);
    const selfClosing = s[j - 1] === '/';
    i = Math.min(n, j + 1);
    if (closing) {
      let at = open.length - 1;
      while (at >= 0 && open[at]!.tag !== tag) at--;
      // An end tag with no open element (never written by a serialiser) is ignored.
      while (at >= 0 && open.length > at) {
        const e = open.pop()!;
        if (e.counted) out.leave(e.tag);
      }
      continue;
    }
    const parentCounted = counted();
    // Inside MathML's text elements and SVG's foreignObject, desc and title, elements are HTML again (a <br> there is void).
    const isForeign = FOREIGN_ROOTS.has(tag) || (foreign() && !INTEGRATION_POINTS.has(open[open.length - 1]!.tag));
    const descend = parentCounted ? out.enter(tag) : false;
    if (isForeign ? selfClosing : VOID_TAGS.has(tag)) {
      if (descend) out.leave(tag);
      continue;
    }
    if (!isForeign && RAW_TEXT_TAGS.has(tag)) {
      const endTag = new RegExp(`</${tag}`, 'gi');
      endTag.lastIndex = i;
      const close = endTag.exec(s)?.index ?? -1;
      if (descend) {
        out.text(s.slice(i, close === -1 ? n : close));
        out.leave(tag);
      }
      const gt = close === -1 ? -1 : s.indexOf('>', close);
      i = gt === -1 ? n : gt + 1;
      continue;
    }
    open.push({ tag, counted: parentCounted && descend, foreign: isForeign });
  }
  const text = out.done();
  return text.length > chars ? text.slice(0, chars) : text;
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
