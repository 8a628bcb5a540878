const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/**
 * A size for people: "0 B", "1023 B", "1.0 KB", "40.5 MB", "12.3 GB" (binary units, one decimal
 * from KB up), so a small library's 40 KB of text is not "0.0 MB" and a disk's quota is not
 * "305419.9 MB". What is not a size (null: the browser gave no estimate; NaN, negative,
 * infinite: a broken one) is "unknown", never "NaN MB" or a negative number.
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return 'unknown';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  // Stepping up at 1023.95 too: 1,048,575 bytes is "1.0 MB", not "1024.0 KB".
  while (value >= 1023.95 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}
