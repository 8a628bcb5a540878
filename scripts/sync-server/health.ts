/**
 * The server's plain-HTTP side: `GET /health` answers with a JSON status, every other request
 * with 404. (WebSocket upgrades never reach this handler; they are taken on any path.)
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** What `GET /health` returns. */
export interface Health {
  readonly ok: true;
  /** Connected automerge-repo peers. */
  readonly peers: number;
  /** Document handles in the server Repo's cache (see eviction.ts). */
  readonly documentsInMemory: number;
  /** Seconds since the server started listening. */
  readonly uptimeS: number;
  /** Resident memory of the process. */
  readonly rssBytes: number;
}

/** A request handler serving `health()` at `GET /health` (and `HEAD`), 404 elsewhere. */
export function healthHandler(health: () => Health): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      const body = JSON.stringify(health());
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end('not found\n');
  };
}
