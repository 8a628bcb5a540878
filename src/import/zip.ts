import { err, ok, type Result } from '../util/result';
import { decodeText } from './decode';
import { crc32, inflateBounded, u16, u32 } from '../util/zip-bytes';

/**
 * A zip read in place, one file at a time: the central directory at the end of the bytes lists
 * every file with its offset, and `read` inflates only the file asked for (fflate), checking its
 * size and CRC-32. So a 100 MB export costs memory for itself plus one inflated file, never for
 * all of them at once. Stored and deflated files, data descriptors and ZIP64 are read; encrypted
 * files and other methods are refused with a reason. Nothing throws: damage is a value.
 */

/** One file listed in the central directory. */
export interface ZipFileEntry {
  readonly name: string;
  readonly method: number;
  readonly encrypted: boolean;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc: number;
  /** Offset of its local header. */
  readonly offset: number;
}

/** An opened zip: its listing, and one file at a time on demand. */
export interface ZipArchive {
  /** Files in directory order (folders and macOS `__MACOSX/` litter left out). */
  readonly entries: readonly ZipFileEntry[];
  get(name: string): ZipFileEntry | undefined;
  /** The file's bytes, inflated and checked. */
  read(entry: ZipFileEntry): Result<Uint8Array>;
}

/** Largest single file inflated: a zip bomb's one entry is refused, not allocated. */
export const MAX_ZIP_ENTRY_BYTES = 256 * 1024 * 1024;
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

const u64 = (b: Uint8Array, at: number): number => u32(b, at) + u32(b, at + 4) * 0x1_0000_0000;

/** True when the bytes start like a zip (a local file header, or the end record of an empty zip). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

const damaged = (why: string): Result<never> =>
  err('bad-request', `This zip file is damaged or incomplete (${why}). Download the export again and retry.`);

/** Where the end-of-central-directory record is: the last one whose comment reaches the end exactly, else the last one. */
function findEocd(bytes: Uint8Array): number {
  const stop = Math.max(0, bytes.length - 22 - 65_535);
  let loose = -1;
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (u32(bytes, i) !== EOCD) continue;
    if (i + 22 + u16(bytes, i + 20) === bytes.length) return i;
    if (loose < 0) loose = i;
  }
  return loose;
}

interface Directory {
  count: number;
  offset: number;
  size: number;
}

function directory(bytes: Uint8Array, eocd: number): Result<Directory> {
  let count = u16(bytes, eocd + 10);
  let size = u32(bytes, eocd + 12);
  let offset = u32(bytes, eocd + 16);
  if (count === 0xffff || size === MAX32 || offset === MAX32) {
    const locator = eocd - 20;
    if (locator < 0 || u32(bytes, locator) !== ZIP64_LOCATOR) return damaged('its ZIP64 directory is missing');
    const at = u64(bytes, locator + 8);
    if (at + 56 > bytes.length || u32(bytes, at) !== ZIP64_EOCD) return damaged('its ZIP64 directory is missing');
    count = u64(bytes, at + 32);
    size = u64(bytes, at + 40);
    offset = u64(bytes, at + 48);
  }
  if (offset + size > bytes.length) return damaged('its table of contents points past the end of the file');
  return ok({ count, offset, size });
}

/** The ZIP64 extra field's values for the header fields that overflowed. */
function zip64Extra(bytes: Uint8Array, at: number, end: number, want: { size: boolean; csize: boolean; offset: boolean }) {
  const out: { size?: number | undefined; csize?: number | undefined; offset?: number | undefined } = {};
  while (at + 4 <= end) {
    const id = u16(bytes, at);
    const length = u16(bytes, at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const next = (): number | undefined => {
        if (p + 8 > end) return undefined;
        p += 8;
        return u64(bytes, p - 8);
      };
      if (want.size) out.size = next();
      if (want.csize) out.csize = next();
      if (want.offset) out.offset = next();
      break;
    }
    at += 4 + length;
  }
  return out;
}

function readEntries(bytes: Uint8Array, dir: Directory): Result<ZipFileEntry[]> {
  const names = new TextDecoder('utf-8');
  const entries: ZipFileEntry[] = [];
  const end = dir.offset + dir.size;
  let at = dir.offset;
  for (let n = 0; n < dir.count; n++) {
    if (at + 46 > end || u32(bytes, at) !== CENTRAL) return damaged('its table of contents is cut short');
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const next = at + 46 + nameLength + extraLength + u16(bytes, at + 32);
    if (next > end) return damaged('its table of contents is cut short');
    let size = u32(bytes, at + 24);
    let compressedSize = u32(bytes, at + 20);
    let offset = u32(bytes, at + 42);
    if (size === MAX32 || compressedSize === MAX32 || offset === MAX32) {
      const extraAt = at + 46 + nameLength;
      const big = zip64Extra(bytes, extraAt, extraAt + extraLength, { size: size === MAX32, csize: compressedSize === MAX32, offset: offset === MAX32 });
      size = big.size ?? size;
      compressedSize = big.csize ?? compressedSize;
      offset = big.offset ?? offset;
    }
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (!name.endsWith('/') && !name.startsWith('__MACOSX/') && !/(^|\/)\._/.test(name)) {
      entries.push({ name, method: u16(bytes, at + 10), encrypted: (u16(bytes, at + 8) & 1) === 1, compressedSize, size, crc: u32(bytes, at + 16), offset });
    }
    at = next;
  }
  return ok(entries);
}

function readEntry(bytes: Uint8Array, e: ZipFileEntry): Result<Uint8Array> {
  if (e.encrypted) return err('unsupported-type', `${e.name} in the zip is encrypted. Export again without a password.`);
  if (e.size > MAX_ZIP_ENTRY_BYTES) return err('too-large', `${e.name} in the zip is larger than ${MAX_ZIP_ENTRY_BYTES >> 20} MB unpacked; it was not read.`);
  if (e.offset + 30 > bytes.length || u32(bytes, e.offset) !== LOCAL) return damaged(`${e.name} is missing`);
  const start = e.offset + 30 + u16(bytes, e.offset + 26) + u16(bytes, e.offset + 28);
  if (start + e.compressedSize > bytes.length) return damaged(`${e.name} is cut short`);
  const raw = bytes.subarray(start, start + e.compressedSize);
  let out: Uint8Array;
  if (e.method === 0) out = raw;
  else if (e.method === 8) {
    let inflated: Uint8Array | null;
    try {
      // Never more than the declared size: a stream that holds more is stopped there, and refused.
      inflated = inflateBounded(raw, e.size);
    } catch {
      return damaged(`${e.name} does not unpack`);
    }
    if (inflated === null) return damaged(`${e.name} unpacks to more than the zip says it holds`);
    out = inflated;
  } else return err('unsupported-type', `${e.name} in the zip uses a compression method (${e.method}) that cannot be read. Re-zip it with ordinary compression.`);
  if (out.length !== e.size || crc32(out) !== e.crc) return damaged(`${e.name} fails its checksum`);
  return ok(out);
}

/**
 * Opens a zip held in memory. Contract: reads only the central directory (no file is inflated
 * here); a truncated or damaged zip, or bytes that are no zip at all, give `bad-request` with a
 * message that says what to do. Why in-house rather than `unzipSync`: one directory pass for
 * any number of lookups, and files inflated only when (and if) the parser needs them.
 */
export function openZip(bytes: Uint8Array): Result<ZipArchive> {
  if (bytes.length < 22) return damaged('it is too short to be a zip');
  const eocd = findEocd(bytes);
  if (eocd < 0) return damaged('its table of contents at the end is missing, so the file was probably cut short');
  const dir = directory(bytes, eocd);
  if (!dir.ok) return dir;
  const entries = readEntries(bytes, dir.value);
  if (!entries.ok) return entries;
  const byName = new Map(entries.value.map((e) => [e.name, e]));
  return ok({ entries: entries.value, get: (name) => byName.get(name), read: (e) => readEntry(bytes, e) });
}

/** A file in the zip as text (any encoding `decodeText` reads). */
export function readZipText(zip: ZipArchive, entry: ZipFileEntry): Result<string> {
  const bytes = zip.read(entry);
  return bytes.ok ? ok(decodeText(bytes.value).text) : bytes;
}

/** A file in the zip as JSON; a parse error becomes a `bad-request` naming the file. */
export function readZipJson(zip: ZipArchive, entry: ZipFileEntry): Result<unknown> {
  const text = readZipText(zip, entry);
  if (!text.ok) return text;
  try {
    return ok(JSON.parse(text.value) as unknown);
  } catch {
    return err('bad-request', `${entry.name} in the zip is not valid JSON.`);
  }
}

/** The folder part of a zip path, with its trailing slash ('' at the top). */
export function folderOf(name: string): string {
  return name.slice(0, name.lastIndexOf('/') + 1);
}
