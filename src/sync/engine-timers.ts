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

  /** Clears every timer armed and not yet fired: none of them runs. */
  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    this.named.clear();
  }
}
