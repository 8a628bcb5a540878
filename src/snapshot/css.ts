/**
 * CSS text for snapshots: every `url()` (and `image-set()` string) becomes a reference the
 * producer replaces with a data: URL, comments go, `:defined` matches every element (no
 * custom element is ever defined in a snapshot, and pages hide undefined ones), leading
 * `@import`s are split off so their sheets can be inlined in place, and `@font-face`
 * sources are cut to the one font the browser would use.
 */
import type { ResourceKind } from './mime';
import type { Chunk, ResRef } from './types';

/** How a URL found in CSS is written out: a resource, a kept literal (a `#fragment`), or nothing. */
export type UrlTarget = ResRef | { readonly keep: string } | null;
/**
 * Resolves a URL as written (`raw`, already unescaped) against `base`, for use as `kind`;
 * `priority` orders what is left out first when the size cap is reached (see `PRIORITY`).
 */
export type ResolveUrl = (raw: string, base: string, kind: ResourceKind, priority?: number) => UrlTarget;

const isIdentChar = (c: string | undefined) => !!c && /[\w-]/.test(c);

/** Removes CSS escapes from a string or url token's value. */
export function cssUnescape(value: string): string {
  return value.replace(/\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(\r\n|[\n\r\f])|([\s\S]))/g, (_, hex: string | undefined, newline: string | undefined, ch: string | undefined) => {
    if (hex) {
      const cp = parseInt(hex, 16);
      return cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp);
    }
    return newline ? '' : (ch ?? '');
  });
}

/** Writes `value` as a double-quoted CSS string. */
export function cssString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/** The index just past the string starting at `start` (a quote), or the end of a broken string. */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else if (c === '\n') return i;
    else i++;
  }
  return text.length;
}

/** Parses a `url(` token at `at` (pointing at `u`): its unescaped value and the index past `)`, or null. */
function urlToken(text: string, at: number): { value: string; end: number } | null {
  let i = at + 4;
  while (/\s/.test(text[i] ?? '')) i++;
  let value: string;
  if (text[i] === '"' || text[i] === "'") {
    const end = stringEnd(text, i);
    value = cssUnescape(text.slice(i + 1, text[end - 1] === text[i] ? end - 1 : end));
    i = end;
    while (/\s/.test(text[i] ?? '')) i++;
  } else {
    const start = i;
    while (i < text.length && text[i] !== ')' && !/[\s"'(]/.test(text[i]!)) i += text[i] === '\\' ? 2 : 1;
    value = cssUnescape(text.slice(start, i));
    while (/\s/.test(text[i] ?? '')) i++;
  }
  return text[i] === ')' ? { value: value.trim(), end: i + 1 } : null;
}

/**
 * Rewrites CSS text into chunks: each URL through `resolve` (relative URLs against `base`),
 * comments dropped, `:defined` made to match. `kind` is what `url()`s are (fonts inside
 * `@font-face` blocks are found on their own).
 */
export function rewriteCss(text: string, base: string, resolve: ResolveUrl, kind: ResourceKind = 'image'): Chunk[] {
  const out: Chunk[] = [];
  let buf = '';
  let depth = 0;
  let imageSetDepth = -1;
  let braces = 0;
  let fontPending = false;
  let fontBraces = -1;
  const put = (value: string, kindHere: ResourceKind) => {
    const target = resolve(value, base, kindHere);
    buf += 'url("';
    if (target && 'res' in target) {
      out.push(buf, target);
      buf = '';
    } else if (target) buf += cssString(target.keep).slice(1, -1);
    buf += '")';
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    const kindHere: ResourceKind = fontBraces >= 0 ? 'font' : kind;
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      if (imageSetDepth >= 0 && depth === imageSetDepth + 1) put(cssUnescape(text.slice(i + 1, text[end - 1] === c ? end - 1 : end)), kindHere);
      else buf += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === '\\') {
      buf += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if ((c === 'u' || c === 'U') && !isIdentChar(text[i - 1]) && /^url\(/i.test(text.slice(i, i + 4))) {
      const token = urlToken(text, i);
      if (token) {
        put(token.value, kindHere);
        i = token.end;
      } else {
        // A bad url token: the browser drops it up to the first `)`; so does the copy.
        const close = text.indexOf(')', i);
        buf += 'url("")';
        i = close < 0 ? text.length : close + 1;
      }
      continue;
    }
    if (c === ':' && /^:defined(?![\w-])/i.test(text.slice(i, i + 9))) {
      buf += ':is(*)';
      i += 8;
      continue;
    }
    if (c === '@' && /^@font-face(?![\w-])/i.test(text.slice(i, i + 11))) fontPending = true;
    if (!isIdentChar(text[i - 1]) && /^(-webkit-)?image-set\(/i.test(text.slice(i, i + 18))) imageSetDepth = depth;
    if (c === '(') depth++;
    else if (c === ')') {
      depth = Math.max(0, depth - 1);
      if (depth === imageSetDepth) imageSetDepth = -1;
    } else if (c === '{') {
      if (fontPending) {
        fontBraces = braces;
        fontPending = false;
      }
      braces++;
    } else if (c === '}') {
      braces = Math.max(0, braces - 1);
      if (braces === fontBraces) fontBraces = -1;
    } else if (c === ';' && braces === 0) fontPending = false;
    buf += c;
    i++;
  }
  if (buf) out.push(buf);
  return out;
}

/** One leading `@import` of a stylesheet's text. */
export interface CssImport {
  /** The URL as written (unescaped, unresolved). */
  readonly url: string;
  /** Wrappers that give the imported rules the import's conditions: `@media`, `@supports`, `@layer`. */
  readonly open: string;
  readonly close: string;
}

/** Wrappers for an import's layer, supports and media conditions (innermost: media). */
export function importWrappers(media: string, supports: string | null, layer: string | null): { open: string; close: string } {
  let open = '';
  let close = '';
  if (layer !== null) {
    open += layer ? `@layer ${layer} {` : '@layer {';
    close = `}${close}`;
  }
  if (supports) {
    open += `@supports (${supports}) {`;
    close = `}${close}`;
  }
  if (media && media.trim().toLowerCase() !== 'all') {
    open += `@media ${media} {`;
    close = `}${close}`;
  }
  return { open, close };
}

/** Splits the leading `@charset` and `@import` rules off a stylesheet's text. */
export function splitImports(text: string): { imports: CssImport[]; rest: string } {
  const imports: CssImport[] = [];
  let i = 0;
  for (;;) {
    const skipped = /^(?:\s+|\/\*[\s\S]*?\*\/|<!--|-->)*/.exec(text.slice(i))![0];
    i += skipped.length;
    const rule = /^@(charset|import)\b/i.exec(text.slice(i, i + 8));
    if (!rule) break;
    let end = i;
    while (end < text.length && text[end] !== ';') end = text[end] === '"' || text[end] === "'" ? stringEnd(text, end) : /^url\(/i.test(text.slice(end, end + 4)) && !/[\w-]/.test(text[end - 1] ?? '') ? urlEnd(text, end) : end + 1;
    const body = text.slice(i + rule[0].length, end).trim();
    i = end + 1;
    if (rule[1]!.toLowerCase() === 'charset') continue;
    const parsed = parseImportBody(body);
    if (parsed) imports.push(parsed);
  }
  return { imports, rest: text.slice(i) };
}

/**
 * Past a `url(` token at `at`: an unquoted URL may hold a `;` (Google Fonts' `wght@400;700`,
 * minified without quotes), which is not the rule's end. A bad token ends at its next `)`.
 */
function urlEnd(text: string, at: number): number {
  const token = urlToken(text, at);
  if (token) return token.end;
  const close = text.indexOf(')', at);
  return close < 0 ? text.length : close + 1;
}

function parseImportBody(body: string): CssImport | null {
  let url: string;
  let rest: string;
  if (/^url\(/i.test(body)) {
    const token = urlToken(body, 0);
    if (!token) return null;
    url = token.value;
    rest = body.slice(token.end);
  } else if (body[0] === '"' || body[0] === "'") {
    const end = stringEnd(body, 0);
    url = cssUnescape(body.slice(1, end - 1));
    rest = body.slice(end);
  } else return null;
  rest = rest.trim();
  let layer: string | null = null;
  const layerMatch = /^layer(?:\(\s*([\w.-]+)\s*\))?(?![\w-])/i.exec(rest);
  if (layerMatch) {
    layer = layerMatch[1] ?? '';
    rest = rest.slice(layerMatch[0].length).trim();
  }
  let supports: string | null = null;
  const supportsMatch = /^supports\(/i.exec(rest);
  if (supportsMatch) {
    let depth = 0;
    let j = supportsMatch[0].length - 1;
    for (; j < rest.length; j++) {
      if (rest[j] === '(') depth++;
      else if (rest[j] === ')' && --depth === 0) break;
    }
    supports = rest.slice(supportsMatch[0].length, j).trim();
    rest = rest.slice(j + 1).trim();
  }
  return { url, ...importWrappers(rest, supports, layer) };
}

/** Splits a declaration value at its top-level commas. */
function splitTopLevel(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' || c === "'") i = stringEnd(value, i) - 1;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(value.slice(start).trim());
  return parts.filter(Boolean);
}

/**
 * An `@font-face` `src` list cut to the font a current browser loads: the `local()` entries
 * and the first WOFF2 source (else the first `url()` source).
 */
export function trimFontSources(src: string): string {
  const parts = splitTopLevel(src);
  const urls = parts.filter((p) => /^url\(/i.test(p));
  const chosen = urls.find((p) => /format\(\s*["']?woff2/i.test(p) || /\.woff2(?:[?#][^)"']*)?["']?\s*\)/i.test(p)) ?? urls[0];
  return parts.filter((p) => !/^url\(/i.test(p) || p === chosen).join(', ');
}
