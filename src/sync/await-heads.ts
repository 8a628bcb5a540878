/**
 * `awaitHeads`: waits for a document's exchange with the servers to reach a condition, starting
 * the exchange again when it goes quiet (a server that dropped the document from memory before
 * answering), for at most a time limit.
 */
import type { DocHandle } from '@automerge/automerge-repo/slim';

export interface AwaitHeadsOptions {
  /** Gives up after this long. */
  readonly timeoutMs: number;
  /** Starts the exchange again (`nudge`) after this long without news of the document. */
  readonly nudgeMs: number;
  /** False once the servers waited on changed (one removed or dropped): stops waiting at once. */
  readonly live: () => boolean;
  readonly nudge: () => void;
  /** Subscribes to news that may make `done()` true without changing any heads (a server process's first word on a document, `ServerWatch.onHeard`); returns the unsubscribe. */
  readonly wake?: (fn: () => void) => () => void;
}

/** Resolves once `done()` is true after `h`'s heads or remote heads changed (or `wake` told), or after the time limit, or once `live()` is false. */
export function awaitHeads(h: DocHandle<unknown>, done: () => boolean, opts: AwaitHeadsOptions): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(finish, opts.timeoutMs);
    let heard = Date.now();
    const nudger = setInterval(() => {
      if (!opts.live()) return finish();
      if (Date.now() - heard < opts.nudgeMs) return;
      heard = Date.now();
      opts.nudge();
    }, Math.max(50, Math.round(opts.nudgeMs / 3)));
    const onChange = () => {
      heard = Date.now();
      if (done()) finish();
    };
    const unwake = opts.wake?.(onChange);
    function finish() {
      unwake?.();
      clearTimeout(timer);
      clearInterval(nudger);
      h.off('remote-heads', onChange);
      h.off('heads-changed', onChange);
      resolve();
    }
    h.on('remote-heads', onChange);
    h.on('heads-changed', onChange);
  });
}
