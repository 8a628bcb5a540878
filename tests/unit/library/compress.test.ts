// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateText, inflateCapped, inflateText, inflateTextPieces } from '../../../src/library/compress';
import { textPrefixOfDeflated } from '../../../src/library/article-text';
import { textPrefixOfHtml } from '../../../src/capture/text';

const fixtures = join(import.meta.dirname, '../../fixtures/pages');
const pages = readdirSync(fixtures)
  .filter((f) => f.endsWith('.html'))
  .map((f) => readFileSync(join(fixtures, f), 'utf8'));
const long = pages.join('\n<p>Глава: 漢字 &amp; é — «ok»</p>\n').repeat(6);

/** The platform's raw DEFLATE through a pipe, as every article stored before was compressed. */
async function platformDeflate(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
async function platformInflate(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

/** A stand-in for a global class that fails the test when the code under test makes one. */
function refusing(name: string) {
  return class {
    constructor() {
      throw new Error(`a ${name} was made`);
    }
  };
}

afterEach(() => void vi.unstubAllGlobals());

describe('compress: raw DEFLATE, written by the platform, read with fflate', () => {
  it('reads what was stored before (compressed through a pipe), and a pipe reads what it writes', async () => {
    for (const text of [...pages, long, '', 'é', '漢字'.repeat(20_000)]) {
      const old = await platformDeflate(text);
      expect(await inflateText(old)).toBe(text);
      expect(new TextDecoder().decode(await inflateCapped(old, 10 ** 8))).toBe(text);
      const now = await deflateText(text);
      expect(await platformInflate(now)).toBe(text);
      expect(await inflateText(now)).toBe(text);
    }
  });

  it('reads with no platform stream: its objects stay in Blink until a full collection, and a rebuild reads every article', async () => {
    const bytes = await deflateText(long);
    for (const name of ['DecompressionStream', 'ReadableStream', 'Response']) vi.stubGlobal(name, refusing(name));
    expect(await inflateText(bytes)).toBe(long);
    expect(await textPrefixOfDeflated(bytes, 4_097)).toBe(textPrefixOfHtml(long, 4_097));
    expect((await inflateCapped(bytes, long.length * 4)).byteLength).toBe(new TextEncoder().encode(long).byteLength);
    let pieces = 0;
    expect(await inflateTextPieces(bytes, () => ++pieces === 2)).toBe(true);
  });

  it('writes straight to the platform deflater: no stream of its own, no pipe, no Response', async () => {
    const bytes = await deflateText(long);
    for (const name of ['ReadableStream', 'Response']) vi.stubGlobal(name, refusing(name));
    expect(await deflateText(long)).toEqual(bytes);
  });

  it('refuses truncated, damaged and empty data, and data that inflates past the cap', async () => {
    const bytes = await deflateText(long);
    await expect(inflateText(bytes.subarray(0, bytes.length - 10))).rejects.toThrow();
    await expect(inflateText(new Uint8Array(0))).rejects.toThrow();
    await expect(inflateText(new Uint8Array(64).fill(0xff))).rejects.toThrow();
    await expect(inflateCapped(bytes, 1_000)).rejects.toThrow(/inflates past 1000 bytes/);
  });
});
