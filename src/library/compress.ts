import { Inflate } from 'fflate';
import { concatBytes, releaseBytes } from '../util/bytes';

/*
 * Raw DEFLATE (RFC 1951) of UTF-8 text. Written with the platform's `CompressionStream` (native:
 * ~3× fflate's speed, and 2.4% smaller on the corpus); read with fflate's `Inflate`, in plain
 * JavaScript. Why not a `DecompressionStream`: its stream objects (the stream, its two sides,
 * controllers, writer, reader, their promises) are browser objects that stay in Blink's heap
 * until V8's next full collection, and a rebuild of the search index inflates every article of
 * the library. With them, Blink's heap held 24-35 MB at the background's judged memory reading
 * after a rebuild of 10,000 clips (14.8-30.5 MB written to straight from the writer, not piped);
 * with fflate, 7-10.5 MB (issue 12; docs/benchmarks.md, "This round: articles read with fflate").
 * fflate's buffers are ArrayBuffers, which V8 frees at its young collections. A save compresses
 * one article, so writing keeps the native stream, written to straight from its writer: no
 * `ReadableStream` source, pipe or `Response` around it. Same format both ways: what the
 * platform compressed reads here, and the other way round (tests/unit/library/compress.test.ts).
 */

/**
 * Raw DEFLATE of `text` as UTF-8: an article is stored compressed once, and Automerge's own
 * compression of the document finds little left to do.
 */
export async function deflateText(text: string): Promise<Uint8Array> {
  const deflater = new CompressionStream('deflate-raw');
  const writer = deflater.writable.getWriter();
  writer.write(new TextEncoder().encode(text)).catch(() => undefined);
  writer.close().catch(() => undefined);
  const parts: Uint8Array[] = [];
  const reader = deflater.readable.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) parts.push(read.value);
  return concatBytes(parts);
}

/**
 * The text `deflateText` compressed. Throws on damaged data. Decoded a piece at a time, each
 * inflated piece freed once decoded (`releaseBytes`), so the only copy left is the string.
 */
export async function inflateText(bytes: Uint8Array): Promise<string> {
  const parts: string[] = [];
  await inflateTextPieces(bytes, (piece) => void parts.push(piece));
  return parts.join('');
}

/**
 * Compressed bytes fed to the inflater at a time: each yields some 10-15 KB of HTML, about what
 * the search index's 4,096 characters of text need, so most articles stop after one or two.
 */
const INPUT_PIECE = 4_096;

/**
 * Inflates `bytes` `INPUT_PIECE` at a time, handing each inflated piece to `take` until it
 * returns true: the rest is then not inflated. Returns true when `take` stopped it. Throws on
 * damaged or truncated data (possibly after some pieces). `bytes` itself is only read; each
 * piece `take` gets is its own copy.
 */
function inflatePieces(bytes: Uint8Array, take: (piece: Uint8Array, last: boolean) => boolean | void): boolean {
  let stopped = false;
  const inflater = new Inflate((piece, last) => {
    if (!stopped && take(piece, last) === true) stopped = true;
  });
  if (bytes.byteLength === 0) throw new Error('no compressed data');
  for (let at = 0; at < bytes.byteLength && !stopped; at += INPUT_PIECE) {
    const end = Math.min(bytes.byteLength, at + INPUT_PIECE);
    inflater.push(bytes.subarray(at, end), end === bytes.byteLength);
  }
  return stopped;
}

/**
 * Inflates what `deflateText` compressed a piece at a time, handing each piece of text, in
 * order, to `take` until it returns true: the rest is then neither inflated nor decoded.
 * Returns true when `take` stopped it, false when it read to the end. Throws on damaged data
 * (possibly after some pieces). Why: the search index reads only the start of each article,
 * and a rebuild of 10,000 clips inflating each whole was most of what it allocated (issue 12).
 * Each inflated piece is freed as soon as it is decoded (`releaseBytes`) instead of waiting
 * for a collection; `bytes` itself is only read.
 */
export async function inflateTextPieces(bytes: Uint8Array, take: (piece: string) => boolean | void): Promise<boolean> {
  const decoder = new TextDecoder('utf-8');
  return inflatePieces(bytes, (inflated, last) => {
    const text = decoder.decode(inflated, { stream: !last });
    releaseBytes(inflated);
    return text !== '' && take(text) === true;
  });
}

/**
 * The bytes `deflateText` compressed (UTF-8 text, not decoded), refused once they inflate past
 * `maxBytes` (so a hostile document cannot make a small value fill the memory). Throws on
 * damaged or oversized data.
 */
export async function inflateCapped(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const over = inflatePieces(bytes, (piece) => {
    total += piece.byteLength;
    if (total > maxBytes) return true;
    parts.push(piece);
  });
  if (over) throw new Error(`inflates past ${maxBytes} bytes`);
  return concatBytes(parts);
}
