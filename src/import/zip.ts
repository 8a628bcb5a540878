import { err, ok, type Result } from '../util/result';
import { decodeText } from './decode';
import { crc32, inflateBounded, listZip, u16, u32 } from '../util/zip-bytes';

/**
 * A zip read in place, one file at a time: the central directory at the end of the bytes lists
 * every file with its offset, and `read` inflates only the file asked for (fflate), checking its
 * size and CRC-32. So a 100 MB export costs memory for itself plus one inflated file, never for
 * all of them at once. Stored and deflated files, data descriptors and ZIP64 are read, and any
 * number of files (the directory is walked to its end, not counted by its 16-bit field); encrypted
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
const LOCAL = 0x04034b50;

/** True when the bytes start like a zip (a local file header, or the end record of an empty zip). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

const damaged = (why: string): Result<never> =>
  err('bad-request', `This zip file is damaged or incomplete (${why}). Download the export again and retry.`);

/** The directory's entries (folders and macOS litter left out), read by the shared walk of src/util/zip-bytes.ts. */
function readEntries(bytes: Uint8Array): Result<ZipFileEntry[]> {
  const listed = listZip(bytes);
  if (typeof listed === 'string') return damaged(listed);
  const entries: ZipFileEntry[] = [];
  for (const e of listed) {
    if (e.name.endsWith('/') || e.name.startsWith('__MACOSX/') || /(^|\/)\._/.test(e.name)) continue;
    entries.push({ name: e.name, method: e.method, encrypted: (e.flags & 1) === 1, compressedSize: e.compressedSize, size: e.size, crc: e.crc, offset: e.offset });
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
  const entries = readEntries(bytes);
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
