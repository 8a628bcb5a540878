/**
 * The byte arrays in order, as one array (the only one itself when there is one, not a copy):
 * storage chunks joined (doc-storage.ts), a preview's parts joined (list-preview.ts).
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Frees `bytes`' memory now, rather than at the next garbage collection, by detaching its
 * buffer (`ArrayBuffer.prototype.transfer(0)`): afterwards it, and every view of its buffer,
 * is empty. Only when the view spans its whole buffer and the platform can detach (Chromium
 * 114+, Firefox 122+, Node 21+); returns whether it did.
 *
 * Contract: the caller owns the buffer — nothing else reads it afterwards. Why: a pass over
 * every article (the search index's rebuild) reads hundreds of MB of short-lived buffers, and
 * V8 collects them only after tens of MB more have piled up outside its heap (issue 12's
 * memory target); detaching returns each one as soon as it is read.
 */
export function releaseBytes(bytes: Uint8Array): boolean {
  const buffer = bytes.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  if (typeof buffer.transfer !== 'function' || bytes.byteOffset !== 0 || bytes.byteLength !== buffer.byteLength || bytes.byteLength === 0) return false;
  if (typeof SharedArrayBuffer !== 'undefined' && (bytes.buffer as unknown) instanceof SharedArrayBuffer) return false;
  try {
    buffer.transfer(0);
    return true;
  } catch {
    // Not detachable (a WebAssembly memory, a buffer the platform holds): left to the collector.
    return false;
  }
}
