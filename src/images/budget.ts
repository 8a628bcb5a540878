/**
 * The per-clip cap: images are taken in document order while they fit; the others are
 * counted with their reason, and the reasons summed up in words for the reader's note. Each
 * image left out also has its own reason code recorded (left-reasons.ts), bounded.
 */
import { formatMb, MAX_MISSING, MISSING, missingOf } from './left-reasons';

/** The reason for images left out over the per-clip cap, as the reader's note says it. */
export function overCapReason(capBytes: number): string {
  return `over the ${formatMb(capBytes)} per-clip limit set in Options`;
}

/** Below this many bytes left, the rest of a clip's images are not even fetched. */
export const MIN_USEFUL_BYTES = 1_024;

/** A clip's images: what is left of its cap, and the images left out with their reasons. */
export class ImageBudget {
  private used = 0;
  private readonly reasons = new Map<string, number>();
  private readonly missing = new Map<string, string>();

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
    this.leave(overCapReason(this.capBytes), MISSING.cap(this.capBytes), key);
  }

  /**
   * Counts one image left out for `reason` (in words); with `key` (its `imageKey`), records its
   * own reason `code` (left-reasons.ts) too. `leftOut` keeps what the catalog's bounds allow
   * (`missingOf`); only the first `MAX_MISSING` are held here.
   */
  leave(reason: string, code: string, key?: string): void {
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    if (key !== undefined && !this.missing.has(key) && this.missing.size < MAX_MISSING) this.missing.set(key, code);
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
    const kept = missingOf(this.missing);
    const missing = kept ? { missing: kept } : {};
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
