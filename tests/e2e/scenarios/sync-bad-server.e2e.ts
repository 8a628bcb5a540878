/**
 * A server that misbehaves — sends garbage frames, closes mid-message, never answers, or
 * speaks another protocol — never crashes the background and never touches local documents:
 * the status says what is wrong, and saving and reading keep working.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { browsersUnderTest } from '../harness/driver';
import { poll } from '../harness/poll';
import { must, useWorld } from '../harness/steps';

type Behaviour = 'garbage' | 'close-mid-message' | 'silent' | 'http-only';

/** A loopback server that behaves badly in one way, for every connection. */
async function badServer(behaviour: Behaviour): Promise<{ url: string; close(): Promise<void> }> {
  const http: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<h1>Not a sync server</h1>');
  });
  if (behaviour !== 'http-only') {
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (socket) => {
      if (behaviour === 'silent') return;
      if (behaviour === 'garbage') {
        socket.send(Buffer.from([0xff, 0x00, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef]));
        socket.send('{"type":"peer","senderId":');
        socket.send(Buffer.alloc(64 * 1024, 0xa5));
        return;
      }
      socket.on('message', () => {
        // Answers the join with half of a CBOR map, then drops the connection.
        socket.send(Buffer.from([0xa3, 0x64, 0x74, 0x79, 0x70, 0x65]));
        socket.terminate();
      });
    });
  }
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => http.close(() => resolve())) };
}

for (const name of browsersUnderTest()) {
  describe(`${name}: a misbehaving sync server`, () => {
    const world = useWorld(name);
    const servers: Array<{ url: string; close(): Promise<void> }> = [];
    beforeAll(async () => {
      for (const b of ['garbage', 'close-mid-message', 'silent', 'http-only'] as const) servers.push(await badServer(b));
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.close()));
    });

    it('leaves the background running and the library intact, and says it is not syncing', async () => {
      const { driver, site } = world();
      const page = await driver.openPage(site.url('/article.html'));
      const before = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
      await must(driver, 'setSync', { enabled: true, servers: servers.map((s) => s.url) });
      const status = await poll(
        async () => {
          const s = await must(driver, 'syncStatus', {});
          return s.servers.every((x) => x.state === 'offline' || x.state === 'error') ? s : null;
        },
        { timeout: 20_000, interval: 250, message: 'every bad server shown as offline or in error' },
      );
      expect(status.state).toMatch(/offline|error/);
      expect(status.message.length).toBeGreaterThan(10);
      // The background kept working through all of it: saving and reading as before.
      const again = await must(driver, 'savePage', { tabId: await driver.tabIdOf(page) });
      expect(again).toMatchObject({ created: false, clip: { id: before.clip.id } });
      expect((await must(driver, 'getClip', { clipId: before.clip.id })).text).toContain('tide');
      const page2 = await driver.openPage(site.url('/article-2.html'));
      expect((await must(driver, 'savePage', { tabId: await driver.tabIdOf(page2) })).created).toBe(true);
      await must(driver, 'setSync', { enabled: false, servers: [] });
      expect((await must(driver, 'syncStatus', {})).state).toBe('off');
      await Promise.all([page.close(), page2.close()]);
    });
  });
}
