/**
 * The per-clip cap: images are taken in document order while they fit; the others are
 * counted with their reason, and the reasons summed up in words for the reader's note. Each
 * image left out also has its own reason code recorded (left-reasons.ts), bounded.
 */
import { REASONS } from './inspect';
import { formatMb, MAX_MISSING, MAX_MISSING_KEY, MAX_MISSING_KEY_CHARS, MISSING, MISSING_CODE } from './left-reasons';

/** Bytes as megabytes the way the options page writes them ("5 MB"): see left-reasons.ts. */
export { formatMb };

/** The reason for images left out over the per-clip cap, as the reader's note says it. */
export function overCapReason(capBytes: number): string {
  return `over the ${formatMb(capBytes)} per-clip limit set in Options`;
}

/** The reason code (left-reasons.ts) of a reason as inspect.ts / process.ts word it (`REASONS`); `failed` for any other. */
export function missingCodeOf(reason: string): string {
  for (const [name, words] of Object.entries(REASONS)) if (words === reason) return MISSING[name as keyof typeof REASONS];
  return MISSING.failed;
}

/** Below this many bytes left, the rest of a clip's images are not even fetched. */
export const MIN_USEFUL_BYTES = 1_024;

/** A clip's images: what is left of its cap, and the images left out with their reasons. */
export class ImageBudget {
  private used = 0;
  private readonly reasons = new Map<string, number>();
  private readonly missing = new Map<string, string>();
  private keyChars = 0;

  constructor(readonly capBytes: number) {}

  /** Bytes still free under the cap. */
  get remaining(): number {
    return Math.max(0, this.capBytes - this.used);
  }

  /** Whether there is room for anything more (the next images need not be fetched otherwise). */
  get full(): boolean {
    return this.remaining < MIN_USEFUL_BYTES;
  }

  /** Takes `bytes` if they fit under the cap (true), else counts the image (`key`: its `imageKey`) as left out over the cap. */
  take(bytes: number, key?: string): boolean {
    if (bytes <= this.remaining) {
      this.used += bytes;
      return true;
    }
    this.leaveOverCap(key);
    return false;
  }

  /** Counts one image (`key`: its `imageKey`) left out over the cap. */
  leaveOverCap(key?: string): void {
    this.leave(overCapReason(this.capBytes), key, MISSING.cap(this.capBytes));
  }

  /**
   * Counts one image left out for `reason` (in words); with `key` (its `imageKey`), records its
   * own reason `code` too (by default the code of `reason`), while fewer than `MAX_MISSING` are.
   */
  leave(reason: string, key?: string, code: string = missingCodeOf(reason)): void {
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    if (key === undefined || this.missing.has(key) || this.missing.size >= MAX_MISSING || key.length > MAX_MISSING_KEY) return;
    if (this.keyChars + key.length > MAX_MISSING_KEY_CHARS) return;
    this.keyChars += key.length;
    this.missing.set(key, MISSING_CODE.test(code) ? code : MISSING.failed);
  }

  /** Bytes taken. */
  get usedBytes(): number {
    return this.used;
  }

  /**
   * The images left out and why: `reason` is null when none were, the reason itself when all
   * share one, else each reason with its count, most frequent first ("3 over the 5 MB
   * per-clip limit set in Options; 1 could not be loaded"); `missing`: each image's own
   * reason code by its key, when any was recorded.
   */
  leftOut(): { count: number; reason: string | null; missing?: Record<string, string> } {
    const entries = [...this.reasons].sort((a, b) => b[1] - a[1]);
    const count = entries.reduce((n, [, c]) => n + c, 0);
    const missing = this.missing.size > 0 ? { missing: Object.fromEntries(this.missing) } : {};
    if (entries.length === 0) return { count: 0, reason: null };
    if (entries.length === 1) return { count, reason: entries[0]![0], ...missing };
    return { count, reason: entries.map(([r, c]) => `${c} ${r}`).join('; '), ...missing };
  }
}

/** The reader's note on images not saved: "3 images were not saved: over the 5 MB per-clip limit set in Options". */
export function leftOutNote(left: number, reason: string | null): string {
  if (left <= 0) return '';
  const what = left === 1 ? '1 image was' : `${left} images were`;
  return reason ? `${what} not saved: ${reason}.` : `${what} not saved.`;
}
