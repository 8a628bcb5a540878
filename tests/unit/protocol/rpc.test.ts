import { describe, expect, it } from 'vitest';
import { backgroundToContent, uiToBackground } from '../../../src/protocol/protocol';
import { createClient, createServer, refuse, type Envelope, type Sender } from '../../../src/protocol/rpc';
import { AppFailure } from '../../../src/util/result';

const ext: Sender = { id: 'me', url: 'chrome-extension://me/popup.html' };
const isExt = (s: Sender) => s.id === 'me' && !!s.url?.startsWith('chrome-extension://me/');

function pair(handlers: Partial<Parameters<typeof createServer<typeof uiToBackground>>[2]>, sender = ext) {
  const server = createServer('background', uiToBackground, handlers as never, isExt);
  const client = createClient('background', uiToBackground, async (e: Envelope) => server.handle(e, sender) ?? refuse(e, 'background'));
  return { server, client };
}

describe('protocol rpc', () => {
  it('round-trips a valid call and validates the response', async () => {
    const { client } = pair({ ping: () => ({ version: '1.0.0', ready: true }) });
    expect(await client('ping', {})).toEqual({ ok: true, value: { version: '1.0.0', ready: true } });
  });

  it('rejects invalid params as an error value, without calling the handler', async () => {
    let called = false;
    const { client } = pair({ savePage: () => ((called = true), null as never) });
    const res = await client('savePage', { tabId: 'seven' as never });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.code).toBe('bad-request');
    expect(called).toBe(false);
  });

  it('returns thrown failures as values with their code', async () => {
    const { client } = pair({
      getClip: () => {
        throw new AppFailure('not-found', 'gone');
      },
    });
    const res = await client('getClip', { clipId: 'AAAAAAAAAAAAAAAAAAAAAA' as never });
    expect(res).toEqual({ ok: false, error: { code: 'not-found', message: 'gone' } });
  });

  it('refuses senders that are not extension pages', async () => {
    let called = false;
    const { client } = pair({ ping: () => ((called = true), { version: '1', ready: true }) }, { id: 'me', url: 'https://evil.example/', tab: { id: 3 } });
    const res = await client('ping', {});
    expect(res.ok).toBe(false);
    expect(called).toBe(false);
  });

  it('ignores foreign messages and other targets', () => {
    const server = createServer('background', uiToBackground, {} as never, () => true);
    expect(server.handle({ action: 'savePage' }, ext)).toBeUndefined();
    expect(server.handle({ cp: 1, to: 'content', method: 'ping', params: {} }, ext)).toBeUndefined();
    expect(server.handle({ cp: 1, to: 'background', method: '__proto__', params: {} }, ext)).toBeUndefined();
  });

  it('validates responses from an untrusted side (content script) on the client', async () => {
    const client = createClient('content', backgroundToContent, async () => ({ ok: true, value: { kind: 'page', html: 1 } }));
    const res = await client('extractPage', {});
    expect(res.ok).toBe(false);
  });

  it('retries after a disconnect and reports an interruption when it persists', async () => {
    let tries = 0;
    const flaky = createClient('background', uiToBackground, async () => {
      tries++;
      if (tries < 2) throw new Error('Could not establish connection. Receiving end does not exist.');
      return { ok: true, value: { version: '1', ready: true } };
    });
    expect((await flaky('ping', {})).ok).toBe(true);
    // Chromium's wording when the worker stops while a response is pending.
    let stopped = 0;
    const stopping = createClient('background', uiToBackground, async () => {
      if (stopped++ === 0) throw new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received');
      return { ok: true, value: { version: '1', ready: true } };
    });
    expect((await stopping('ping', {})).ok).toBe(true);
    // A stopped worker whose answer was pending: the polyfill resolves with nothing at all.
    let silent = 0;
    const silentOnce = createClient('background', uiToBackground, async () => (silent++ === 0 ? undefined : { ok: true, value: { version: '1', ready: true } }));
    expect(await silentOnce('ping', {})).toMatchObject({ ok: true });
    expect(silent).toBe(2);
    const dead = createClient('background', uiToBackground, async () => {
      throw new Error('The message port closed before a response was received.');
    });
    const res = await dead('ping', {});
    expect(!res.ok && res.error.code).toBe('interrupted');
  });

  describe('watchdog', () => {
    const pong = { ok: true, value: { version: '1', ready: true } };

    it('re-sends a call the receiver no longer has (a message lost to a worker stopped while starting)', async () => {
      const sent: Envelope[] = [];
      const asked: string[] = [];
      const client = createClient(
        'background',
        uiToBackground,
        (e) => {
          sent.push(e);
          // The first message is never answered: it landed on a worker that was then killed.
          return sent.length === 1 ? new Promise(() => undefined) : Promise.resolve(pong);
        },
        { watchdog: { afterMs: 10, resends: 3, ask: async (id) => (asked.push(id), false) } },
      );
      expect(await client('ping', {})).toMatchObject({ ok: true });
      expect(sent).toHaveLength(2);
      // One call: every attempt and every question carries the same id.
      expect(new Set([...sent.map((e) => e.id), ...asked]).size).toBe(1);
    });

    it('keeps waiting while the receiver says the call is still being handled', async () => {
      let sends = 0;
      let asks = 0;
      let answer!: () => void;
      // Answered only after five questions, more than its re-sends: counted, not timed (an answer 80 ms
      // later found a single question on a loaded machine, 2026-12-07).
      const client = createClient(
        'background',
        uiToBackground,
        () => (sends++, new Promise((r) => (answer = () => r(pong)))),
        { watchdog: { afterMs: 10, resends: 3, ask: async () => (++asks === 5 && answer(), true) } },
      );
      expect(await client('ping', {})).toMatchObject({ ok: true });
      expect(sends).toBe(1);
      expect(asks).toBeGreaterThanOrEqual(5);
    });

    it('gives up with an interruption after its re-sends, never hanging', async () => {
      let sends = 0;
      const client = createClient('background', uiToBackground, () => (sends++, new Promise(() => undefined)), {
        watchdog: { afterMs: 5, resends: 3, ask: async () => false },
      });
      const res = await client('ping', {});
      expect(res).toMatchObject({ ok: false, error: { code: 'interrupted' } });
      expect(sends).toBe(4);
    });

    it('a server knows which calls it is handling, by envelope id', async () => {
      let release!: () => void;
      const server = createServer('background', uiToBackground, { ping: () => new Promise((r) => (release = () => r({ version: '1', ready: true }))) } as never, () => true);
      const answer = server.handle({ cp: 1, to: 'background', method: 'ping', params: {}, id: 'call-1' }, {});
      expect(server.inFlight('call-1')).toBe(true);
      expect(server.inFlight('call-2')).toBe(false);
      release();
      await answer;
      expect(server.inFlight('call-1')).toBe(false);
    });

    it('an unknown error code from the other side is not trusted', async () => {
      const client = createClient('background', uiToBackground, async () => ({ ok: false, error: { code: 'made-up', message: 'x' } }));
      expect(await client('ping', {})).toEqual({ ok: false, error: { code: 'internal', message: 'x' } });
    });
  });
});
