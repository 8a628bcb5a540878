import { readCapped } from '../images/read-capped';
import { releaseBytes } from '../util/bytes';

/**
 * Raw DEFLATE (RFC 1951) of UTF-8 text, with the platform's own `CompressionStream`
 * (native in every browser Commonplace supports and in Node 20): an article is stored
 * compressed once, and Automerge's own compression of the document finds little left to do.
 */
export async function deflateText(text: string): Promise<Uint8Array> {
  return collect(piecesOf(new TextEncoder().encode(text)).pipeThrough(new CompressionStream('deflate-raw')));
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
 * Compressed bytes fed to the inflater at a time: each yields some 30-60 KB of text, so most
 * articles are one piece (every piece costs the browser's stream objects, collected only with
 * the JS heap's full collections) and a long one is left after its first pieces.
 */
const INPUT_PIECE = 16_384;

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
  const reader = piecesOf(bytes, INPUT_PIECE).pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const decoder = new TextDecoder('utf-8');
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      const tail = decoder.decode();
      if (tail !== '') take(tail);
      return false;
    }
    const piece = decoder.decode(value, { stream: true });
    releaseBytes(value);
    if (piece !== '' && take(piece) === true) {
      await reader.cancel().catch(() => undefined);
      return true;
    }
  }
}

/**
 * The bytes `deflateText` compressed (UTF-8 text, not decoded), refused once they inflate past
 * `maxBytes` (so a hostile document cannot make a small value fill the memory). Throws on
 * damaged or oversized data.
 */
export async function inflateCapped(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const out = await readCapped(new Response(piecesOf(bytes).pipeThrough(new DecompressionStream('deflate-raw'))), maxBytes, () => undefined);
  if (!out) throw new Error(`inflates past ${maxBytes} bytes`);
  return out;
}

/**
 * A stream of `bytes` in views of at most `pieceBytes` (no copies; default: the whole at once),
 * each made only when the reader asks for more (`highWaterMark` 0): a reader that stops early
 * leaves the rest unread. Made in this thread, not `new Blob([bytes]).stream()`: in Chromium a
 * Blob's bytes go to the browser process and are streamed back from there, which took most of
 * the 7-12 ms a joining browser's list (~130 KB) spent inflating in the service worker.
 */
function piecesOf(bytes: Uint8Array, pieceBytes = bytes.byteLength): ReadableStream<BufferSource> {
  let at = 0;
  return new ReadableStream<BufferSource>(
    {
      pull(controller) {
        if (at >= bytes.byteLength) return controller.close();
        const end = Math.min(bytes.byteLength, at + Math.max(1, pieceBytes));
        controller.enqueue(bytes.subarray(at, end) as Uint8Array<ArrayBuffer>);
        at = end;
      },
    },
    { highWaterMark: 0 },
  );
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
