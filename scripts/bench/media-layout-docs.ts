/**
 * media-layout.ts's helpers: the synthetic library (articles as raw-DEFLATE bytes, images of
 * incompressible bytes), the two ways of sharding it into documents, and the measuring tools
 * (bytes on the wire through one network adapter, bytes of a folder, a bounded pool, waiting on
 * a server's acknowledged heads).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { DocHandle, NetworkAdapter, Repo, StorageId } from '@automerge/automerge-repo';
import { CONTENT_BYTES_PER_SHARD, CONTENT_ITEMS_PER_SHARD } from '../../src/schema/content-doc';
import { MEDIA_BYTES_PER_SHARD, MEDIA_PART_BYTES, type MediaItemV1 } from '../../src/schema/media-doc';

/** One synthetic clip: its article (compressed HTML) and its images. */
export interface Clip {
  id: string;
  html: Uint8Array;
  bytes: number;
  images: { blob: string; data: Uint8Array }[];
}

/** An image part as both layouts store it: the media document's item (src/schema/media-doc.ts) without the fields this comparison does not vary. */
export type Part = Omit<MediaItemV1, 'kind' | 'rev' | 'clip'> & { clip: string };

/** A document to create: its kind, and its changes in order (one per save, as the library writes them). */
export interface DocPlan {
  kind: 'content' | 'media';
  /** Each change adds these items (key → value) to `items`. */
  changes: Record<string, unknown>[];
  /** Items it holds when complete (the reader waits for all of them). */
  items: number;
  bytes: number;
}

/** xorshift32: deterministic noise, incompressible as real (already compressed) images are. */
export function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}

const WORDS = Array.from({ length: 3000 }, (_, i) => {
  const b = noise(3 + (i % 9), i + 7);
  return Array.from(b, (c) => String.fromCharCode(97 + (c % 26))).join('');
});

/** Article HTML of about `words` words, varied by `seed`. */
function articleHtml(words: number, seed: number): string {
  const r = noise(words * 2, seed);
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const w = WORDS[(r[2 * i]! * 256 + r[2 * i + 1]!) % WORDS.length]!;
    out.push(i % 60 === 0 ? `</p><p>${w}` : w);
  }
  return `<article><p>${out.join(' ')}</p></article>`;
}

/** `n` clips (numbered from `first`), each an article of about `articleBytes` compressed and `k` images of `imageBytes`. */
export function makeClips(n: number, k: number, imageBytes: number, articleBytes = 7000, first = 0): Clip[] {
  // Calibrate words → compressed bytes once, on a sample.
  const sample = deflateRawSync(Buffer.from(articleHtml(2000, 1))).byteLength / 2000;
  const words = Math.max(10, Math.round(articleBytes / sample));
  return Array.from({ length: n }, (_, at) => {
    const i = first + at;
    const raw = Buffer.from(articleHtml(words, 1000 + i));
    return {
      id: `clip-${i}`,
      html: new Uint8Array(deflateRawSync(raw)),
      bytes: raw.byteLength,
      images: Array.from({ length: k }, (_, j) => ({ blob: `https://example.com/${i}/${j}.webp`, data: noise(imageBytes, 1 + i * 97 + j) })),
    };
  });
}

/** A blob's parts of at most MEDIA_PART_BYTES. */
function partsOf(clip: string, blob: string, data: Uint8Array, at: number): Part[] {
  const parts = Math.max(1, Math.ceil(data.byteLength / MEDIA_PART_BYTES));
  return Array.from({ length: parts }, (_, part) => ({
    clip, blob, type: 'image/webp', part, parts, width: 1200, height: 800, at,
    data: data.subarray(part * MEDIA_PART_BYTES, (part + 1) * MEDIA_PART_BYTES),
  }));
}

const article = (c: Clip, at: number) => ({ clip: c.id, html: c.html, bytes: c.bytes, at });

/** Layout A's content item for clip number `i`: the article and its image parts; `bytes` of data. */
export function itemA(clip: Clip, i: number): { value: unknown; bytes: number } {
  const images = clip.images.flatMap((im) => partsOf(clip.id, im.blob, im.data, i));
  return { value: { ...article(clip, i), images }, bytes: clip.html.byteLength + images.reduce((n, p) => n + p.data.byteLength, 0) };
}

/** Layout B's items for clip number `i`: its content item, and its media parts by key. */
export function itemsB(clip: Clip, i: number): { article: unknown; parts: Record<string, Part> } {
  const parts: Record<string, Part> = {};
  clip.images.forEach((im, j) => partsOf(clip.id, im.blob, im.data, i).forEach((p) => (parts[`m${i}-${j}-${p.part}`] = p)));
  return { article: article(clip, i), parts };
}

/** Appends to the open document while `fits`, else opens another. */
function appender(kind: DocPlan['kind'], fits: (d: DocPlan, bytes: number) => boolean) {
  const docs: DocPlan[] = [];
  return {
    docs,
    add(bytes: number, items: Record<string, unknown>, count: number, newChange: boolean) {
      let d = docs.at(-1);
      if (!d || !(d.items === 0 || fits(d, bytes))) docs.push((d = { kind, changes: [], items: 0, bytes: 0 }));
      if (newChange || d.changes.length === 0) d.changes.push({});
      Object.assign(d.changes.at(-1)!, items);
      d.items += count;
      d.bytes += bytes;
      return d;
    },
  };
}

/**
 * Layout A: content documents hold each article with its image parts (`images`), appended
 * while a document has fewer than 100 articles and stays within 2 MB (a clip bigger than that
 * gets a document of its own).
 */
export function layoutA(clips: Clip[]): DocPlan[] {
  const c = appender('content', (d, b) => d.items < CONTENT_ITEMS_PER_SHARD && d.bytes + b <= CONTENT_BYTES_PER_SHARD);
  clips.forEach((clip, i) => {
    const item = itemA(clip, i);
    c.add(item.bytes, { [`r${i}`]: item.value }, 1, true);
  });
  return c.docs;
}

/**
 * Layout B (the library's): content documents hold articles only (100 or 2 MB); media
 * documents hold image parts (2 MB, parts of 1 MB), one change per clip per document.
 */
export function layoutB(clips: Clip[]): DocPlan[] {
  const c = appender('content', (d, b) => d.items < CONTENT_ITEMS_PER_SHARD && d.bytes + b <= CONTENT_BYTES_PER_SHARD);
  const m = appender('media', (d, b) => d.bytes + b <= MEDIA_BYTES_PER_SHARD);
  clips.forEach((clip, i) => {
    const { article: item, parts } = itemsB(clip, i);
    c.add(clip.html.byteLength, { [`r${i}`]: item }, 1, true);
    // One change per clip and document (a document opened for the rest of a clip's parts starts its own).
    let first = true;
    for (const [key, p] of Object.entries(parts)) {
      m.add(p.data.byteLength, { [key]: p }, 1, first);
      first = false;
    }
  });
  return [...c.docs, ...m.docs];
}

/** Counts the bytes of sync data an adapter sends and receives. */
export function countWire(adapter: NetworkAdapter): { sent: number; received: number } {
  const n = { sent: 0, received: 0 };
  const send = adapter.send.bind(adapter);
  adapter.send = (message) => {
    n.sent += (message as { data?: Uint8Array }).data?.byteLength ?? 0;
    send(message);
  };
  adapter.on('message', (message) => void (n.received += (message as { data?: Uint8Array }).data?.byteLength ?? 0));
  return n;
}

/** Bytes of the files under `dir` (apparent size). */
export function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return n;
}

/** Runs `fn` over `items`, at most `width` at a time. */
export async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let it = queue.shift(); it !== undefined; it = queue.shift()) await fn(it);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

const headsKey = (h: readonly string[]) => [...h].sort().join(',');

/** Resolves once `pred` holds, re-checked on the handle's events (and every 200 ms); rejects after `timeoutMs`. */
export function until(h: DocHandle<unknown>, pred: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  if (pred()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pred()) return;
      done();
      resolve();
    };
    const timer = setTimeout(() => (done(), reject(new Error(`timed out: ${what}`))), timeoutMs);
    const tick = setInterval(check, 200);
    function done() {
      clearTimeout(timer);
      clearInterval(tick);
      h.off('remote-heads', check);
      h.off('heads-changed', check);
    }
    h.on('remote-heads', check);
    h.on('heads-changed', check);
  });
}

/** Resolves once the server (`storageId`) has acknowledged `h`'s current heads. */
export const acked = (h: DocHandle<unknown>, storageId: StorageId) =>
  until(h, () => {
    const theirs = h.getSyncInfo(storageId)?.lastHeads;
    return !!theirs && headsKey(theirs) === headsKey(h.heads());
  }, `server acknowledges ${h.url}`);

/** The storage id of `repo`'s only peer (the server), once connected. */
export async function serverStorageId(repo: Repo): Promise<StorageId> {
  for (let i = 0; i < 500; i++) {
    const peer = repo.peers[0];
    const id = peer && repo.getStorageIdOfPeer(peer);
    if (id) return id;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no server peer with a storage id');
}
