/**
 * A small HTML tokenizer for machine-written exports (Netscape bookmark files, Pocket's
 * `ril_export.html`). Pure string code: it runs in Node and in a service worker, where there is
 * no `DOMParser`, and it executes nothing, loads nothing and builds no DOM.
 *
 * It yields start tags (lower-cased name, attributes), end tags and text, with the line each
 * starts on; comments, doctypes and processing instructions are skipped; `script` and `style`
 * content is skipped whole and `title` and `textarea` content is text, when their end tag exists. Every step finds its end
 * with `indexOf`, so a 100 MB file or a 1 MB `ICON` data URI costs linear time, and every step
 * advances, so it always ends.
 */

/** One token: a start tag (name lower-cased, attributes entity-decoded, first of a name wins), an end tag, or decoded text. */
export type HtmlToken =
  | { readonly kind: 'start'; readonly name: string; readonly attrs: ReadonlyMap<string, string>; readonly line: number }
  | { readonly kind: 'end'; readonly name: string; readonly line: number }
  | { readonly kind: 'text'; readonly text: string; readonly line: number };

const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«',
  raquo: '»', bull: '•', middot: '·', euro: '€', pound: '£', deg: '°', times: '×', shy: '\u00ad',
};
const ENTITY = /&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/g;

/**
 * Decodes character references that end in `;` (`&amp;`, `&#39;`, `&#x2014;`, and the common
 * named ones). Contract: an `&` that starts no such reference stays as it is, so a URL whose `&`
 * was never escaped (`?a=1&b=2`) comes through unchanged; an impossible code point becomes U+FFFD.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body[0] !== '#') return NAMED[body] ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13 || c === 12;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const SKIPPED = new Set(['script', 'style']);
const RAW_TEXT = new Set(['title', 'textarea']);

/** Index of the first character at or after `p` that ends a name (space, `/`, `>`, `=`), or the end. */
function nameEnd(html: string, p: number, stopAtEquals: boolean): number {
  const n = html.length;
  while (p < n) {
    const c = html.charCodeAt(p);
    if (isSpace(c) || c === 47 || c === 62 || (stopAtEquals && c === 61)) return p;
    p++;
  }
  return n;
}

function skipSpace(html: string, p: number): number {
  while (p < html.length && isSpace(html.charCodeAt(p))) p++;
  return p;
}

/** Attributes from `p` (just after the tag name) to the tag's `>`; returns them and the index after `>`. */
function readAttributes(html: string, p: number): { attrs: Map<string, string>; end: number } {
  const attrs = new Map<string, string>();
  const n = html.length;
  for (;;) {
    while (p < n && (isSpace(html.charCodeAt(p)) || html.charCodeAt(p) === 47)) p++;
    if (p >= n) return { attrs, end: n };
    if (html.charCodeAt(p) === 62) return { attrs, end: p + 1 };
    const start = p;
    p = Math.max(nameEnd(html, p + 1, true), p + 1);
    const name = html.slice(start, p).toLowerCase();
    p = skipSpace(html, p);
    let value = '';
    if (html.charCodeAt(p) === 61) {
      p = skipSpace(html, p + 1);
      const q = html.charCodeAt(p);
      if (q === 34 || q === 39) {
        const close = html.indexOf(q === 34 ? '"' : "'", p + 1);
        if (close >= 0) {
          value = html.slice(p + 1, close);
          p = close + 1;
        } else {
          // An unclosed quote would swallow the file: the value and the tag end at the next `>`.
          const gt = html.indexOf('>', p + 1);
          value = html.slice(p + 1, gt < 0 ? n : gt);
          p = gt < 0 ? n : gt;
        }
      } else {
        const stop = nameEnd(html, p, false);
        value = html.slice(p, stop);
        p = stop;
      }
    }
    if (!attrs.has(name)) attrs.set(name, decodeEntities(value));
  }
}

/**
 * Tokenizes `html`. Contract: yields tokens in document order with 1-based line numbers; text
 * is entity-decoded; never throws; ends after a number of steps linear in the input.
 */
export function* htmlTokens(html: string): Generator<HtmlToken> {
  const n = html.length;
  let pos = 0;
  let line = 1;
  let nextLf = html.indexOf('\n');
  // Positions only grow, so each line feed is found once: linear even on a one-line file.
  const lineAt = (p: number): number => {
    while (nextLf !== -1 && nextLf < p) {
      line++;
      nextLf = html.indexOf('\n', nextLf + 1);
    }
    return line;
  };
  while (pos < n) {
    const lt = html.indexOf('<', pos);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > pos) yield { kind: 'text', text: decodeEntities(html.slice(pos, textEnd)), line: lineAt(pos) };
    if (lt < 0) return;
    const c = html.charCodeAt(lt + 1);
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      pos = close < 0 ? n : close + 3;
    } else if (c === 33 || c === 63) {
      const close = html.indexOf('>', lt + 2);
      pos = close < 0 ? n : close + 1;
    } else if (c === 47 && isLetter(html.charCodeAt(lt + 2))) {
      const stop = nameEnd(html, lt + 2, false);
      const close = html.indexOf('>', stop);
      yield { kind: 'end', name: html.slice(lt + 2, stop).toLowerCase(), line: lineAt(lt) };
      pos = close < 0 ? n : close + 1;
    } else if (isLetter(c)) {
      const stop = nameEnd(html, lt + 1, false);
      const name = html.slice(lt + 1, stop).toLowerCase();
      const { attrs, end } = readAttributes(html, stop);
      yield { kind: 'start', name, attrs, line: lineAt(lt) };
      pos = end;
      if (SKIPPED.has(name) || RAW_TEXT.has(name)) {
        const closing = new RegExp(`</${name}[\\s/>]`, 'ig');
        closing.lastIndex = pos;
        const found = closing.exec(html);
        // Without its end tag the element is read as ordinary markup: one stray `<script>` in
        // a title must not swallow the rest of a bookmark file.
        if (found) {
          if (RAW_TEXT.has(name) && found.index > pos) yield { kind: 'text', text: decodeEntities(html.slice(pos, found.index)), line: lineAt(pos) };
          pos = found.index;
        }
      }
    } else {
      yield { kind: 'text', text: '<', line: lineAt(lt) };
      pos = lt + 1;
    }
  }
}
