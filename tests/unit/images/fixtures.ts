/** Image files built in code for the image tests (headers are what the code under test reads). */

import { pngChunk as chunk, pngFile } from '../../e2e/harness/binary';

/** A PNG of `w`×`h` (grey); `declare` overrides the size its header states (a bomb); `extra` chunks go before IDAT. */
export function png(w: number, h: number, opts: { declare?: [number, number]; extra?: Buffer[] } = {}): Uint8Array {
  const [dw, dh] = opts.declare ?? [w, h];
  const rows = Buffer.alloc((w + 1) * h, 0x80);
  for (let y = 0; y < h; y++) rows[y * (w + 1)] = 0;
  return new Uint8Array(pngFile(dw, dh, 0, rows, opts.extra));
}

/** An animated PNG's control chunk. */
export const acTL = () => chunk('acTL', Buffer.from([0, 0, 0, 2, 0, 0, 0, 0]));

/** A baseline JPEG header (SOI, SOF0 with the size, EOI): enough for size and type. */
export function jpegHeader(w: number, h: number): Uint8Array {
  return new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, h >> 8, h & 255, w >> 8, w & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9]);
}

/** A GIF89a header of `w`×`h`. */
export function gif(w: number, h: number): Uint8Array {
  return new Uint8Array([...Buffer.from('GIF89a', 'latin1'), w & 255, w >> 8, h & 255, h >> 8, 0, 0, 0, 0x3b]);
}

/** Text as bytes. */
export const utf8 = (s: string) => new TextEncoder().encode(s);
