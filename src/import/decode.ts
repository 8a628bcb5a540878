/**
 * Bytes → text for imported files, whatever their encoding: a byte-order mark wins (UTF-8,
 * UTF-16 LE or BE); then UTF-16 without a mark if every other byte of the start is zero; then
 * strict UTF-8; and when the bytes are not valid UTF-8, Windows-1252 (Latin-1's superset, what
 * old exporters and spreadsheets write), so no file is refused for its encoding. The BOM is
 * never part of the text. One pass over the bytes per attempt: no string is built piecewise.
 */

/** The encodings `decodeText` tells apart (what it read the bytes as). */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** A decoded file: its text (no BOM) and the encoding it was read as. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
}

/** The encoding a byte-order mark names, and its length; null without one. */
function bom(bytes: Uint8Array): { encoding: TextEncoding; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without a mark: ASCII text in UTF-16 has a zero in every other byte. */
function unmarkedUtf16(bytes: Uint8Array): TextEncoding | null {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.9 && evenZeros === 0) return 'utf-16le';
  if (evenZeros > pairs * 0.9 && oddZeros === 0) return 'utf-16be';
  return null;
}

function utf16(bytes: Uint8Array, bigEndian: boolean): string {
  const even = bytes.subarray(0, bytes.length & ~1);
  try {
    return new TextDecoder(bigEndian ? 'utf-16be' : 'utf-16le').decode(even);
  } catch {
    // A runtime without UTF-16BE: swap the bytes into a copy and read it as LE.
    const swapped = new Uint8Array(even.length);
    for (let i = 0; i < even.length; i += 2) {
      swapped[i] = even[i + 1]!;
      swapped[i + 1] = even[i]!;
    }
    return new TextDecoder('utf-16le').decode(swapped);
  }
}

/** Windows-1252's characters for bytes 0x80-0x9F (the rest is Latin-1); undefined bytes stay as their C1 controls. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/**
 * Windows-1252, by table: runtimes disagree (Node's `TextDecoder` reads the label as Latin-1),
 * so the same bytes must give the same text in a test and in a browser. 64 KB at a time.
 */
function windows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const units = new Uint16Array(65_536);
  for (let at = 0; at < bytes.length; at += units.length) {
    const chunk = bytes.subarray(at, at + units.length);
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      units[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
    }
    parts.push(String.fromCharCode(...units.subarray(0, chunk.length)));
  }
  return parts.join('');
}

/**
 * Decodes a whole file. Contract: never throws; the result holds no BOM; every byte sequence
 * gives some text (Windows-1252 accepts any byte). Why these rules: exports come from
 * spreadsheets, old browsers and servers; refusing a file for its encoding helps no one.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const mark = bom(bytes);
  const encoding = mark?.encoding ?? unmarkedUtf16(bytes);
  const body = bytes.subarray(mark?.length ?? 0);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    return { text: utf16(body, encoding === 'utf-16be'), encoding };
  }
  if (encoding === 'utf-8') return { text: new TextDecoder('utf-8').decode(body), encoding };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: windows1252(body), encoding: 'windows-1252' };
  }
}

/**
 * The start of a file as text, for sniffing its format: at most `limit` bytes, decoded
 * leniently (a multi-byte character cut at the end does no harm here).
 */
export function decodeHead(bytes: Uint8Array, limit = 65_536): string {
  const head = bytes.subarray(0, limit);
  const mark = bom(head);
  const encoding = mark?.encoding ?? unmarkedUtf16(head);
  const body = head.subarray(mark?.length ?? 0);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return utf16(body, encoding === 'utf-16be');
  return new TextDecoder('utf-8').decode(body);
}
