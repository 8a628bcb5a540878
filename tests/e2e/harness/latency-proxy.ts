/**
 * A TCP relay in front of a sync server that stands for a distant one (every byte held a fixed
 * time each way), and that can lose some of what the browser sends: exactly its messages about
 * documents it had not mentioned before (`holdNewDocuments`), read from the WebSocket frames
 * the browser sends.
 */
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { cbor } from '@automerge/automerge-repo/slim';

/** A TCP relay in front of a server that delays every byte by a fixed time each way (a distant server). */
export interface LatencyProxy {
  /** `ws://127.0.0.1:PORT`: the server's address through the relay. */
  readonly url: string;
  /**
   * From now until `unblock()`, drops every message the browser sends about a document it had
   * not sent anything about through this relay before: its request for a document new to it
   * never reaches the server, however often it asks, while every exchange about the documents
   * it already shared goes on as usual (both ways). Dropping all of its bytes instead left
   * automerge's exchanges half done: a catalog or root change from another browser sometimes
   * needed this browser's answer before the server sent it (a CI failure, stop 33; 1 round in 8
   * here).
   */
  holdNewDocuments(): void;
  /** Cuts the line: open connections are dropped (bytes still held are lost) and new ones are refused, until `unblock()`. */
  block(): void;
  unblock(): void;
  close(): Promise<void>;
}

/**
 * Splits the bytes a WebSocket client sends (its HTTP upgrade request, then masked frames) into
 * pieces to forward, and tells which frames to drop: `drop(payload)` sees each whole data frame's
 * unmasked payload. The upgrade request and control frames always pass.
 */
export class ClientFrames {
  private pending = Buffer.alloc(0);
  private upgraded = false;

  constructor(private readonly drop: (payload: Buffer) => boolean) {}

  /** The bytes of `chunk` (with what was held from earlier chunks) to forward now, in order. */
  feed(chunk: Buffer): Buffer[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    if (!this.upgraded) {
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return out;
      out.push(this.pending.subarray(0, end + 4));
      this.pending = this.pending.subarray(end + 4);
      this.upgraded = true;
    }
    for (let frame = this.nextFrame(); frame; frame = this.nextFrame()) {
      if (!frame.data || !this.drop(frame.data)) out.push(frame.bytes);
    }
    return out;
  }

  /** The next whole frame held (its bytes, and its payload when it is a data frame), or null. */
  private nextFrame(): { bytes: Buffer; data: Buffer | null } | null {
    const b = this.pending;
    if (b.length < 2) return null;
    const opcode = b[0]! & 0x0f;
    const masked = (b[1]! & 0x80) !== 0;
    let len = b[1]! & 0x7f;
    let at = 2;
    if (len === 126) {
      if (b.length < 4) return null;
      len = b.readUInt16BE(2);
      at = 4;
    } else if (len === 127) {
      if (b.length < 10) return null;
      len = Number(b.readBigUInt64BE(2));
      at = 10;
    }
    const maskAt = at;
    if (masked) at += 4;
    if (b.length < at + len) return null;
    const bytes = b.subarray(0, at + len);
    this.pending = b.subarray(at + len);
    // Text and binary frames, whole (FIN set): a browser sends each automerge-repo message as one.
    if ((opcode !== 1 && opcode !== 2) || (b[0]! & 0x80) === 0) return { bytes, data: null };
    const data = Buffer.from(b.subarray(at, at + len));
    if (masked) for (let i = 0; i < data.length; i++) data[i]! ^= b[maskAt + (i % 4)]!;
    return { bytes, data };
  }
}

/** The document an automerge-repo message is about (undefined for `join` and other peer messages, or what does not decode). */
function documentOf(payload: Buffer): string | undefined {
  try {
    const message = cbor.decode(new Uint8Array(payload)) as { documentId?: unknown } | null;
    return typeof message?.documentId === 'string' ? message.documentId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Relays `ws://127.0.0.1:PORT` to `target` (a `ws://` URL), holding every chunk `oneWayMs`
 * in each direction, in order. A server `oneWayMs` × 2 away: its WebSocket upgrade and
 * automerge-repo's join/peer exchange take two round trips before the first document moves
 * (over TLS, two more: a `wss://` server 300 ms away takes over a second to answer).
 */
export async function startLatencyProxy(target: string, oneWayMs: number): Promise<LatencyProxy> {
  const to = new URL(target);
  if (to.protocol !== 'ws:') throw new Error(`startLatencyProxy: only ws:// targets (got ${target})`);
  const sockets = new Set<Socket>();
  let blocked = false;
  let holding = false;
  // Every document the browser sent something about, on any connection through the relay.
  const shared = new Set<string>();
  const dropNew = (payload: Buffer) => {
    const doc = documentOf(payload);
    if (doc === undefined) return false;
    if (holding) return !shared.has(doc);
    shared.add(doc);
    return false;
  };
  const delayed = (from: Socket, into: Socket, frames: ClientFrames | null) => {
    let last = 0;
    const forward = (piece: Buffer) => {
      const at = Math.max(Date.now() + oneWayMs, last);
      last = at;
      setTimeout(() => into.destroyed || into.write(piece), at - Date.now());
    };
    from.on('data', (chunk: Buffer) => {
      if (!frames) return forward(chunk);
      for (const piece of frames.feed(chunk)) forward(piece);
    });
    from.on('end', () => setTimeout(() => into.end(), Math.max(0, last - Date.now())));
    from.on('error', () => into.destroy());
    from.on('close', () => setTimeout(() => into.destroy(), Math.max(0, last - Date.now())));
  };
  const server = createNetServer((client) => {
    if (blocked) return void client.destroy();
    const upstream = connect(Number(to.port), to.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    delayed(client, upstream, new ClientFrames(dropNew));
    delayed(upstream, client, null);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holdNewDocuments: () => {
      holding = true;
    },
    block: () => {
      blocked = true;
      for (const s of sockets) s.destroy();
    },
    unblock: () => {
      blocked = false;
      holding = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
