/**
 * `--timeout <s>` (scripts/cli/args.ts) accepts any finite number above 0, and every wait is a
 * `setTimeout(…, timeoutS * 1000)` (scripts/cli/server.ts `probe`, `connectRepo`;
 * src/export/repo-source.ts `findWithin`). Node fires a timer of more than 2^31-1 ms (24.8
 * days) after 1 ms (TimeoutOverflowWarning), so asking for a longer wait (e.g. "wait as long
 * as it takes": --timeout 99999999) makes every wait end at once with "no answer within
 * 99999999 s".
 */
import { createServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { captureIo } from '../export/helpers';

let dir: string;
let port: number;
const sockets = new Set<Socket>();
// A server that accepts the connection and then says nothing (a slow or busy sync server).
const silent = createServer((s) => {
  sockets.add(s);
  s.on('error', () => undefined);
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-xrev-timeout-'));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  port = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('--timeout', () => {
  it('a very long --timeout either is refused as a usage error or waits, never gives up at once', async () => {
    const io = captureIo();
    const run = main(['read', '--server', `ws://127.0.0.1:${port}`, '--library', 'automerge:2j9knpCseyhnK8izDmLpGP5WMdZQ', '--out', join(dir, 'site'), '--timeout', '99999999', '--quiet'], io);
    let settled = false;
    void run.finally(() => (settled = true));
    // Until the command has reached the server (loading jsdom and Automerge comes first).
    while (sockets.size === 0 && !settled) await new Promise((r) => setTimeout(r, 20));
    const early = await Promise.race([run, new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 1_000))]);
    // Refused (2), or still waiting for the server after a second: both keep the user's word.
    expect(early === 2 || early === 'still waiting' ? 'ok' : `exit ${String(early)}: ${io.errors.join(' ')}`).toBe('ok');
    // End the wait: the server goes away.
    for (const s of sockets) s.destroy();
    await run;
  });
});
