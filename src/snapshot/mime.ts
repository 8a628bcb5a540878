/**
 * What a fetched resource is, from its declared type and its first bytes. A snapshot inlines
 * a resource only as what its place expects (an image where an image goes, a font in
 * `@font-face`, CSS where a stylesheet goes), so an HTML error page or a login redirect never
 * ends up inlined as an "image".
 */
import { safeMime } from './encode';

/** What a resource is used as. */
export type ResourceKind = 'image' | 'font' | 'css' | 'media';

const ascii = (bytes: Uint8Array, start: number, text: string) => {
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
};

/** The text at the start of `bytes` (latin-1, BOM and leading whitespace dropped), lower-cased. */
function head(bytes: Uint8Array, length = 512): string {
  let s = '';
  for (let i = 0; i < Math.min(bytes.length, length); i++) s += String.fromCharCode(bytes[i]!);
  return s.replace(/^(\u00ef\u00bb\u00bf|\ufeff)/, '').trimStart().toLowerCase();
}

/** An image type recognised from its magic bytes (SVG from its markup), or null. */
export function sniffImage(bytes: Uint8Array): string | null {
  if (ascii(bytes, 0, '\x89PNG\r\n\x1a\n')) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'image/gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'image/webp';
  if (ascii(bytes, 4, 'ftyp') && (ascii(bytes, 8, 'avif') || ascii(bytes, 8, 'avis'))) return 'image/avif';
  if (ascii(bytes, 0, 'BM')) return 'image/bmp';
  if (bytes[0] === 0 && bytes[1] === 0 && (bytes[2] === 1 || bytes[2] === 2) && bytes[3] === 0) return 'image/x-icon';
  const text = head(bytes);
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(text)) return 'image/svg+xml';
  return null;
}

/** A font type recognised from its magic bytes, or null. */
export function sniffFont(bytes: Uint8Array): string | null {
  if (ascii(bytes, 0, 'wOF2')) return 'font/woff2';
  if (ascii(bytes, 0, 'wOFF')) return 'font/woff';
  if (ascii(bytes, 0, 'OTTO')) return 'font/otf';
  if ((bytes[0] === 0 && bytes[1] === 1 && bytes[2] === 0 && bytes[3] === 0) || ascii(bytes, 0, 'true')) return 'font/ttf';
  if (ascii(bytes, 0, 'ttcf')) return 'font/collection';
  if (bytes[34] === 0x4c && bytes[35] === 0x50) return 'application/vnd.ms-fontobject';
  return null;
}

/** An audio or video type recognised from its magic bytes (MP4/MOV, WebM, Ogg, MP3, WAV, FLAC, AAC), or null. */
export function sniffMedia(bytes: Uint8Array): string | null {
  if (ascii(bytes, 4, 'ftyp')) return ascii(bytes, 8, 'M4A ') ? 'audio/mp4' : ascii(bytes, 8, 'qt  ') ? 'video/quicktime' : 'video/mp4';
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'video/webm';
  if (ascii(bytes, 0, 'OggS')) return 'audio/ogg';
  if (ascii(bytes, 0, 'ID3') || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe6) === 0xe2)) return 'audio/mpeg';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return 'audio/wav';
  if (ascii(bytes, 0, 'fLaC')) return 'audio/flac';
  if (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xf6) === 0xf0) return 'audio/aac';
  return null;
}

/** Whether the bytes look like an HTML document (an error page, a login page). */
function looksLikeHtml(bytes: Uint8Array): boolean {
  return /^(<!doctype html|<html|<head|<body|<!--|<script|<meta|<title)/.test(head(bytes, 256));
}

/**
 * The type to inline a resource as, or null when it is not what its place expects:
 * images must be images (declared as such or recognised), fonts fonts, and CSS must not be HTML.
 */
export function acceptedType(kind: ResourceKind, declared: string, bytes: Uint8Array): string | null {
  const type = safeMime(declared);
  if (kind === 'image') {
    const sniffed = sniffImage(bytes);
    if (type?.startsWith('image/')) return sniffed ?? type;
    // Servers mislabel images (octet-stream, text/plain); an HTML page is never taken for one.
    return type === 'text/html' ? (sniffed && sniffed !== 'image/svg+xml' ? sniffed : null) : sniffed;
  }
  if (kind === 'font') {
    const sniffed = sniffFont(bytes);
    if (sniffed) return sniffed;
    if (type && (type.startsWith('font/') || /^application\/(x-)?font-|^application\/vnd\.ms-fontobject$/.test(type))) return type;
    return null;
  }
  if (kind === 'media') {
    const sniffed = sniffMedia(bytes);
    if (sniffed) return type?.startsWith('audio/') || type?.startsWith('video/') ? type : sniffed;
    return null;
  }
  if (type && type !== 'text/css' && !/^(text\/plain|application\/octet-stream|application\/x-unknown-content-type)$/.test(type)) return null;
  return looksLikeHtml(bytes) ? null : 'text/css';
}
