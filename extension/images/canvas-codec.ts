import { storedSize, type Encoded, type ImageCodec } from '../../src/images/process';
import { createSvgSanitizer } from '../../src/sanitize/svg';
import type { DomWindow } from '../../src/sanitize/sanitize';
import { ensureOffscreen, unwrap } from '../background/offscreen-doc';
import { offscreen } from '../messaging';

/**
 * The background's image codec: `createImageBitmap` and `OffscreenCanvas`, which Chromium's
 * service worker and Firefox's background page both have. Encodes WebP; where the browser
 * cannot (its `convertToBlob` answers another type), JPEG for JPEG sources and PNG for the
 * rest (which may have transparency). SVG is sanitised where there is a DOM: this page
 * (Firefox), else the offscreen document (Chromium).
 */
export const canvasCodec: ImageCodec = {
  async reencode(bytes, type, maxSide, quality, size) {
    let bitmap: ImageBitmap;
    try {
      const blob = new Blob([bytes as BlobPart], { type });
      // Decoded already scaled where the browser can (less memory for a large image); drawn to the exact size below.
      const hint = maxSide && size ? storedSize(size.width, size.height, maxSide) : null;
      bitmap = hint?.scaled ? await createImageBitmap(blob, { resizeWidth: hint.width, resizeQuality: 'high' }).catch(() => createImageBitmap(blob)) : await createImageBitmap(blob);
    } catch {
      return false;
    }
    try {
      if (maxSide === null) return true;
      const { width, height } = storedSize(bitmap.width, bitmap.height, maxSide);
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d');
      if (!ctx) return true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(bitmap, 0, 0, width, height);
      const out = await encode(canvas, type, quality);
      return out ? ({ type: out.type, data: new Uint8Array(await out.arrayBuffer()), width, height } satisfies Encoded) : true;
    } catch {
      return true;
    } finally {
      bitmap.close();
    }
  },
  async sanitizeSvg(svg) {
    if (typeof DOMParser !== 'undefined' && typeof window !== 'undefined') {
      sanitizeHere ??= createSvgSanitizer(window as DomWindow);
      return sanitizeHere(svg);
    }
    await ensureOffscreen();
    return unwrap(await offscreen('sanitizeSvg', { svg })).svg;
  },
};

let sanitizeHere: ((svg: string) => string | null) | null = null;

/** WebP when the browser encodes it, else JPEG (JPEG sources) or PNG; null when neither works. */
async function encode(canvas: OffscreenCanvas, sourceType: string, quality: number): Promise<Blob | null> {
  const webp = await canvas.convertToBlob({ type: 'image/webp', quality }).catch(() => null);
  if (webp?.type === 'image/webp') return webp;
  const fallback = sourceType === 'image/jpeg' ? 'image/jpeg' : 'image/png';
  const out = await canvas.convertToBlob({ type: fallback, quality }).catch(() => null);
  return out?.type === fallback ? out : null;
}
