import { describe, expect, it } from 'vitest';
import { uiToBackground } from '../../../src/protocol/protocol';
import { createClient, createServer, isDisconnect, refuse, type Envelope, type Sender } from '../../../src/protocol/rpc';
import { serveWorkerMessages, workerTransport, type WorkerLike, type WorkerMessageEvent, type WorkerScope } from '../../../src/protocol/worker-transport';

const ORIGIN = 'chrome-extension://me';
const PAGE = `${ORIGIN}/sidepanel.html#clips`;
const isExt = (s: Sender) => s.id === 'me' && !!s.url?.startsWith(`${ORIGIN}/`);
const env = (method: string, params: unknown = {}, id = 'call-1'): Envelope => ({ cp: 1, to: 'background', method, params, id });

/**
 * A service worker's global scope and the worker object pages post to, in one: `postMessage` from a
 * page (of `origin`, at `url`) dispatches an ExtendableMessageEvent-like event to the scope's
 * listeners. `stopped`: posts are taken and never dispatched (a worker stopped mid-call).
 */
function fakeWorker(opts: { origin?: string; url?: string | null } = {}) {
  const listeners: Array<(e: WorkerMessageEvent) => void> = [];
  const waited: Promise<unknown>[] = [];
  const state = { stopped: false, posted: 0, throwOnPost: false };
  const scope: WorkerScope = { location: { origin: ORIGIN }, addEventListener: (_type, l) => void listeners.push(l) };
  const worker: WorkerLike = {
    postMessage(message, transfer) {
      if (state.throwOnPost) throw new Error('The worker is gone.');
      state.posted++;
      if (state.stopped) return;
      // Structured clone, as the browser does.
      const data = structuredClone(message);
      const event: WorkerMessageEvent = {
        data,
        origin: opts.origin ?? ORIGIN,
        ports: transfer as MessagePort[],
        source: opts.url === null ? null : { url: opts.url ?? PAGE },
        waitUntil: (p) => void waited.push(p),
      };
      for (const l of listeners) l(event);
    },
  };
  return { scope, worker, state, waited };
}

const pingServer = (onCall?: (s: Sender) => void) =>
  createServer('background', uiToBackground, { ping: (_p: unknown, s: Sender) => (onCall?.(s), { version: '1', ready: true }) } as never, isExt);

describe('worker transport', () => {
  it('carries a call to the worker and its answer back on the call’s own port, with the page as the sender', async () => {
    const { scope, worker, waited } = fakeWorker();
    const senders: Sender[] = [];
    const server = pingServer((s) => senders.push(s));
    serveWorkerMessages(scope, 'me', (msg, sender) => server.handle(msg, sender) ?? refuse(msg, 'background'));
    const fallbackCalls: Envelope[] = [];
    const transport = workerTransport(async () => worker, async (e) => (fallbackCalls.push(e), undefined));
    const client = createClient('background', uiToBackground, (e) => transport.send(e));
    expect(await client('ping', {})).toEqual({ ok: true, value: { version: '1', ready: true } });
    expect(await client('ping', {})).toEqual({ ok: true, value: { version: '1', ready: true } });
    expect(transport.sent).toBe(2);
    expect(fallbackCalls).toEqual([]);
    expect(senders).toEqual([
      { id: 'me', url: PAGE },
      { id: 'me', url: PAGE },
    ]);
    // The worker is kept alive until each answer is posted.
    expect(waited).toHaveLength(2);
  });

  it('validates as every transport does: a bad request is an error value, the handler not called', async () => {
    const { scope, worker } = fakeWorker();
    let called = false;
    const server = createServer('background', uiToBackground, { search: () => ((called = true), null as never) } as never, isExt);
    serveWorkerMessages(scope, 'me', (msg, sender) => server.handle(msg, sender) ?? refuse(msg, 'background'));
    const client = createClient('background', uiToBackground, workerTransport(async () => worker, async () => undefined).send);
    const res = await client('search', { query: 42 } as never);
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.code).toBe('bad-request');
    expect(called).toBe(false);
  });

  it('goes by the fallback where there is no service worker, or finding it fails', async () => {
    for (const find of [async () => null, async () => Promise.reject(new Error('SecurityError'))]) {
      const sent: Envelope[] = [];
      const transport = workerTransport(find, async (e) => (sent.push(e), { ok: true, value: { version: '1', ready: true } }));
      expect(await transport.send(env('ping'))).toEqual({ ok: true, value: { version: '1', ready: true } });
      expect(sent.map((e) => e.method)).toEqual(['ping']);
      expect(transport.sent).toBe(0);
    }
  });

  it('sends a call the fallback way when posting throws, and looks the worker up again next time', async () => {
    const { scope, worker, state } = fakeWorker();
    const server = pingServer();
    serveWorkerMessages(scope, 'me', (msg, sender) => server.handle(msg, sender) ?? refuse(msg, 'background'));
    let lookups = 0;
    const viaFallback: string[] = [];
    const transport = workerTransport(
      async () => (lookups++, worker),
      async (e) => (viaFallback.push(e.id!), { ok: true, value: { version: 'fallback', ready: true } }),
    );
    state.throwOnPost = true;
    expect(await transport.send(env('ping', {}, 'a'))).toMatchObject({ value: { version: 'fallback' } });
    state.throwOnPost = false;
    expect(await transport.send(env('ping', {}, 'b'))).toMatchObject({ value: { version: '1' } });
    expect(viaFallback).toEqual(['a']);
    expect(lookups).toBe(2);
  });

  it('fails the calls waiting on a stopped worker as disconnects when the background is gone, and the client retries them', async () => {
    const { scope, worker, state } = fakeWorker();
    const server = pingServer();
    serveWorkerMessages(scope, 'me', (msg, sender) => server.handle(msg, sender) ?? refuse(msg, 'background'));
    const transport = workerTransport(async () => worker, async () => undefined);
    // Stopped mid-call: the post is taken and never answered.
    state.stopped = true;
    const lost = transport.send(env('ping'));
    await new Promise((r) => setTimeout(r, 5));
    transport.gone();
    const e = await lost.catch((x: unknown) => x);
    expect(isDisconnect(e)).toBe(true);

    // Through a client: the retry (after the disconnect) reaches the worker started again.
    const client = createClient('background', uiToBackground, (x) => transport.send(x), { retryDelayMs: 1 });
    const call = client('ping', {});
    await new Promise((r) => setTimeout(r, 5));
    state.stopped = false;
    transport.gone();
    expect(await call).toEqual({ ok: true, value: { version: '1', ready: true } });
    expect(state.posted).toBe(3);
  });

  it('ignores what another origin posts, a post without a reply port, and foreign messages (their ports closed)', async () => {
    for (const opts of [{ origin: 'https://evil.example' }, { url: null }]) {
      const { scope, worker } = fakeWorker(opts);
      let called = false;
      serveWorkerMessages(scope, 'me', () => ((called = true), Promise.resolve({ ok: true, value: {} })));
      const { port1, port2 } = new MessageChannel();
      const got: unknown[] = [];
      port1.onmessage = (m: MessageEvent) => void got.push(m.data);
      worker.postMessage(env('ping'), [port2]);
      await new Promise((r) => setTimeout(r, 20));
      expect(called).toBe(false);
      expect(got).toEqual([]);
      port1.close();
    }
    const { scope, worker } = fakeWorker();
    const server = pingServer();
    let handled = 0;
    serveWorkerMessages(scope, 'me', (msg, sender) => (handled++, server.handle(msg, sender) ?? refuse(msg, 'background')));
    expect(() => worker.postMessage(env('ping'), [])).not.toThrow();
    const { port1, port2 } = new MessageChannel();
    const got: unknown[] = [];
    port1.onmessage = (m: MessageEvent) => void got.push(m.data);
    worker.postMessage({ hello: 'not ours' }, [port2]);
    await new Promise((r) => setTimeout(r, 20));
    expect(handled).toBe(1);
    expect(got).toEqual([]);
    port1.close();
  });

  it('refuses a page of another extension (the sender check), as a value', async () => {
    const { scope, worker } = fakeWorker({ url: 'chrome-extension://other/page.html' });
    let called = false;
    const server = pingServer(() => (called = true));
    serveWorkerMessages(scope, 'me', (msg, sender) => server.handle(msg, sender) ?? refuse(msg, 'background'));
    const res = await createClient('background', uiToBackground, workerTransport(async () => worker, async () => undefined).send)('ping', {});
    expect(res.ok).toBe(false);
    expect(called).toBe(false);
  });
  it('posts a call within its own turn once the worker was looked up ahead (prepare), and only then', async () => {
    // The browser's lookup answers as a task (here a timer), after the page's own work of that turn.
    const lookup = (worker: WorkerLike) => () => new Promise<WorkerLike>((r) => setTimeout(() => r(worker), 0));
    const microtasks = async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    // Not prepared: the first call waits for the lookup's task.
    const cold = fakeWorker();
    const coldServer = pingServer();
    serveWorkerMessages(cold.scope, 'me', (msg, sender) => coldServer.handle(msg, sender) ?? refuse(msg, 'background'));
    const coldTransport = workerTransport(lookup(cold.worker), async () => undefined);
    void coldTransport.send(env('ping'));
    await microtasks();
    expect(cold.state.posted).toBe(0);
    expect(coldTransport.lastPostAt).toBeNull();

    // Prepared: looked up once, ahead; the call is posted before any task runs.
    const warm = fakeWorker();
    const warmServer = pingServer();
    serveWorkerMessages(warm.scope, 'me', (msg, sender) => warmServer.handle(msg, sender) ?? refuse(msg, 'background'));
    let lookups = 0;
    const find = lookup(warm.worker);
    const transport = workerTransport(() => (lookups++, find()), async () => undefined);
    transport.prepare();
    transport.prepare();
    await new Promise((r) => setTimeout(r, 5));
    const before = performance.now();
    const answer = transport.send(env('ping'));
    await microtasks();
    expect(warm.state.posted).toBe(1);
    expect(transport.lastPostAt).toBeGreaterThanOrEqual(before);
    expect(await answer).toEqual({ ok: true, value: { version: '1', ready: true } });
    expect(lookups).toBe(1);
  });
});
