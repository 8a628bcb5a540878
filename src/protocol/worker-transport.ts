import type { Envelope, Sender } from './rpc';

/**
 * A second transport for extension page → background calls where the background is a service
 * worker (Chromium): the worker's own `message` event, each call carrying a `MessageChannel` port
 * for its answer. Why: `runtime.sendMessage` is routed through the browser process's main thread
 * both ways; an extension page and its service worker live in one renderer process, so a port
 * answers from thread to thread. bench:library's search, a call at each keystroke, spent 2.6 ms
 * (p95 5.8) reaching the background and 2.2 ms (p95 7.7) coming back at 10,000 clips; a round
 * trip here costs 1.6 ms (p95 2.9) against `ping`'s 3 ms (p95 4.7) (docs/benchmarks.md).
 *
 * The envelope, the server (`createServer`: request validation, the sender check, errors as
 * values) and the client's answer validation are those of every other transport: only the
 * carrier differs. The message event starts a stopped worker, as a runtime message does.
 * A worker stopped mid-call never answers and a port does not say so, so the page's other sign
 * of a stopped background (its keep-awake port's disconnect) fails the calls waiting here
 * (`WorkerTransport.gone`), and the client retries them, as after any disconnect; the client's
 * watchdog covers the rest. Where there is no service worker (Firefox's event page, a page
 * that cannot reach one), calls go by `fallback`.
 */
export interface WorkerTransport {
  /** Sends one envelope and settles with the raw answer (validated by the client, as always). */
  send(envelope: Envelope): Promise<unknown>;
  /** The background stopped: every call still waiting for an answer here fails as a disconnect (the client retries it). */
  gone(): void;
  /**
   * Looks the worker up now (once; again only after `gone` or a failed post). A call made after the
   * lookup has settled is posted within the turn it was made in. The first call made without it
   * waits for the lookup, whose answer arrives as a task: after whatever the page does at once
   * (a side panel's first search was posted only after its first render of the results, 30-57 ms).
   */
  prepare(): void;
  /** How many calls went by the worker (not by the fallback): for tests. */
  readonly sent: number;
  /** When the last call was posted to the worker (`performance.now()`), or null: for benchmarks. */
  readonly lastPostAt: number | null;
}

/** The one thing the page needs of a service worker. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
}

/**
 * The page's side. `findWorker` resolves the active service worker of the extension (null: none,
 * use `fallback`); it is asked once, and again after `gone` or a failed post.
 */
export function workerTransport(findWorker: () => Promise<WorkerLike | null>, fallback: (envelope: Envelope) => Promise<unknown>): WorkerTransport {
  let worker: Promise<WorkerLike | null> | null = null;
  const waiting = new Set<(e: Error) => void>();
  let sent = 0;
  let lastPostAt: number | null = null;
  const find = () => (worker ??= findWorker().catch(() => null));
  return {
    prepare: () => void find(),
    get sent() {
      return sent;
    },
    get lastPostAt() {
      return lastPostAt;
    },
    async send(envelope) {
      const target = await find();
      if (!target) return fallback(envelope);
      const { port1, port2 } = new MessageChannel();
      let end = () => undefined as void;
      const answer = new Promise<unknown>((resolve, reject) => {
        const fail = (e: Error) => (end(), reject(e));
        end = () => (waiting.delete(fail), (port1.onmessage = null), port1.close());
        waiting.add(fail);
        port1.onmessage = (m: MessageEvent) => (end(), resolve(m.data));
      });
      try {
        target.postMessage(envelope, [port2]);
      } catch {
        // Not posted (a worker object gone stale): forget it, and send this call the other way.
        worker = null;
        end();
        return fallback(envelope);
      }
      sent++;
      lastPostAt = performance.now();
      return answer;
    },
    gone() {
      worker = null;
      for (const fail of [...waiting]) fail(new Error('The background disconnected before answering.'));
    },
  };
}

/** What the worker's side needs of its global scope (a `ServiceWorkerGlobalScope`). */
export interface WorkerScope {
  readonly location: { readonly origin: string };
  addEventListener(type: 'message', listener: (event: WorkerMessageEvent) => void): void;
}

/** The parts of an `ExtendableMessageEvent` read here. */
export interface WorkerMessageEvent {
  readonly data: unknown;
  readonly origin: string;
  readonly ports: readonly MessagePort[];
  readonly source: { readonly url?: string } | null;
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * The worker's side: answers envelopes posted by this extension's own pages with `handle` (the
 * protocol servers' `handle`, which validates and never rejects), on the port each call brought.
 * Must be called as the worker script starts, so a stopped worker woken by a call has its listener.
 * Messages from another origin, or without a reply port, are ignored. The sender the servers check
 * is the posting page (`senderId` is this extension's id, the page's URL its own).
 */
export function serveWorkerMessages(scope: WorkerScope, senderId: string, handle: (msg: unknown, sender: Sender) => Promise<unknown> | undefined): void {
  scope.addEventListener('message', (event) => {
    const port = event.ports[0];
    if (!port) return;
    const url = event.source?.url;
    if (event.origin !== scope.location.origin || typeof url !== 'string') return port.close();
    const answer = handle(event.data, { id: senderId, url });
    if (!answer) return port.close();
    event.waitUntil(
      answer.then(
        (value) => port.postMessage(value),
        () => port.close(),
      ),
    );
  });
}
