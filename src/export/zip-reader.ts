import { AppFailure } from '../util/result';
import { crc32, inflateBounded, listZipFrom, u16, u32 } from '../util/zip-bytes';

/**
 * Reads single files out of a zip without reading the whole zip: the central directory at
 * its end lists every file with its offset, and each file is read (and inflated) alone. So an
 * export of any size is read with memory for one file at a time (a content document,
 * ~2 MB). Reads what `exportZip` writes (fflate: stored or deflated, data descriptors) and
 * ordinary zips of that kind, ZIP64 and more than 65,535 files included (the directory walk
 * of src/util/zip-bytes.ts, shared with the import's reader); every file's CRC-32 and size are
 * checked.
 */

/** Bytes at an offset: a file handle in Node, `Blob.slice` in a browser, or a buffer. */
export interface RandomAccess {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** One file listed in the zip's central directory. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc: number;
  /** Offset of its local header. */
  readonly offset: number;
}

/** Largest single file read (a content document is ~2 MB; a zip bomb is refused). */
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;
const LOCAL_SIGNATURE = 0x04034b50;


const damaged = (why: string) => new AppFailure('bad-request', `This file is not a readable zip (${why}). Is it a Commonplace export?`);

/** A `RandomAccess` over bytes already in memory. */
export function bytesAccess(bytes: Uint8Array): RandomAccess {
  return { size: bytes.byteLength, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/** A `RandomAccess` over a Blob or File (a browser, or Node's `fs.openAsBlob`). */
export function blobAccess(blob: Blob): RandomAccess {
  return { size: blob.size, read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()) };
}

export class ZipReader {
  private readonly byName: ReadonlyMap<string, ZipEntry>;

  private constructor(
    private readonly file: RandomAccess,
    readonly entries: readonly ZipEntry[],
  ) {
    this.byName = new Map(entries.map((e) => [e.name, e]));
  }

  /**
   * Reads the central directory, by its size and offset to its end (ZIP64 records read when
   * the end record's fields overflowed), never by the end record's 16-bit count alone: a zip
   * of more than 65,535 files (whose end record counts them modulo 65,536, as fflate's
   * `zipSync` writes it) is listed whole or refused, never in part. Throws `bad-request` when
   * the file is not a zip this reader can read.
   */
  static async open(file: RandomAccess): Promise<ZipReader> {
    const listed = await listZipFrom((at, length) => file.read(at, length), file.size);
    if (typeof listed === 'string') throw damaged(listed);
    return new ZipReader(
      file,
      listed.map(({ name, method, compressedSize, size, crc, offset }) => ({ name, method, compressedSize, size, crc, offset })),
    );
  }

  /** The entry of that exact name, if any. */
  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /** A file's bytes, inflated and checked; throws `not-found` when there is no such file. */
  async bytes(name: string): Promise<Uint8Array> {
    const e = this.byName.get(name);
    if (!e) throw new AppFailure('not-found', `The export has no file ${name}.`);
    if (e.size > MAX_ENTRY_BYTES || e.compressedSize > MAX_ENTRY_BYTES) throw damaged(`${name} is too large`);
    const header = await this.file.read(e.offset, 30);
    if (header.length < 30 || u32(header, 0) !== LOCAL_SIGNATURE) throw damaged(`no local header for ${name}`);
    const start = e.offset + 30 + u16(header, 26) + u16(header, 28);
    const raw = await this.file.read(start, e.compressedSize);
    if (raw.length !== e.compressedSize) throw damaged(`${name} is cut short`);
    let out: Uint8Array;
    if (e.method === 0) out = raw;
    else if (e.method === 8) {
      let inflated: Uint8Array | null;
      try {
        // Never more than the declared size: a stream that holds more (a zip bomb) is stopped there.
        inflated = inflateBounded(raw, e.size);
      } catch {
        throw damaged(`${name} does not inflate`);
      }
      if (inflated === null) throw damaged(`${name} unpacks to more than the zip says it holds`);
      out = inflated;
    } else throw damaged(`${name} uses compression method ${e.method}`);
    if (out.length !== e.size || crc32(out) !== e.crc) throw damaged(`${name} fails its checksum`);
    return out;
  }

  /** A file as UTF-8 text. */
  async text(name: string): Promise<string> {
    return new TextDecoder('utf-8').decode(await this.bytes(name));
  }
}
