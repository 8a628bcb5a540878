/**
 * bench:sync's floor: the same clips' bytes (article HTML + text, UTF-8, and with
 * --images-per-clip their images' bytes) sent over a plain
 * `ws` WebSocket on loopback from this process to a receiver in another Node process (as the
 * browsers and the server are separate processes), which writes each clip to its own file
 * (in order, one `writeFile` per clip) and answers once the last one is written.
 * rawTransferMs runs from the first send to that answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { ROOT, TimeoutError, withTimeout } from './browser';

const RECEIVER = (wsUrl: string) => `
const { WebSocketServer } = (await import(${JSON.stringify(wsUrl)})).default;
const { writeFile } = await import('node:fs/promises');
const { join } = await import('node:path');
const dir = process.argv[1];
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1 << 30 });
wss.on('listening', () => process.stdout.write('PORT ' + wss.address().port + '\\n'));
wss.on('connection', (ws) => {
  let n = 0, bytes = 0;
  let chain = Promise.resolve();
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      const want = Number(String(data).slice(4));
      chain = chain.then(() => ws.send('ack ' + n + ' ' + bytes + ' ' + want));
      return;
    }
    const i = n++;
    bytes += data.length;
    chain = chain.then(() => writeFile(join(dir, 'clip-' + i + '.bin'), data));
  });
});
`;

export interface RawRun {
  readonly ms: number;
  readonly bytes: number;
  readonly clips: number;
}

/** Sends `clips` clips, cycling through `articles`' bytes, to a fresh receiver; returns the time until every clip is on disk. */
export async function rawTransfer(articles: ReadonlyArray<{ html: string; text: string }>, clips: number, timeoutMs: number, track?: (child: ChildProcess) => void, extraBytesPerClip = 0): Promise<RawRun> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-bench-raw-'));
  const wsPath = createRequire(join(ROOT, 'package.json')).resolve('ws');
  const child = spawn(process.execPath, ['--input-type=module', '-e', RECEIVER(pathToFileURL(wsPath).href), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  track?.(child);
  try {
    const port = await withTimeout(
      new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /PORT (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.once('exit', (code) => reject(new Error(`the raw receiver exited (${code})`)));
      }),
      20_000,
      'starting the raw receiver',
    );
    // Encoded once per distinct article (outside the timing): [u32 html bytes][html][text][images].
    // `extraBytesPerClip`: the clip's images, random bytes (incompressible, as images are).
    const images = randomBytes(extraBytesPerClip);
    const frames = articles.map((a) => {
      const html = Buffer.from(a.html, 'utf8');
      const text = Buffer.from(a.text, 'utf8');
      const head = Buffer.alloc(4);
      head.writeUInt32LE(html.length);
      return Buffer.concat([head, html, text, images]);
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { maxPayload: 1 << 30 });
    await withTimeout(new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject))), 20_000, 'connecting to the raw receiver');
    const acked = new Promise<string>((resolve, reject) => {
      ws.on('message', (d) => resolve(String(d)));
      ws.once('close', () => reject(new Error('the raw receiver closed the connection')));
    });
    let bytes = 0;
    const t0 = performance.now();
    for (let i = 0; i < clips; i++) {
      const f = frames[i % frames.length]!;
      bytes += f.length;
      ws.send(f);
    }
    ws.send(`end:${clips}`);
    const answer = await withTimeout(acked, timeoutMs, 'raw transfer');
    const ms = performance.now() - t0;
    const [, got] = answer.split(' ');
    if (Number(got) !== clips) throw new Error(`the raw receiver wrote ${got} of ${clips} clips`);
    ws.close();
    return { ms, bytes, clips };
  } catch (e) {
    if (e instanceof TimeoutError) throw new Error(`raw transfer: ${e.message}`);
    throw e;
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
