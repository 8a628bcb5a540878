/**
 * Zips with more than 65,535 files, as another tool (or fflate itself, past that many) writes
 * them: the end record's 16-bit count holds the true count modulo 65,536, or 65,535, or the
 * ZIP64 end record holds it. Both readers (the import's `openZip`, and `ZipReader`, which the
 * import of a Commonplace export and the command line use) list every file or refuse the zip;
 * they never read a part of its directory as if it were all of it.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesAccess, ZipReader } from '../../../src/export/zip-reader';
import { openZip, readZipText } from '../../../src/import/zip';

const FILES = 65_540;
const nameOf = (i: number) => `notes/${String(i).padStart(5, '0')}.txt`;

/** A stored zip of `n` small files, written by fflate (whose end record counts them modulo 65,536). */
function manyFiles(n: number): Uint8Array {
  const files: Zippable = {};
  for (let i = 0; i < n; i++) files[nameOf(i)] = [strToU8(`file ${i}`), { level: 0 }];
  return zipSync(files);
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The zip with its end record's count field set to `count` (the zip has no comment: the record is its last 22 bytes). */
function withCount(zip: Uint8Array, count: number): Uint8Array {
  const out = zip.slice();
  view(out).setUint16(out.length - 22 + 10, count, true);
  return out;
}

/** The zip rewritten the ZIP64 way at its end: a ZIP64 end record and locator hold the count, size and offset; the end record's fields say 0xFFFF / 0xFFFFFFFF. */
function withZip64End(zip: Uint8Array, count: number): Uint8Array {
  const eocd = zip.length - 22;
  const size = view(zip).getUint32(eocd + 12, true);
  const offset = view(zip).getUint32(eocd + 16, true);
  const out = new Uint8Array(eocd + 56 + 20 + 22);
  out.set(zip.subarray(0, eocd));
  const v = view(out);
  let at = eocd;
  v.setUint32(at, 0x06064b50, true);
  v.setBigUint64(at + 4, 44n, true);
  v.setUint16(at + 12, 45, true);
  v.setUint16(at + 14, 45, true);
  v.setBigUint64(at + 24, BigInt(count), true);
  v.setBigUint64(at + 32, BigInt(count), true);
  v.setBigUint64(at + 40, BigInt(size), true);
  v.setBigUint64(at + 48, BigInt(offset), true);
  at += 56;
  v.setUint32(at, 0x07064b50, true);
  v.setBigUint64(at + 8, BigInt(eocd), true);
  v.setUint32(at + 16, 1, true);
  at += 20;
  v.setUint32(at, 0x06054b50, true);
  v.setUint16(at + 8, 0xffff, true);
  v.setUint16(at + 10, 0xffff, true);
  v.setUint32(at + 12, 0xffffffff, true);
  v.setUint32(at + 16, 0xffffffff, true);
  return out;
}

async function bothReaders(zip: Uint8Array): Promise<{ imported: string[]; exported: string[] }> {
  const opened = openZip(zip);
  if (!opened.ok) throw new Error(`openZip: ${opened.error.message}`);
  const last = opened.value.get(nameOf(FILES - 1));
  expect(last && readZipText(opened.value, last)).toEqual({ ok: true, value: `file ${FILES - 1}` });
  const reader = await ZipReader.open(bytesAccess(zip));
  expect(await reader.text(nameOf(FILES - 1))).toBe(`file ${FILES - 1}`);
  return { imported: opened.value.entries.map((e) => e.name), exported: reader.entries.map((e) => e.name) };
}

describe('zips of more than 65,535 files', () => {
  let zip: Uint8Array;
  beforeAll(() => void (zip = manyFiles(FILES)));

  it('are listed whole when the end record counts modulo 65,536 (fflate writes them so)', async () => {
    expect(view(zip).getUint16(zip.length - 22 + 10, true)).toBe(FILES % 0x10000);
    const { imported, exported } = await bothReaders(zip);
    expect(imported).toHaveLength(FILES);
    expect(exported).toHaveLength(FILES);
    expect(exported[FILES - 1]).toBe(nameOf(FILES - 1));
  }, 60_000);

  it('are listed whole when the count is saturated at 65,535 with no ZIP64 record', async () => {
    const { imported, exported } = await bothReaders(withCount(zip, 0xffff));
    expect([imported.length, exported.length]).toEqual([FILES, FILES]);
  }, 60_000);

  it('are listed whole from the ZIP64 end record', async () => {
    const { imported, exported } = await bothReaders(withZip64End(zip, FILES));
    expect([imported.length, exported.length]).toEqual([FILES, FILES]);
  }, 60_000);

  it('exactly 65,536 files (a count of 0) are not read as an empty zip', async () => {
    const exact = manyFiles(0x10000);
    const opened = openZip(exact);
    expect(opened.ok && opened.value.entries).toHaveLength(0x10000);
    expect((await ZipReader.open(bytesAccess(exact))).entries).toHaveLength(0x10000);
  }, 60_000);
});

describe('a count that disagrees with the directory', () => {
  const small = manyFiles(3);

  it('is refused with a reason by both readers, never read in part', async () => {
    for (const bad of [withCount(small, 2), withCount(small, 4), withZip64End(small, 2)]) {
      const opened = openZip(bad);
      expect(opened.ok).toBe(false);
      if (!opened.ok) expect(opened.error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/lists \d files but holds 3/) });
      await expect(ZipReader.open(bytesAccess(bad))).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/lists \d files but holds 3/) });
    }
  });

  it('a ZIP64 end record that is missing where the end record needs it is named', async () => {
    const bad = withZip64End(small, 3);
    bad.fill(0, bad.length - 22 - 20, bad.length - 22); // the locator
    const opened = openZip(bad);
    expect(!opened.ok && opened.error.message).toMatch(/ZIP64 directory is missing/);
    await expect(ZipReader.open(bytesAccess(bad))).rejects.toThrow(/ZIP64 directory is missing/);
    expect((await ZipReader.open(bytesAccess(withZip64End(small, 3)))).entries.map((e) => e.name)).toEqual([nameOf(0), nameOf(1), nameOf(2)]);
  });
});
