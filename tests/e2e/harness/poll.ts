/**
 * Waiting helpers. Use `poll` instead of puppeteer's `waitForFunction`: in Firefox,
 * `waitForFunction` breaks under the extension pages' CSP, while a plain
 * `page.evaluate` in a loop works in every browser and page.
 */

/** Options for {@link poll}. */
export interface PollOptions {
  /** Give up after this many milliseconds (default 10 000). */
  timeout?: number;
  /** Pause between attempts in milliseconds (default 50). */
  interval?: number;
  /** Describes what is awaited; used in the timeout error. */
  message?: string;
  /**
   * On timeout, what was seen instead (the page's state, a server's log), appended to the error
   * so that a failure in a clean-clone run says why. A describe that fails says so instead.
   */
  describe?: () => string | Promise<string>;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `fn` until it returns a truthy value and resolves with that value.
 * A throw counts as "not yet" (pages mid-navigation throw from `evaluate`);
 * on timeout the last error, if any, is quoted in the rejection.
 */
export async function poll<T>(fn: () => T | Promise<T>, opts: PollOptions = {}): Promise<NonNullable<T>> {
  const { timeout = 10_000, interval = 50, message = 'condition', describe } = opts;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      const seen = describe ? `: ${await Promise.resolve().then(describe).catch((e: unknown) => `(describing what was seen failed: ${e instanceof Error ? e.message : String(e)})`)}` : '';
      throw new Error(`Timed out after ${timeout} ms waiting for ${message}${why}${seen}`);
    }
    await sleep(interval);
  }
}

/** Rejects with `message` if `promise` has not settled within `ms` milliseconds. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${message}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
