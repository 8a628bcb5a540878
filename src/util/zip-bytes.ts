import { Inflate } from 'fflate';

/**
 * The byte-level pieces of reading a zip, shared by the import reader (src/import/zip.ts) and
 * the export reader (src/export/zip-reader.ts): little-endian integers and the CRC-32 a zip
 * stores for each file (checked after inflating, so a damaged file is refused, not read),
 * inflating a file no further than its declared size, and its directory (the end records,
 * ZIP64 included, and the central directory walked to its end, whatever the 16-bit count says).
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

/*
 * The zip's directory, shared by both readers. Why not fflate's `unzip`: it reads the whole zip
 * into memory and inflates every file, and it too trusts the end record's 16-bit file count (a
 * zip of 65,536 files reads as empty). Here the central directory is read by its size and
 * offset, entry after entry to its end, and the count only checks that walk.
 */

const END = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const CENTRAL = 0x02014b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
/** Bytes of an end-of-central-directory record, of a ZIP64 locator, and of a ZIP64 end record read. */
const ZIP_END_BYTES = 22;
const ZIP64_LOCATOR_BYTES = 20;
const ZIP64_END_BYTES = 56;
/** How far from the end an end record may start: itself and the longest comment. */
const ZIP_TAIL_BYTES = ZIP_END_BYTES + MAX16;

const u64 = (b: Uint8Array, at: number): number => u32(b, at) + u32(b, at + 4) * 0x1_0000_0000;

/** Where the central directory is and how many files it lists. */
interface ZipDirectory {
  readonly offset: number;
  readonly size: number;
  readonly count: number;
  /** False when `count` is the 16-bit field of a zip without ZIP64 records: the true count modulo 65,536, or 65,535 from writers that saturate it. */
  readonly exactCount: boolean;
}

/** The end record found in a zip's last bytes: its place in `tail`, and the directory it names (before any ZIP64 record is read). */
interface ZipEnd {
  readonly at: number;
  readonly directory: ZipDirectory;
  /** True when a field overflowed (0xFFFF, 0xFFFFFFFF): the ZIP64 end record, if there is one, holds the real values. */
  readonly zip64: boolean;
  /** True when the size or the offset overflowed: without the ZIP64 end record the directory cannot be found. */
  readonly needsZip64: boolean;
}

/** The end record in `tail` (the file's last `ZIP_TAIL_BYTES` or fewer): the last one whose comment reaches the end exactly, else the last one; null when there is none. */
function findZipEnd(tail: Uint8Array): ZipEnd | null {
  let found = -1;
  for (let i = tail.length - ZIP_END_BYTES; i >= 0; i--) {
    if (u32(tail, i) !== END) continue;
    if (i + ZIP_END_BYTES + u16(tail, i + 20) === tail.length) {
      found = i;
      break;
    }
    if (found < 0) found = i;
  }
  if (found < 0) return null;
  const count = u16(tail, found + 10);
  const size = u32(tail, found + 12);
  const offset = u32(tail, found + 16);
  const needsZip64 = size === MAX32 || offset === MAX32;
  return { at: found, directory: { offset, size, count, exactCount: false }, zip64: needsZip64 || count === MAX16, needsZip64 };
}

/** The offset of the ZIP64 end record a ZIP64 locator (the 20 bytes before the end record) names, or null when they are no locator. */
function zip64EndOffset(locator: Uint8Array): number | null {
  return locator.length >= ZIP64_LOCATOR_BYTES && u32(locator, 0) === ZIP64_LOCATOR ? u64(locator, 8) : null;
}

/** The directory a ZIP64 end record names (its exact count, 64-bit size and offset), or null when the bytes are no such record. */
function readZip64End(record: Uint8Array): ZipDirectory | null {
  if (record.length < ZIP64_END_BYTES || u32(record, 0) !== ZIP64_END) return null;
  return { count: u64(record, 32), size: u64(record, 40), offset: u64(record, 48), exactCount: true };
}

/** One file as the central directory lists it (ZIP64 sizes and offset already read from its extra field). */
export interface CentralEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc: number;
  /** Offset of its local header. */
  readonly offset: number;
}

/** The ZIP64 extra field's values for the header fields that overflowed, in the spec's order. */
function zip64Extra(b: Uint8Array, at: number, end: number, want: readonly boolean[]): Array<number | undefined> {
  while (at + 4 <= end) {
    const length = u16(b, at + 2);
    if (u16(b, at) === 0x0001) {
      let p = at + 4;
      return want.map((w) => (w && p + 8 <= end ? ((p += 8), u64(b, p - 8)) : undefined));
    }
    at += 4 + length;
  }
  return [];
}

/**
 * Every entry of a central directory (`cd`: exactly its bytes), walked from its start to its
 * end. Contract: the walk, not the count, decides what is listed; the count must agree with it
 * (exactly from a ZIP64 record, modulo 65,536 from the 16-bit field), else the directory is
 * damaged and the answer is why (a string), never a part of the listing.
 */
function readCentralDirectory(cd: Uint8Array, dir: ZipDirectory): CentralEntry[] | string {
  const names = new TextDecoder('utf-8');
  const entries: CentralEntry[] = [];
  let at = 0;
  // Bytes after the last entry that start no entry (a signature record some tools add) end the walk; the count check catches a damaged entry.
  while (at + 4 <= cd.length && u32(cd, at) === CENTRAL) {
    if (at + 46 > cd.length) return 'its table of contents is cut short';
    const nameLength = u16(cd, at + 28);
    const extraLength = u16(cd, at + 30);
    const next = at + 46 + nameLength + extraLength + u16(cd, at + 32);
    if (next > cd.length) return 'its table of contents is cut short';
    let size = u32(cd, at + 24);
    let compressedSize = u32(cd, at + 20);
    let offset = u32(cd, at + 42);
    if (size === MAX32 || compressedSize === MAX32 || offset === MAX32) {
      const extraAt = at + 46 + nameLength;
      const [s, c, o] = zip64Extra(cd, extraAt, extraAt + extraLength, [size === MAX32, compressedSize === MAX32, offset === MAX32]);
      size = s ?? size;
      compressedSize = c ?? compressedSize;
      offset = o ?? offset;
    }
    const name = names.decode(cd.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, method: u16(cd, at + 10), flags: u16(cd, at + 8), compressedSize, size, crc: u32(cd, at + 16), offset });
    at = next;
  }
  const n = entries.length;
  const agrees = dir.exactCount ? n === dir.count : n % 0x10000 === dir.count || (dir.count === MAX16 && n >= MAX16);
  if (!agrees) return `its table of contents lists ${dir.count.toLocaleString('en-US')} files but holds ${n.toLocaleString('en-US')}`;
  return entries;
}

/**
 * The directory to read, from the end record and the ZIP64 end record when one was found
 * (null when there is none, or it was not looked for): the ZIP64 one's values when the end
 * record's overflowed, else the end record's; why not, as a string, when only a missing ZIP64
 * record could say, or when the directory would lie past `before` (where the end records start).
 */
function zipDirectory(end: ZipEnd, zip64: ZipDirectory | null, before: number): ZipDirectory | string {
  const dir = end.zip64 && zip64 ? zip64 : end.directory;
  if (end.needsZip64 && !zip64) return 'its ZIP64 directory is missing';
  if (dir.offset + dir.size > before) return 'its table of contents points past the end of the file';
  return dir;
}

/**
 * The steps of listing a zip's central directory, for a reader of whole bytes and one of byte
 * ranges alike: yields each range it needs (`[offset, length]`) and is sent its bytes; returns
 * the entries, or why the zip cannot be read. The directory is found from the end record (its
 * ZIP64 record when the end record's fields overflowed) and walked by its size to its end, never
 * by the 16-bit count alone (`zipDirectory`, `readCentralDirectory`).
 */
function* centralDirectorySteps(size: number): Generator<[number, number], CentralEntry[] | string, Uint8Array> {
  if (size < ZIP_END_BYTES) return 'it is too short to be a zip';
  const tailStart = Math.max(0, size - ZIP_TAIL_BYTES);
  const end = findZipEnd(yield [tailStart, size - tailStart]);
  if (!end) return 'its table of contents at the end is missing, so the file was probably cut short';
  const endAt = tailStart + end.at;
  let zip64: ZipDirectory | null = null;
  if (end.zip64 && endAt >= ZIP64_LOCATOR_BYTES) {
    const at = zip64EndOffset(yield [endAt - ZIP64_LOCATOR_BYTES, ZIP64_LOCATOR_BYTES]);
    if (at !== null && at + ZIP64_END_BYTES <= endAt) zip64 = readZip64End(yield [at, ZIP64_END_BYTES]);
  }
  const dir = zipDirectory(end, zip64, endAt);
  if (typeof dir === 'string') return dir;
  return readCentralDirectory(yield [dir.offset, dir.size], dir);
}

/** `centralDirectorySteps` over bytes held whole. */
export function listZip(bytes: Uint8Array): CentralEntry[] | string {
  const steps = centralDirectorySteps(bytes.length);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    const [at, length] = step.value;
    step = steps.next(bytes.subarray(at, at + length));
  }
}

/** `centralDirectorySteps` over a file read by ranges. */
export async function listZipFrom(read: (offset: number, length: number) => Promise<Uint8Array>, size: number): Promise<CentralEntry[] | string> {
  const steps = centralDirectorySteps(size);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    const [at, length] = step.value;
    step = steps.next(await read(at, length));
  }
}
