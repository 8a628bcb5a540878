import { createSanitizer, type DomWindow, type Sanitizer } from '../src/sanitize/sanitize';

let sanitizer: Sanitizer | null = null;

/**
 * Runs stored article HTML (an imported Commonplace export's) through the capture profile of the
 * sanitiser, on this context's own window: the offscreen document (Chromium) or the background
 * page (Firefox). Nothing else happens to it (no Readability), so an article Commonplace stored
 * comes back unchanged and its highlights' offsets still hold.
 */
export function sanitizeStored(html: string, baseUrl: string): string {
  sanitizer ??= createSanitizer(window as DomWindow);
  return sanitizer.sanitizeCapture(html, baseUrl);
}
