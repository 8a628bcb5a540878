/** Image files built in code for the image tests (headers are what the code under test reads). */
import { deflateSync } from 'node:zlib';

const CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
const crc32 = (d: Uint8Array) => {
  let c = 0xffffffff;
  for (const b of d) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG of `w`×`h` (grey); `declare` overrides the size its header states (a bomb); `extra` chunks go before IDAT. */
export function png(w: number, h: number, opts: { declare?: [number, number]; extra?: Buffer[] } = {}): Uint8Array {
  const ihdr = Buffer.alloc(13);
  const [dw, dh] = opts.declare ?? [w, h];
  ihdr.writeUInt32BE(dw, 0);
  ihdr.writeUInt32BE(dh, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const rows = Buffer.alloc((w + 1) * h, 0x80);
  for (let y = 0; y < h; y++) rows[y * (w + 1)] = 0;
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), ...(opts.extra ?? []), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]));
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
