import { Inflate } from 'fflate';

/**
 * The byte-level pieces of reading a zip, shared by the import reader (src/import/zip.ts) and
 * the export reader (src/export/zip-reader.ts): little-endian integers and the CRC-32 a zip
 * stores for each file (checked after inflating, so a damaged file is refused, not read), and
 * inflating a file no further than its declared size.
 */

/** A little-endian unsigned 16-bit integer at `at`. */
export const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
/** A little-endian unsigned 32-bit integer at `at`. */
export const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (IEEE), as zip stores it. */
export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Compressed bytes inflated per step: deflate expands at most ~1,032:1, so one step yields at most ~16 MB before the size is checked. */
const INFLATE_STEP = 16 * 1024;

/**
 * A deflated stream into a buffer of the size the directory declares, step by step, stopping
 * as soon as it yields more: null then. Why not `inflateSync` into that buffer: it ignores what
 * does not fit but decodes the rest anyway, so a 3.9 MB entry that claims 100 bytes and unpacks
 * to 619 MB (a zip bomb that lies about its size) held the worker for ~4 s, a larger one for
 * minutes; stopped here, ~0.15 s. Throws on a stream that is not deflate.
 */
export function inflateBounded(raw: Uint8Array, size: number): Uint8Array | null {
  const out = new Uint8Array(size);
  let length = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (over || length + chunk.length > size) over = true;
    else {
      out.set(chunk, length);
      length += chunk.length;
    }
  });
  for (let at = 0; at < raw.length && !over; at += INFLATE_STEP) {
    const end = Math.min(at + INFLATE_STEP, raw.length);
    inflater.push(raw.subarray(at, end), end === raw.length);
  }
  return over ? null : out.subarray(0, length);
}
