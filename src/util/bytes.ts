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
