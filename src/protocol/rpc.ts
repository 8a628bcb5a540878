import type { z } from '../schema/zod';
import { err, isErrorCode, ok, toAppError, type Result } from '../util/result';
import type { CallMap, Target } from './protocol';

/**
 * The wire envelope. `cp` marks our messages so other listeners can ignore foreign ones;
 * `id` names one call across its retries, so the watchdog can ask whether it is still
 * being handled (`callStatus`).
 */
export interface Envelope {
  readonly cp: 1;
  readonly to: Target;
  readonly method: string;
  readonly params: unknown;
  readonly id?: string;
}

/**
 * Content scripts are called through `scripting.executeScript` rather than runtime
 * messages: the script installs an endpoint (a `createServer` server) on its isolated
 * global under this name, and the background's transport calls it. Only the extension
 * can execute scripts in a tab, so the channel itself authenticates the caller; the
 * endpoint validates every request and the background validates every answer.
 */
export const CONTENT_GLOBAL = '__commonplaceContent';
export interface ContentEndpoint {
  handle(envelope: unknown): Promise<unknown>;
}

/** The parts of `runtime.MessageSender` the checks use. */
export interface Sender {
  readonly id?: string;
  readonly url?: string;
  readonly tab?: { readonly id?: number; readonly incognito?: boolean };
  readonly frameId?: number;
}

export type Req<M extends CallMap, K extends keyof M> = z.input<M[K]['req']>;
export type Res<M extends CallMap, K extends keyof M> = z.output<M[K]['res']>;
export type Handlers<M extends CallMap> = {
  [K in keyof M]: (params: z.output<M[K]['req']>, sender: Sender) => Promise<Res<M, K>> | Res<M, K>;
};
export type Client<M extends CallMap> = <K extends keyof M & string>(method: K, params: Req<M, K>) => Promise<Result<Res<M, K>>>;

/** A server for one direction: see {@link createServer}. */
export interface Server {
  handle(msg: unknown, sender: Sender): Promise<Result<unknown>> | undefined;
  /** Whether a call with this envelope id is being handled right now (the watchdog's question). */
  inFlight(id: string): boolean;
}

function isEnvelope(msg: unknown): msg is Envelope {
  const m = msg as Partial<Envelope> | null;
  return !!m && typeof m === 'object' && m.cp === 1 && typeof m.to === 'string' && typeof m.method === 'string';
}

/**
 * A server for one direction. `handle` returns undefined for messages that are not
 * its own — foreign, another target, an unknown method, or a sender it does not
 * serve — so another server may answer them (see `refuse`), and otherwise a promise
 * of a `Result`: it never rejects, and handler exceptions become error values.
 * Requests are validated against the call's schema before the handler runs.
 */
export function createServer<M extends CallMap>(target: Target, map: M, handlers: Handlers<M>, senderAllowed: (sender: Sender) => boolean): Server {
  const running = new Map<string, number>();
  return {
    inFlight: (id) => (running.get(id) ?? 0) > 0,
    handle(msg, sender) {
      if (!isEnvelope(msg) || msg.to !== target || !Object.hasOwn(map, msg.method)) return undefined;
      if (!senderAllowed(sender)) return undefined;
      const spec = map[msg.method]!;
      const parsed = spec.req.safeParse(msg.params ?? {});
      if (!parsed.success) return Promise.resolve(err('bad-request', `Invalid ${msg.method} request: ${describeIssue(parsed.error)}`));
      const handler = handlers[msg.method as keyof M]!;
      const id = typeof msg.id === 'string' ? msg.id : null;
      if (id) running.set(id, (running.get(id) ?? 0) + 1);
      return (async () => {
        try {
          return ok(await handler(parsed.data as never, sender));
        } catch (e) {
          return { ok: false as const, error: toAppError(e) };
        } finally {
          if (id) {
            const n = (running.get(id) ?? 1) - 1;
            if (n > 0) running.set(id, n);
            else running.delete(id);
          }
        }
      })();
    },
  };
}

function describeIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'bad shape';
  const where = issue.path.length ? ` (at ${issue.path.join('.')})` : '';
  return `${issue.message}${where}`;
}

/** The answer for one of our envelopes that no server would take: refused, as a value. */
export function refuse(msg: unknown, target: Target): Promise<Result<never>> | undefined {
  return isEnvelope(msg) && msg.to === target ? Promise.resolve(err('bad-request', `Message refused: ${msg.method} is not served to this sender.`)) : undefined;
}

/** Transport errors that mean "the other side went away": a stopped worker, a closed tab. */
export function isDisconnect(e: unknown): boolean {
  const text = e instanceof Error ? e.message : String(e);
  return /Receiving end does not exist|message port closed|message channel closed|Could not establish connection|disconnected|context invalidated|Extension context|Actor .* destroyed|Message manager disconnected|Conduits/i.test(
    text,
  );
}

/** How a client recovers from a stopped receiver. */
export interface ClientOptions {
  /** Re-sends after a disconnect: safe because every background call is idempotent. */
  readonly retries?: number;
  readonly retryDelayMs?: number;
  /**
   * A call with no answer after `afterMs` asks the receiver (`ask`) whether it is still
   * handling it; when it is not (the receiver was stopped while starting, and the message
   * will never be answered), the call is sent again, at most `resends` times; after that a
   * lost call ends as an `interrupted` error. Either way the caller gets an answer.
   */
  readonly watchdog?: { readonly afterMs: number; readonly resends: number; readonly ask: (callId: string) => Promise<boolean> };
}

const newCallId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A client for one direction over any `send` transport. Responses are validated
 * against the response schema; a transport failure becomes an `interrupted` error.
 */
export function createClient<M extends CallMap>(target: Target, map: M, send: (envelope: Envelope) => Promise<unknown>, opts: ClientOptions = {}): Client<M> {
  const { retries = 3, retryDelayMs = 100, watchdog } = opts;
  return (async (method: string, params: unknown) => {
    const envelope: Envelope = { cp: 1, to: target, method, params, id: newCallId() };
    let resends = 0;
    for (let attempt = 0; ; attempt++) {
      let raw: unknown;
      try {
        const answer = await sendWatched(envelope);
        if (answer === LOST) {
          if (resends >= (watchdog?.resends ?? 0)) return err('interrupted', `Commonplace's ${target} lost this request ${resends + 1} times. Try again.`);
          resends++;
          attempt = -1;
          continue;
        }
        raw = answer;
        // Every server answers our envelopes with a Result. Nothing at all means the other side went
        // away with the answer pending (webextension-polyfill turns Chromium's "message port closed
        // before a response was received" into `undefined`): a disconnect like any other.
        if (raw === undefined) throw new Error('The message port closed before a response was received.');
      } catch (e) {
        if (attempt < retries && isDisconnect(e)) {
          // Give a stopping worker time to go, so the retry starts a fresh one.
          await delay(retryDelayMs * 2 ** attempt);
          continue;
        }
        return err('interrupted', `Commonplace's ${target} stopped before answering (${e instanceof Error ? e.message : String(e)}). Try again.`);
      }
      return parseResult(map, method, raw);
    }

    /** Sends once; with a watchdog, settles with LOST when the receiver says it is not handling the call. */
    function sendWatched(env: Envelope): Promise<unknown> {
      const sent = send(env);
      if (!watchdog) return sent;
      let settled = false;
      void sent.then(
        () => (settled = true),
        () => (settled = true),
      );
      const lost = (async () => {
        for (;;) {
          await delay(watchdog.afterMs);
          if (settled) return new Promise<never>(() => undefined);
          const running = await watchdog.ask(env.id!).catch(() => false);
          if (settled) return new Promise<never>(() => undefined);
          if (!running) return LOST;
        }
      })();
      return Promise.race([sent, lost]);
    }
  }) as Client<M>;
}

const LOST: unique symbol = Symbol('lost');

function parseResult<M extends CallMap>(map: M, method: string, raw: unknown): Result<never> | Result<unknown> {
  const r = raw as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') {
    return err('interrupted', 'No answer came back (the other side may have restarted). Try again.');
  }
  if (!r.ok) {
    const message = typeof r.error?.message === 'string' ? r.error.message : 'Unknown error';
    return err(isErrorCode(r.error?.code) ? r.error.code : 'internal', message);
  }
  const parsed = map[method]!.res.safeParse(r.value);
  return parsed.success ? ok(parsed.data) : err('bad-request', `Malformed ${method} response: ${describeIssue(parsed.error)}`);
}
