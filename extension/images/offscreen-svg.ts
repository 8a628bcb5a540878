import type { DomWindow } from '../../src/sanitize/sanitize';
import { createSvgSanitizer } from '../../src/sanitize/svg';

let sanitize: ((svg: string) => string | null) | null = null;

/** The offscreen document's side of `sanitizeSvg` (Chromium's service worker has no DOM): src/sanitize/svg.ts on this page. */
export function sanitizeSvgHere(svg: string): string | null {
  sanitize ??= createSvgSanitizer(window as DomWindow);
  return sanitize(svg);
}
