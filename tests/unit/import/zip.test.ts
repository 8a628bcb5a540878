import { describe, expect, it } from 'vitest';
import { looksLikeZip, openZip, readZipJson, readZipText } from '../../../src/import/zip';
import { crc32 } from '../../../src/util/zip-bytes';
import { utf8, zipOf } from './fixtures';

function open(bytes: Uint8Array) {
  const zip = openZip(bytes);
  if (!zip.ok) throw new Error(zip.error.message);
  return zip.value;
}

describe('openZip', () => {
  const bytes = zipOf({ 'a.txt': 'hello', 'dir/b.json': '{"x":1}', 'dir/': '', '__MACOSX/._a.txt': 'junk' });

  it('lists files (no folders, no macOS litter) and reads each one, deflated or stored', () => {
    const zip = open(bytes);
    expect(zip.entries.map((e) => e.name)).toEqual(['a.txt', 'dir/b.json']);
    expect(readZipText(zip, zip.get('a.txt')!)).toEqual({ ok: true, value: 'hello' });
    expect(readZipJson(zip, zip.get('dir/b.json')!)).toEqual({ ok: true, value: { x: 1 } });
    const stored = open(zipOf({ 's.txt': 'stored text' }, 0));
    expect(stored.entries[0]!.method).toBe(0);
    expect(readZipText(stored, stored.entries[0]!)).toEqual({ ok: true, value: 'stored text' });
  });

  it('refuses a truncated zip with a message that says to download it again', () => {
    for (const cut of [10, 30, bytes.length - 30, bytes.length - 1]) {
      const zip = openZip(bytes.subarray(0, cut));
      expect(zip.ok, `cut at ${cut}`).toBe(false);
      if (!zip.ok) expect(zip.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining('Download the export again') });
    }
  });

  it('finds a corrupted file by its checksum, leaving the others readable', () => {
    const big = zipOf({ 'a.txt': 'A'.repeat(1000) + 'tail', 'b.txt': 'fine' }, 0);
    const damaged = big.slice();
    const at = damaged.indexOf(0x41, 40);
    damaged[at + 500] = 0x42;
    const zip = open(damaged);
    const a = zip.read(zip.get('a.txt')!);
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.error.message).toContain('fails its checksum');
    expect(readZipText(zip, zip.get('b.txt')!)).toEqual({ ok: true, value: 'fine' });
  });

  it('refuses an entry whose declared size is a zip bomb, without allocating it', () => {
    const zip = open(zipOf({ 'bomb.txt': 'x' }));
    const entry = { ...zip.get('bomb.txt')!, size: 4 * 1024 * 1024 * 1024 };
    const read = zip.read(entry);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.code).toBe('too-large');
  });

  it('refuses an encrypted entry with a reason', () => {
    const zip = open(zipOf({ 'e.txt': 'x' }));
    const read = zip.read({ ...zip.get('e.txt')!, encrypted: true });
    expect(!read.ok && read.error.message).toContain('encrypted');
  });

  it('gives a value, never an exception, for any bytes', () => {
    for (let seed = 1; seed < 200; seed++) {
      const junk = new Uint8Array(seed * 3 + 4).map((_, i) => (i * 2654435761 * seed) >>> 24);
      junk.set([0x50, 0x4b, 0x05, 0x06], Math.max(0, junk.length - 22));
      expect(() => openZip(junk)).not.toThrow();
    }
    const tiny = utf8('PK');
    expect(openZip(tiny).ok).toBe(false);
  });

  it('reads a ZIP64 archive (sizes, offset and counts in the ZIP64 records)', () => {
    const zip = open(zip64Of('big/part_000000.csv', utf8('title,url\nA,https://a.example/\n')));
    expect(zip.entries.map((e) => [e.name, e.size, e.offset])).toEqual([['big/part_000000.csv', 31, 0]]);
    expect(readZipText(zip, zip.entries[0]!)).toEqual({ ok: true, value: 'title,url\nA,https://a.example/\n' });
  });

  it('recognises zips by their first bytes and computes CRC-32 like zip does', () => {
    expect(looksLikeZip(bytes)).toBe(true);
    expect(looksLikeZip(utf8('%PDF-1.7'))).toBe(false);
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926);
  });
});

/** A one-file stored zip written the ZIP64 way: every size, offset and count only in the ZIP64 fields. */
function zip64Of(name: string, data: Uint8Array): Uint8Array {
  const out: number[] = [];
  const u16 = (v: number) => out.push(v & 0xff, (v >>> 8) & 0xff);
  const u32 = (v: number) => out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  const u64 = (v: number) => (u32(v % 0x1_0000_0000), u32(Math.floor(v / 0x1_0000_0000)));
  const nameBytes = utf8(name);
  const crc = crc32(data);
  // Local header, with a ZIP64 extra holding both sizes.
  u32(0x04034b50), u16(45), u16(0), u16(0), u16(0), u16(0), u32(crc), u32(0xffffffff), u32(0xffffffff), u16(nameBytes.length), u16(20);
  out.push(...nameBytes);
  u16(0x0001), u16(16), u64(data.length), u64(data.length);
  out.push(...data);
  const cdStart = out.length;
  u32(0x02014b50), u16(45), u16(45), u16(0), u16(0), u16(0), u16(0), u32(crc), u32(0xffffffff), u32(0xffffffff), u16(nameBytes.length), u16(28), u16(0), u16(0), u16(0), u32(0), u32(0xffffffff);
  out.push(...nameBytes);
  u16(0x0001), u16(24), u64(data.length), u64(data.length), u64(0);
  const cdSize = out.length - cdStart;
  const eocd64 = out.length;
  u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0), u64(1), u64(1), u64(cdSize), u64(cdStart);
  u32(0x07064b50), u32(0), u64(eocd64), u32(1);
  u32(0x06054b50), u16(0), u16(0), u16(0xffff), u16(0xffff), u32(0xffffffff), u32(0xffffffff), u16(0);
  return new Uint8Array(out);
}
