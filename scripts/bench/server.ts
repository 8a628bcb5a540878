/**
 * One loopback HTTP server for a corpus folder: each page's source.html at /<name>/
 * (any query string), a synthetic warm-up article at /__warmup/, 404 for everything
 * else. Listens on 127.0.0.1 only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

export interface CorpusPage {
  readonly name: string;
  readonly dir: string;
}

export function listCorpus(dir: string): CorpusPage[] {
  const root = resolve(dir);
  if (!existsSync(root)) throw new Error(`corpus folder not found: ${root}`);
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'source.html')))
    .map((d) => ({ name: d.name, dir: join(root, d.name) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const WARMUP_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Warm-up article</title></head>
<body><header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header><article><h1>Warm-up article</h1>
${Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i + 1}: a warm-up paragraph with enough ordinary words in it, about ships, weather, harbours and the people who keep lighthouses, so that Readability takes it for the article body of this page.</p>`).join('\n')}
</article><footer>Footer text</footer></body></html>`;

export interface CorpusServer {
  readonly origin: string;
  /** URL of a page; `run` becomes `?run=N` (not a tracking parameter, so every run is a new clip). */
  url(name: string, run?: number | string): string;
  /** The name of the page a URL of this server shows (`url`'s inverse), or null. */
  pageOf(url: string): string | null;
  readonly requests: { ok: number; notFound: number };
  close(): Promise<void>;
}

/** `standIn`: bytes to answer for a path that is no page (bench:clip's `--synthetic-images`), else a 404. */
export async function serveCorpus(pages: readonly CorpusPage[], standIn?: (path: string) => Buffer | null): Promise<CorpusServer> {
  const byName = new Map(pages.map((p) => [p.name, p]));
  const cache = new Map<string, Buffer>();
  const requests = { ok: 0, notFound: 0 };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const m = /^\/([^/]+)\/$/.exec(path);
    const name = m ? decodeURIComponent(m[1]!) : null;
    let body: Buffer | null = null;
    if (name === '__warmup') body = Buffer.from(WARMUP_HTML);
    else if (name && byName.has(name)) {
      body = cache.get(name) ?? readFileSync(join(byName.get(name)!.dir, 'source.html'));
      cache.set(name, body);
    }
    const image = !body && req.method === 'GET' ? (standIn?.(path) ?? null) : null;
    if (image) {
      requests.ok++;
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length, 'cache-control': 'no-store' });
      res.end(image);
      return;
    }
    if (!body || (req.method !== 'GET' && req.method !== 'HEAD')) {
      requests.notFound++;
      res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
      res.end('not found');
      return;
    }
    requests.ok++;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    url: (name, run) => `${origin}/${encodeURIComponent(name)}/${run === undefined ? '' : `?run=${run}`}`,
    pageOf: (url) => {
      if (!url.startsWith(`${origin}/`)) return null;
      const m = /^\/([^/]+)\/$/.exec(new URL(url).pathname);
      return m ? decodeURIComponent(m[1]!) : null;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
