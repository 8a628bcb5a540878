/**
 * Escapes text for use as HTML element content (`&`, `<`, `>`; quotes too, so it is safe in
 * attributes). On its own, with no imports: the stand-in articles' writer (src/library/stand-in.ts)
 * uses it and is reached from the side panel's first screen, which must not load the capture's
 * text rules with it.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
