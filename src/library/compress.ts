import { readCapped } from '../images/read-capped';

/**
 * Raw DEFLATE (RFC 1951) of UTF-8 text, with the platform's own `CompressionStream`
 * (native in every browser Commonplace supports and in Node 20): an article is stored
 * compressed once, and Automerge's own compression of the document finds little left to do.
 */
export async function deflateText(text: string): Promise<Uint8Array> {
  return collect(new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw')));
}

/** The text `deflateText` compressed. Throws on damaged data. */
export async function inflateText(bytes: Uint8Array): Promise<string> {
  const out = await collect(new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')));
  return new TextDecoder('utf-8').decode(out);
}

/**
 * The text `deflateText` compressed, refused once it inflates past `maxBytes` (so a hostile
 * document cannot make a small value fill the memory). Throws on damaged or oversized data.
 */
export async function inflateTextCapped(bytes: Uint8Array, maxBytes: number): Promise<string> {
  const inflated = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const out = await readCapped(new Response(inflated), maxBytes, () => undefined);
  if (!out) throw new Error(`inflates past ${maxBytes} bytes`);
  return new TextDecoder('utf-8').decode(out);
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
