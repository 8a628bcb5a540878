/**
 * Found in review: an entry's declared size bounded the memory an inflate took, not its time. The
 * whole stream was decoded into a buffer of that size, what did not fit thrown away, so an entry
 * of 3.9 MB that claims 100 bytes and unpacks to 619 MB held the (synchronous) import for ~4 s of
 * CPU on this machine; a 100 MB export of such entries, for hours, with the background frozen. Now
 * inflating stops as soon as the stream gives more than the declared size, and the entry is
 * refused as damaged.
 */
import { describe, expect, it } from 'vitest';
import { bytesAccess, ZipReader } from '../../../src/export/zip-reader';
import { openZip } from '../../../src/import/zip';
import type { Result } from '../../../src/util/result';
import { crc32 } from '../../../src/util/zip-bytes';
import { zipOf } from './fixtures';

/** A raw deflate stream (one fixed-Huffman block) of `1 + 258 × runs` zero bytes: a zero, then `runs` copies of length 258 at distance 1. */
function zeroBomb(runs: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((3 + 8 + runs * 13 + 7) / 8));
  let bit = 0;
  const put = (on: boolean) => {
    if (on) out[bit >> 3]! |= 1 << (bit & 7);
    bit++;
  };
  // Header fields are written low bit first, Huffman codes high bit first.
  const field = (value: number, n: number) => { for (let i = 0; i < n; i++) put(((value >> i) & 1) === 1); };
  const code = (value: number, n: number) => { for (let i = n - 1; i >= 0; i--) put(((value >> i) & 1) === 1); };
  field(1, 1); // BFINAL
  field(1, 2); // BTYPE: fixed Huffman codes
  code(0x30, 8); // literal 0
  for (let r = 0; r < runs; r++) {
    code(0xc5, 8); // length code 285: 258 bytes
    code(0, 5); // distance code 0: distance 1
  }
  code(0, 7); // end of block
  return out.subarray(0, Math.ceil(bit / 8));
}

/** A zip of one file `name` holding `stream` as it is, whose directory says it is deflated and unpacks to `size` bytes. */
function lyingZip(name: string, stream: Uint8Array, size: number): Uint8Array {
  const zip = zipOf({ [name]: stream }, 0).slice();
  const view = new DataView(zip.buffer);
  for (let at = zip.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    view.setUint16(at + 10, 8, true); // method: deflate
    view.setUint32(at + 24, size, true); // uncompressed size
    return zip;
  }
  throw new Error('no central directory');
}

/** CPU milliseconds `run` takes (not wall time: the test machine is shared, and a loaded one stretches wall time several-fold). */
async function cpuMs(run: () => unknown): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1_000;
}

describe('a zip entry that unpacks to more than it declares', () => {
  it('is refused as damaged as soon as it passes its declared size, not after unpacking all of it', async () => {
    // 3.9 MB that unpacks to 619 MB; the directory says: deflated, 100 bytes.
    const bytes = lyingZip('content/bomb.html', zeroBomb(2_400_000), 100);
    const zip = openZip(bytes);
    if (!zip.ok) throw new Error(zip.error.message);
    const entry = zip.value.get('content/bomb.html')!;
    let read: Result<Uint8Array> | undefined;
    // Unpacking it all took ~4,000 ms of CPU here; stopping past the declared size, ~150.
    expect(await cpuMs(() => (read = zip.value.read(entry)))).toBeLessThan(1_000);
    expect(read?.ok).toBe(false);
    if (read && !read.ok) expect(read.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('Download the export again') });
  });

  it('the same in the reader of Commonplace exports (src/export/zip-reader.ts)', async () => {
    const reader = await ZipReader.open(bytesAccess(lyingZip('automerge/bomb.automerge', zeroBomb(2_400_000), 100)));
    let failure: unknown = null;
    expect(await cpuMs(() => reader.bytes('automerge/bomb.automerge').catch((e: unknown) => void (failure = e)))).toBeLessThan(1_000);
    expect(String(failure)).toMatch(/unpacks to more than the zip says/);
  });

  it('still reads an honest entry, and refuses one whose stream is cut short', () => {
    const stream = zeroBomb(1_000);
    const zip = openZip(zipOf({ 'a.bin': stream }, 0));
    if (!zip.ok) throw new Error(zip.error.message);
    const entry = zip.value.get('a.bin')!;
    const zeros = new Uint8Array(1 + 258 * 1_000);
    const honest = { ...entry, method: 8, size: zeros.length, crc: crc32(zeros) };
    const read = zip.value.read(honest);
    expect(read.ok && read.value.length === zeros.length && read.value.every((b) => b === 0)).toBe(true);
    const cut = { ...honest, compressedSize: 100 };
    expect(zip.value.read(cut).ok).toBe(false);
  });
});
