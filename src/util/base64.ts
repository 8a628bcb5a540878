/**
 * Bytes ↔ base64, for binaries crossing extension messaging (Chromium serialises messages as
 * JSON, so a Uint8Array would arrive as an object of numbers). Works in chunks, so a 2 MB
 * document never becomes one giant argument list.
 */

const CHUNK = 0x8000;

/** Encodes `bytes` as standard base64. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** Decodes standard base64; throws on anything else (the caller validated the message). */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
