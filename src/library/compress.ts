import { readCapped } from '../images/read-capped';

/**
 * Raw DEFLATE (RFC 1951) of UTF-8 text, with the platform's own `CompressionStream`
 * (native in every browser Commonplace supports and in Node 20): an article is stored
 * compressed once, and Automerge's own compression of the document finds little left to do.
 */
export async function deflateText(text: string): Promise<Uint8Array> {
  return collect(streamOf(new TextEncoder().encode(text)).pipeThrough(new CompressionStream('deflate-raw')));
}

/** The text `deflateText` compressed. Throws on damaged data. */
export async function inflateText(bytes: Uint8Array): Promise<string> {
  return new TextDecoder('utf-8').decode(await collect(streamOf(bytes).pipeThrough(new DecompressionStream('deflate-raw'))));
}

/**
 * The bytes `deflateText` compressed (UTF-8 text, not decoded), refused once they inflate past
 * `maxBytes` (so a hostile document cannot make a small value fill the memory). Throws on
 * damaged or oversized data.
 */
export async function inflateCapped(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const out = await readCapped(new Response(streamOf(bytes).pipeThrough(new DecompressionStream('deflate-raw'))), maxBytes, () => undefined);
  if (!out) throw new Error(`inflates past ${maxBytes} bytes`);
  return out;
}

/**
 * A stream of `bytes`, made in this thread. Not `new Blob([bytes]).stream()`: in Chromium a
 * Blob's bytes go to the browser process and are streamed back from there, which took most of
 * the 7-12 ms a joining browser's list (~130 KB) spent inflating in the service worker.
 */
function streamOf(bytes: Uint8Array): ReadableStream<BufferSource> {
  return new ReadableStream<BufferSource>({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
