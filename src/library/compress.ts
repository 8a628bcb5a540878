/**
 * Raw DEFLATE (RFC 1951) of UTF-8 text, with the platform's own `CompressionStream`
 * (native in every browser Commonplace supports and in Node 20): an article is stored
 * compressed once, and Automerge's own compression of the document finds little left to do.
 */
export async function deflateText(text: string): Promise<Uint8Array> {
  const out = await readAll(streamOf(new TextEncoder().encode(text)).pipeThrough(new CompressionStream('deflate-raw')), Infinity);
  return out!;
}

/** The text `deflateText` compressed. Throws on damaged data. */
export async function inflateText(bytes: Uint8Array): Promise<string> {
  const out = await readAll(streamOf(bytes).pipeThrough(new DecompressionStream('deflate-raw')), Infinity);
  return new TextDecoder('utf-8').decode(out!);
}

/**
 * The text `deflateText` compressed, refused once it inflates past `maxBytes` (so a hostile
 * document cannot make a small value fill the memory). Throws on damaged or oversized data.
 */
export async function inflateTextCapped(bytes: Uint8Array, maxBytes: number): Promise<string> {
  const out = await readAll(streamOf(bytes).pipeThrough(new DecompressionStream('deflate-raw')), maxBytes);
  if (!out) throw new Error(`inflates past ${maxBytes} bytes`);
  return new TextDecoder('utf-8').decode(out);
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

/** Everything `stream` gives, as one array; null (and the stream cancelled) once it passes `maxBytes`. */
async function readAll(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    parts.push(value);
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
