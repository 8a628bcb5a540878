import { describe, expect, it } from 'vitest';
import { decodeHead, decodeText } from '../../../src/import/decode';

const TEXT = 'title,url\nCafé — “quoted” ✓ 𝄞,https://example.com/\n';

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const out: number[] = bom ? (bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]) : [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out.push(...(bigEndian ? [c >> 8, c & 0xff] : [c & 0xff, c >> 8]));
  }
  return new Uint8Array(out);
}

describe('decodeText', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeText(new TextEncoder().encode(TEXT))).toEqual({ text: TEXT, encoding: 'utf-8' });
  });

  it('reads UTF-8 with a BOM and drops it', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(TEXT)]);
    expect(decodeText(bytes)).toEqual({ text: TEXT, encoding: 'utf-8' });
  });

  it('reads UTF-16 LE and BE with a BOM (surrogate pairs included)', () => {
    expect(decodeText(utf16(TEXT, false, true))).toEqual({ text: TEXT, encoding: 'utf-16le' });
    expect(decodeText(utf16(TEXT, true, true))).toEqual({ text: TEXT, encoding: 'utf-16be' });
  });

  it('recognises UTF-16 without a BOM from its zero bytes', () => {
    const ascii = 'title,url,time_added\nA,https://a.example/,1700000000\n';
    expect(decodeText(utf16(ascii, false, false))).toEqual({ text: ascii, encoding: 'utf-16le' });
    expect(decodeText(utf16(ascii, true, false))).toEqual({ text: ascii, encoding: 'utf-16be' });
  });

  it('falls back to Windows-1252 when the bytes are not valid UTF-8', () => {
    // "Café €5" in Windows-1252: é = 0xE9, € = 0x80.
    const bytes = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x35]);
    expect(decodeText(bytes)).toEqual({ text: 'Café €5', encoding: 'windows-1252' });
  });

  it('ignores an odd trailing byte in UTF-16 and never throws on any bytes', () => {
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42])).text).toBe('A');
    for (let seed = 1; seed < 50; seed++) {
      const bytes = new Uint8Array(257).map((_, i) => (i * 7919 * seed) & 0xff);
      expect(typeof decodeText(bytes).text).toBe('string');
    }
  });

  it('decodeHead reads only the start, leniently', () => {
    const bytes = new TextEncoder().encode('é'.repeat(100));
    expect(decodeHead(bytes, 11)).toBe(`${'é'.repeat(5)}\ufffd`);
  });
});
