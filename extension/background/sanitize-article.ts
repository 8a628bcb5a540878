import { offscreen } from '../messaging';
import { sanitizeStored } from '../sanitize-stored';
import { ensureOffscreen, unwrap } from './offscreen-doc';

/**
 * The import job's `sanitize` (src/import/restore-item.ts): a stored article through the capture
 * sanitiser, on the background page's DOM (Firefox) or in the offscreen document (Chromium, whose
 * service worker has no DOM).
 */
export async function sanitizeArticle(html: string, baseUrl: string): Promise<string> {
  if (typeof DOMParser !== 'undefined' && typeof window !== 'undefined') return sanitizeStored(html, baseUrl);
  await ensureOffscreen();
  return unwrap(await offscreen('sanitizeArticle', { html, baseUrl })).html;
}
