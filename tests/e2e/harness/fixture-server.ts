/**
 * Local HTTP servers for e2e tests: the fixture site the browser opens, and a
 * second "remote internet" server that hostile fixtures point at, so a test can
 * prove that saving or reading a clip fetched nothing from it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tinyPdf, tinyPng, tinyWav } from './binary';
import { bigArticleHtml, longArticleHtml, plainText, slowArticleHtml } from './generated';
import { imageRoute } from './image-fixtures';

/** Directory of the static fixture pages. */
export const FIXTURE_PAGES_DIR = fileURLToPath(new URL('../../fixtures/pages/', import.meta.url));

/** A running test server. */
export interface TestServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly origin: string;
  /** Absolute URL of `path` on this server (`url('/a.html')` or `url('a.html')`). */
  url(path: string): string;
  /**
   * Path and query of every request received, in arrival order (live array;
   * clear it with `requests.length = 0`).
   */
  readonly requests: string[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Options for {@link startFixtureServer}. */
export interface FixtureServerOptions {
  /**
   * Origin substituted for `{{REMOTE}}` in fixture files, normally a
   * {@link startRemoteServer} origin. Default `http://remote.invalid` (never resolves).
   */
  remoteOrigin?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};
const TEXT_EXTENSIONS = new Set(['.html', '.css', '.js', '.txt', '.svg', '.json']);

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, host, () => ok());
  });
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

function testServer(server: Server, origin: string, requests: string[]): TestServer {
  return {
    origin,
    requests,
    url: (path) => new URL(path, `${origin}/`).href,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function statusPage(code: number): string {
  return `<!doctype html><html lang="en"><head><title>Status ${code}</title></head><body><h1>Status ${code}</h1><p>This fixture always answers ${code}.</p></body></html>`;
}

/**
 * Starts the fixture site on 127.0.0.1 (random port). It serves
 * `tests/fixtures/pages/*` with `{{ORIGIN}}` and `{{REMOTE}}` replaced at serve
 * time, and these generated routes:
 * - `/big.html`: a ~10 MB readable article (thousands of paragraphs)
 * - `/long.html`: an ~80 KB readable article (many screens)
 * - `/file.pdf` (application/pdf), `/image.png` (image/png), `/tone.wav` (audio/wav, 0.25 s), `/plain.txt` (text/plain)
 * - `/status/NNN`: an HTML page answered with status NNN (e.g. 404, 500)
 * - `/slow?ms=N`: an article page answered after N ms (at most 120 000)
 * - `/images/*.html` and `/img/*`: pages full of images and the images (image-fixtures.ts)
 */
export async function startFixtureServer(opts: FixtureServerOptions = {}): Promise<TestServer> {
  const requests: string[] = [];
  const remote = opts.remoteOrigin ?? 'http://remote.invalid';
  let origin = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '/';
    requests.push(target);
    void route(new URL(target, origin), req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `fixture server error: ${String(e)}`);
      else res.destroy();
    });
  });

  async function route(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(url.pathname);
    if (path === '/big.html') return send(res, 200, CONTENT_TYPES['.html']!, bigArticleHtml());
    if (path === '/long.html') return send(res, 200, CONTENT_TYPES['.html']!, longArticleHtml());
    if (path === '/file.pdf') return send(res, 200, 'application/pdf', tinyPdf());
    if (path === '/image.png') return send(res, 200, 'image/png', tinyPng());
    if (path === '/tone.wav') return send(res, 200, 'audio/wav', tinyWav());
    if (path === '/plain.txt') return send(res, 200, CONTENT_TYPES['.txt']!, plainText());
    const status = /^\/status\/([1-5]\d\d)$/.exec(path);
    if (status) return send(res, Number(status[1]), CONTENT_TYPES['.html']!, statusPage(Number(status[1])));
    if (path === '/slow') {
      const ms = Math.min(Math.max(Number(url.searchParams.get('ms')) || 0, 0), 120_000);
      const timer = setTimeout(() => send(res, 200, CONTENT_TYPES['.html']!, slowArticleHtml(ms)), ms);
      req.once('close', () => clearTimeout(timer));
      return;
    }
    if (imageRoute(url, req, res, remote)) return;
    const file = resolve(FIXTURE_PAGES_DIR, `.${path === '/' ? '/index.html' : path}`);
    if (!file.startsWith(FIXTURE_PAGES_DIR.endsWith(sep) ? FIXTURE_PAGES_DIR : FIXTURE_PAGES_DIR + sep)) {
      return send(res, 403, 'text/plain', 'outside the fixture directory');
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, CONTENT_TYPES['.html']!, statusPage(404));
    }
    const ext = extname(file);
    const type = CONTENT_TYPES[ext] ?? 'application/octet-stream';
    if (!TEXT_EXTENSIONS.has(ext)) return send(res, 200, type, body);
    const text = body.toString('utf8').replaceAll('{{ORIGIN}}', origin).replaceAll('{{REMOTE}}', remote);
    send(res, 200, type, text);
  }

  origin = await listen(server, '127.0.0.1');
  return testServer(server, origin, requests);
}

/**
 * Starts the stand-in for "the remote internet" on its own port. It answers
 * everything plausibly (`*.png` an image, `*.css` an empty stylesheet, `*.js` a
 * script setting `window.__remoteScriptRan`, `*.html` a small page, anything else
 * 204) and records every request. Note: a hostile page opened in a tab loads its
 * remote resources itself; record a baseline after the page loads, then assert
 * that saving or reading added nothing.
 */
export async function startRemoteServer(): Promise<TestServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const target = req.url ?? '/';
    requests.push(target);
    const ext = extname(new URL(target, 'http://x').pathname);
    if (ext === '.png') return send(res, 200, 'image/png', tinyPng(4));
    if (ext === '.css') return send(res, 200, CONTENT_TYPES['.css']!, '/* remote stylesheet */\n');
    if (ext === '.js') return send(res, 200, CONTENT_TYPES['.js']!, 'window.__remoteScriptRan = true;\n');
    if (ext === '.html') {
      return send(res, 200, CONTENT_TYPES['.html']!, '<!doctype html><title>Remote</title><p>Remote content that must never be fetched by the extension.</p>');
    }
    res.writeHead(204, { 'cache-control': 'no-store' });
    res.end();
  });
  const origin = await listen(server, '127.0.0.1');
  return testServer(server, origin, requests);
}
