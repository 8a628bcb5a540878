/** `data:` image URLs decoded, so an inline image is checked and stored like any fetched one. */

/** The bytes and declared type of a `data:` URL, or null when it is not a well-formed one. */
export function decodeDataUrl(url: string, maxBytes: number): { type: string; bytes: Uint8Array } | null {
  const m = /^data:([^,]*),/i.exec(url);
  if (!m) return null;
  const meta = m[1]!.split(';').map((s) => s.trim());
  const base64 = meta.slice(1).some((p) => p.toLowerCase() === 'base64');
  const payload = url.slice(m[0].length);
  // base64 is 4 characters per 3 bytes; percent-encoding at least 1 character per byte.
  if ((base64 ? (payload.length * 3) / 4 : payload.length / 3) > maxBytes) return null;
  try {
    if (base64) {
      const binary = atob(decodeURIComponent(payload).replace(/\s+/g, ''));
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return bytes.byteLength > maxBytes ? null : { type: (meta[0] ?? '').toLowerCase(), bytes };
    }
    const bytes = percentDecode(payload);
    return bytes.byteLength > maxBytes ? null : { type: (meta[0] ?? '').toLowerCase(), bytes };
  } catch {
    return null;
  }
}

/** `%XX` escapes as bytes, every other character as its UTF-8 (a data: URL's payload may be binary). */
function percentDecode(text: string): Uint8Array {
  const out: number[] = [];
  const utf8 = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '%' && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = text.codePointAt(i)!;
      if (code > 0xffff) i++;
      out.push(...utf8.encode(String.fromCodePoint(code)));
    }
  }
  return Uint8Array.from(out);
}
