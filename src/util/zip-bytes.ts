/**
 * The byte-level pieces of reading a zip, shared by the import reader (src/import/zip.ts) and
 * the export reader (src/export/zip-reader.ts): little-endian integers and the CRC-32 a zip
 * stores for each file (checked after inflating, so a damaged file is refused, not read).
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
