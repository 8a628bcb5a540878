/**
 * The published `@automerge/automerge-repo-sync-server` 0.2.8, started for tests and comparisons
 * with the same interface as server.ts's `start`.
 *
 * That server reads only PORT and DATA_DIR and calls express's `app.listen(PORT)`, which binds
 * every interface; it has no host setting, no way to learn the port it got for PORT=0, and no
 * signal handling (documents are saved 100 ms after each change, and not flushed on exit). So we
 * run its own CLI (src/index.js) in a child process, with a one-line preload that makes a
 * `listen(port)` with no host bind `host` instead, and print the address it got. Its code is
 * untouched; nothing changes in this process. It runs on its own automerge-repo 1.2.1 and
 * Automerge 2.2.9 (nested under its package), which still sync with 2.5.6 clients.
 *
 * It listens before its Repo has connected its WebSocket adapter (that waits for the storage id
 * to be read from disk); a client accepted in that gap is never answered. So `start` resolves
 * only once the server has answered a probe's `join` with `peer`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { cbor } from '@automerge/automerge-repo/slim';
import WebSocket from 'ws';

/** What `start` takes (as server.ts's, without its memory settings). */
export interface PublishedServerOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly dataDir: string;
}

/** A running published server. */
export interface RunningPublishedServer {
  readonly url: string;
  readonly port: number;
  /** The address the socket is bound to, as the child reported it. */
  readonly address: string;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the child has exited. */
  close(): Promise<void>;
}

const MARK = 'COMMONPLACE_PUBLISHED_LISTENING ';

/** Runs in the child before the server: default host for `listen(port[, cb])`, report the address. */
const PRELOAD = `
import net from 'node:net';
const host = process.env.COMMONPLACE_BIND_HOST;
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const portOnly = typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\\d+$/.test(args[0]));
  if (host && portOnly && typeof args[1] !== 'string') args.splice(1, 0, host);
  this.once('listening', () => console.log(${JSON.stringify(MARK)} + JSON.stringify(this.address())));
  return listen.apply(this, args);
};
`;

/** Starts the published server; rejects if it exits or does not listen within 15 s. */
export async function start(options: PublishedServerOptions): Promise<RunningPublishedServer> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const entry = createRequire(import.meta.url).resolve('@automerge/automerge-repo-sync-server');
  const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(PRELOAD)}`, entry], {
    // Its express app serves ./public from the working directory: give it one with nothing in it.
    cwd: dataDir,
    env: { ...process.env, PORT: String(options.port ?? 3030), DATA_DIR: dataDir, COMMONPLACE_BIND_HOST: host },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));

  const bound = await new Promise<{ address: string; port: number }>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`published sync server did not listen within 15 s\n${stderr}`)), 15_000);
    void exited.then((code) => fail(new Error(`published sync server exited (${code})\n${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(MARK)) return;
      clearTimeout(timer);
      done(JSON.parse(line.slice(MARK.length)) as { address: string; port: number });
    });
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw err;
  });

  const urlHost = bound.address.includes(':') ? `[${bound.address}]` : bound.address;
  const url = `ws://${urlHost}:${bound.port}`;
  for (let attempt = 0; !(await answersJoin(url)); attempt++) {
    if (attempt >= 20 || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`published sync server at ${url} does not answer\n${stderr}`);
    }
  }

  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(force);
    }
  };
  return { url, port: bound.port, address: bound.address, close };
}

/** Whether an automerge-repo server at `url` answers a `join` with `peer` within 500 ms. */
async function answersJoin(url: string): Promise<boolean> {
  const ws = new WebSocket(url);
  const answered = await new Promise<boolean>((done) => {
    const timer = setTimeout(() => done(false), 500);
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      done(ok);
    };
    ws.on('error', () => finish(false));
    ws.on('open', () => ws.send(cbor.encode({ type: 'join', senderId: `probe-${Math.random().toString(36).slice(2)}`, peerMetadata: {}, supportedProtocolVersions: ['1'] })));
    ws.on('message', (data: Buffer) => {
      try {
        finish((cbor.decode(new Uint8Array(data)) as { type?: string }).type === 'peer');
      } catch {
        finish(false);
      }
    });
  });
  ws.terminate();
  return answered;
}
