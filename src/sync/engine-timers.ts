/** How soon a pass that left documents behind is run again, the first time (each failed pass in a row doubles it: `EngineTimers.retry`). */
export const RETRY_FAILED_MS = 15_000;

/**
 * The timers a sync engine arms (a pass asked for after a burst of changes, the retry of a pass
 * that left documents behind, a status update at a server's connection time limit, the warm-up),
 * kept in one place so that turning sync off or stopping the engine clears every one of them.
 * Before, they outlived the connection: a status was told at the time limit of a server gone, and
 * a retry armed by the old connection started a pass after sync was turned off and on again.
 */
export class EngineTimers {
  /** Armed and not yet fired, cleared by `clear`. */
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();
  /** The named ones (`once`), one at a time per name. */
  private readonly named = new Map<string, ReturnType<typeof setTimeout>>();

  /** Runs `fn` `ms` from now, unless `clear` is called first. */
  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, ms);
    this.pending.add(timer);
  }

  /**
   * Runs `fn` `ms` from now unless a timer of this `name` is armed already (then nothing: the one
   * armed runs it), or `clear` is called first. Coalesces: one pass asked for per burst, one retry.
   */
  once(name: string, ms: number, fn: () => void): void {
    if (this.named.has(name)) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      this.named.delete(name);
      fn();
    }, ms);
    this.pending.add(timer);
    this.named.set(name, timer);
  }

  /** Retries armed since the last clean pass or connection (`resetRetry`): each one waits twice as long. */
  private retries = 0;

  /**
   * The retry of a failed pass: runs `fn` after `baseMs` (`RETRY_FAILED_MS` unless given), doubled for each retry armed before it
   * in a row, at most 16 × `baseMs` (15 s grows to 4 minutes, the background's sync alarm); one
   * at a time (a retry asked for while one is armed is that one). Before, a pass that kept
   * failing (a document no server has, a server that never acknowledges) ran every 15 s for as
   * long as a page kept the background awake, loading documents and asking the servers each time.
   */
  retry(fn: () => void, baseMs: number = RETRY_FAILED_MS): void {
    if (this.named.has('retry')) return;
    this.once('retry', baseMs * 2 ** Math.min(this.retries++, 4), fn);
  }

  /** A pass ended clean, or a server (re)connected: the next retry waits its first wait again. */
  resetRetry(): void {
    this.retries = 0;
  }

  /** Clears every timer armed and not yet fired: none of them runs (and the retries start again from their first wait). */
  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    this.named.clear();
    this.retries = 0;
  }
}
