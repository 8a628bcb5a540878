/**
 * Byte-level helpers for snapshots: UTF-8 length, base64, data: URLs, HTML escaping.
 * Plain functions on strings and byte arrays, so they run the same in Node and in a page.
 */

/** The number of bytes `text` takes as UTF-8 (lone surrogates count as the 3 bytes of U+FFFD). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Base64 of `bytes` (standard alphabet, padded). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The bytes of a base64 string (whitespace ignored); null if it is not base64. */
export function fromBase64(base64: string): Uint8Array | null {
  try {
    const binary = atob(base64.replace(/[\t\n\f\r ]+/g, ''));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** How many bytes a base64 string decodes to. */
export function base64Size(base64: string): number {
  const len = base64.length;
  const pad = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((len * 3) / 4) - pad);
}

/**
 * A MIME type reduced to `type/subtype` in lower case, or null when it is not one. Only
 * characters that need no escaping in an HTML attribute or a CSS string survive.
 */
export function safeMime(type: string | null | undefined): string | null {
  const t = (type ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/.test(t) && t.length <= 100 ? t : null;
}

/** A `data:` URL of `base64` content; its characters need no escaping in HTML attributes or CSS strings. */
export function dataUrl(type: string, base64: string): string {
  return `data:${safeMime(type) ?? 'application/octet-stream'};base64,${base64}`;
}

/** Percent-decodes `text` into bytes (characters that are not escapes are taken as UTF-8). */
function percentDecode(text: string): Uint8Array {
  const out: number[] = [];
  const encoder = new TextEncoder();
  let plain = '';
  const flush = () => {
    if (plain) out.push(...encoder.encode(plain));
    plain = '';
  };
  for (let i = 0; i < text.length; i++) {
    const hex = text.charAt(i) === '%' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9a-f]{2}$/i.test(hex)) {
      flush();
      out.push(parseInt(hex, 16));
      i += 2;
    } else plain += text.charAt(i);
  }
  flush();
  return Uint8Array.from(out);
}

/** A `data:` URL's type (lower case, `text/plain` when absent) and bytes; null if it is malformed. */
export function parseDataUrl(url: string): { type: string; bytes: Uint8Array } | null {
  const m = /^\s*data:([^,]*),/i.exec(url);
  if (!m) return null;
  const meta = m[1]!;
  const body = url.slice(m[0].length);
  const isBase64 = /;\s*base64\s*$/i.test(meta);
  const type = safeMime(meta.split(';')[0]) ?? 'text/plain';
  const bytes = isBase64 ? fromBase64(decodeURIComponentSafe(body)) : percentDecode(body);
  return bytes ? { type, bytes } : null;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\u00a0': '&nbsp;' };

/** Escapes text content for HTML (also right inside RCDATA elements such as `<title>` and `<textarea>`). */
export function escapeText(text: string): string {
  return text.replace(/[&<>\u00a0]/g, (c) => TEXT_ESCAPES[c]!);
}

/** Escapes an attribute value for a double-quoted HTML attribute. */
export function escapeAttr(value: string): string {
  return value.replace(/[&<>"\u00a0]/g, (c) => TEXT_ESCAPES[c]!);
}

/** `text` escaped for a double-quoted attribute `times` times (a frame's document inside `srcdoc`, nested). */
export function escapeTimes(text: string, times: number): string {
  let out = text;
  for (let i = 0; i < times; i++) out = escapeAttr(out);
  return out;
}

/** Makes CSS text safe inside an HTML `<style>` element: nothing in it can close the element. */
export function escapeStyleText(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}
