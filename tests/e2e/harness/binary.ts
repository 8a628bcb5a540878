/**
 * Small binary files built in code, so the fixtures need no binary blobs in git:
 * a CRC-32 (PNG chunks and ZIP entries), a PNG and a PDF.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as used by PNG and ZIP) of `data`. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data and its CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

/**
 * A PNG file from its header and raw scanlines: `width`×`height` as the header states them
 * (a test may state a size the rows do not have), `colourType` 0 (grey) or 2 (RGB) at 8 bits,
 * `rows` filtered scanlines (deflated here), `extra` chunks placed before IDAT.
 */
export function pngFile(width: number, height: number, colourType: 0 | 2, rows: Buffer, extra: readonly Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colourType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...extra,
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A valid `size`×`size` RGB PNG: a diagonal two-colour pattern (so a screenshot
 * shows it was drawn). Default 8×8, about 90 bytes.
 */
export function tinyPng(size = 8): Buffer {
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) rows.push(...(x >= y ? [0x2a, 0x6f, 0x97] : [0xf2, 0xc1, 0x4e]));
  }
  return pngFile(size, size, 2, Buffer.from(rows));
}

/**
 * A lossless WebP of `width`×`height` as far as its header says (RIFF, `VP8L`, the size), then
 * `body` as its image data: what an image check reads (type and size from the header; nothing
 * decoded), with bytes of any length behind it. Not drawable unless `body` is real VP8L data.
 */
export function webpHeaderFile(width: number, height: number, body: Uint8Array): Buffer {
  const vp8l = Buffer.alloc(5);
  vp8l[0] = 0x2f;
  vp8l.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 1);
  const chunk = Buffer.concat([vp8l, Buffer.from(body)]);
  const head = Buffer.alloc(20);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + 8 + chunk.length + (chunk.length & 1), 4);
  head.write('WEBPVP8L', 8, 'latin1');
  head.writeUInt32LE(chunk.length, 16);
  return Buffer.concat([head, chunk, Buffer.alloc(chunk.length & 1)]);
}

/**
 * A valid one-page PDF 1.4 (correct xref offsets) showing `text` in Helvetica.
 * `text` must be plain ASCII without parentheses or backslashes.
 */
export function tinyPdf(text = 'Commonplace test PDF: a single page of text.'): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Title (Commonplace test PDF) >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A WAV file (PCM, 8 kHz, mono, 8-bit) of a `seconds`-long tone: a media file every browser plays. */
export function tinyWav(seconds = 0.25): Buffer {
  const rate = 8_000;
  const samples = Math.round(rate * seconds);
  const data = Buffer.alloc(samples);
  for (let i = 0; i < samples; i++) data[i] = 128 + Math.round(60 * Math.sin((2 * Math.PI * 440 * i) / rate));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28); // bytes per second
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.write('data', 36);
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, data]);
}
