/**
 * Where should image bytes live? Measures two document layouts with real automerge-repo Repos
 * (Node, NodeFS storage) syncing through the project's own sync server (scripts/sync-server,
 * started in this process on 127.0.0.1, eviction off):
 *
 * - **A, images in the content documents**: each content document (≤100 articles, ≤2 MB) holds
 *   the articles and their image parts.
 * - **B, separate media documents** (the library's layout, docs/schema.md): content documents hold
 *   articles only; media documents (≤2 MB, parts ≤1 MB) hold the image parts.
 *
 * The library is synthetic: N clips, each an article of ~7 KB raw-DEFLATE HTML (`Uint8Array`, as
 * content documents store it) and K images of B incompressible bytes. For each layout:
 * 1. `createMs`: a writer Repo writes every document offline (one change per save) and flushes;
 * 2. `uploadMs`: the writer, opened again on its storage and connected, loads the documents 4 at
 *    a time (as the extension's sync passes do) until the server acknowledges each one's heads;
 * 3. `replicateMs`: a fresh reader Repo finds every document, 4 in flight, until each holds all
 *    its items;
 * 4. `textOnlyMs`: a fresh "text only" reader finds only what it needs to read every article
 *    (B: the content documents; A: all of them, images included);
 * 5. `readArticlesMs`: a fresh offline Repo on the full reader's folder loads every content
 *    document and inflates every article (what deriving the search index reads);
 * 6. bytes: sync data sent/received (the `data` of sync messages through each client's network
 *    adapter), and on disk (the NodeFS folders: server, full reader, text-only reader);
 * 7. an edit: another clip (article + images) saved on the writer while the text-only reader holds
 *    its documents: bytes up, bytes down to the text-only reader, and time until it has the article.
 *
 * Everything runs on one Node thread, so each time includes the server's and the other Repo's
 * work. The catalogs and the root (identical in both layouts) are left out.
 *
 *     npx tsx scripts/bench/media-layout.ts [--clips N] [--images-per-clip K] [--image-bytes B]
 *       [--article-bytes A] [--concurrency C] [--layouts A,B] [--rounds R] [--json file]
 *
 * Each run (one layout, one round) is a child process of its own. `--rounds R` measures each
 * layout R times, every other round in the reverse order.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { Repo, type AutomergeUrl, type DocHandle } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { start, type RunningSyncServer } from '../sync-server/server';
import { acked, countWire, folderBytes, itemA, itemsB, layoutA, layoutB, makeClips, pool, serverStorageId, until, type Clip, type DocPlan } from './media-layout-docs';
import { intFlag, pad, parseArgs, round } from './stats';

interface Doc {
  schema: string;
  schemaVersion: number;
  device: string;
  createdAt: number;
  items: Record<string, unknown>;
}

/** One layout's figures. */
interface LayoutResult {
  layout: 'A' | 'B';
  contentDocs: number;
  mediaDocs: number;
  dataMB: number;
  createMs: number;
  uploadMs: number;
  uploadSentMB: number;
  replicateMs: number;
  replicateReceivedMB: number;
  readArticlesMs: number;
  textOnlyDocs: number;
  textOnlyMs: number;
  textOnlyReceivedMB: number;
  serverDiskMB: number;
  readerDiskMB: number;
  textOnlyDiskMB: number;
  edit: { sentKB: number; textOnlyReceivedKB: number; textOnlyMs: number } | null;
  errors: string[];
  /** Filled in by the parent: the round, and the 1-minute load average when the run ended. */
  round?: number;
  load1?: number;
}

const { flags } = parseArgs(process.argv.slice(2));
const N = intFlag(flags, 'clips', 300);
const K = intFlag(flags, 'images-per-clip', 2);
const IMAGE_BYTES = intFlag(flags, 'image-bytes', 50_000);
const ARTICLE_BYTES = intFlag(flags, 'article-bytes', 7_000);
const CONCURRENCY = Math.max(1, intFlag(flags, 'concurrency', 4));
const ROUNDS = Math.max(1, intFlag(flags, 'rounds', 1));
const LAYOUTS = String(flags.get('layouts') ?? 'A,B').split(',').filter((l): l is 'A' | 'B' => l === 'A' || l === 'B');
const JSON_OUT = typeof flags.get('json') === 'string' ? (flags.get('json') as string) : null;

const MB = (n: number) => round(n / 1e6, 2);
const KB = (n: number) => round(n / 1e3, 1);
const now = () => performance.now();
const itemCount = (h: DocHandle<Doc>) => Object.keys(h.doc()?.items ?? {}).length;

/** A Repo on its own NodeFS folder, connected to `url` (with its sync bytes counted), once the server's storage id is known. */
async function client(dir: string, url: string) {
  const adapter = new WebSocketClientAdapter(url, 300);
  const wire = countWire(adapter);
  const repo = new Repo({ storage: new NodeFSStorageAdapter(dir), network: [adapter], sharePolicy: async () => true });
  const server = await serverStorageId(repo);
  return { repo, wire, server, dir };
}

/** Writes the documents of `plans` offline into `dir`, as one writer device would have; their URLs. */
async function create(dir: string, plans: DocPlan[]): Promise<AutomergeUrl[]> {
  const repo = new Repo({ storage: new NodeFSStorageAdapter(dir), network: [] });
  const urls = plans.map((p) => {
    const h = repo.create<Doc>({ schema: `commonplace/${p.kind}`, schemaVersion: 1, device: 'writer', createdAt: 0, items: {} });
    for (const change of p.changes) h.change((d) => void Object.assign(d.items, change));
    return h.url;
  });
  await repo.flush();
  await repo.shutdown();
  return urls;
}

/** A fresh reader finds `urls` (`items[i]` items each), `CONCURRENCY` in flight; its time and bytes. */
async function replicate(dir: string, serverUrl: string, urls: AutomergeUrl[], items: number[]) {
  const c = await client(dir, serverUrl);
  const handles = new Map<AutomergeUrl, DocHandle<Doc>>();
  const t0 = now();
  await pool(urls.map((u, i) => [u, i] as const), CONCURRENCY, async ([u, i]) => {
    const h = await c.repo.find<Doc>(u);
    await until(h, () => itemCount(h) >= items[i]!, `reader holds ${u}`);
    handles.set(u, h);
  });
  const ms = now() - t0;
  // Every article readable: inflate one of each content document.
  for (const h of handles.values()) {
    const first = Object.values(h.doc().items)[0] as { html?: Uint8Array } | undefined;
    if (h.doc().schema === 'commonplace/content' && !(first?.html && inflateRawSync(first.html).toString('utf8').startsWith('<article>'))) throw new Error(`unreadable article in ${h.url}`);
  }
  await c.repo.flush();
  return { ...c, ms, handles };
}

/** A fresh offline Repo on `dir` loads the content documents (`CONCURRENCY` at a time) and inflates every article, as indexing them for search does; ms. */
async function readArticles(dir: string, urls: AutomergeUrl[]): Promise<number> {
  const repo = new Repo({ storage: new NodeFSStorageAdapter(dir), network: [] });
  const t0 = now();
  await pool(urls, CONCURRENCY, async (u) => {
    const h = await repo.find<Doc>(u);
    for (const item of Object.values(h.doc().items) as { html: Uint8Array }[]) inflateRawSync(item.html).toString('utf8');
  });
  const ms = now() - t0;
  await repo.shutdown();
  return ms;
}

async function runLayout(layout: 'A' | 'B', clips: Clip[], editClip: Clip, root: string): Promise<LayoutResult> {
  const plans = layout === 'A' ? layoutA(clips) : layoutB(clips);
  const errors: string[] = [];
  const dir = (name: string) => join(root, `${layout}-${name}`);
  const server: RunningSyncServer = await start({ host: '127.0.0.1', port: 0, dataDir: dir('server'), idleEvictS: 0 });
  try {
    let t0 = now();
    const urls = await create(dir('writer'), plans);
    const createMs = now() - t0;
    console.log(`[${layout}] ${plans.length} documents written in ${Math.round(createMs)} ms; uploading`);

    const writer = await client(dir('writer'), server.url);
    const writerHandles: DocHandle<Doc>[] = [];
    t0 = now();
    await pool(urls, CONCURRENCY, async (u) => {
      const h = await writer.repo.find<Doc>(u);
      await acked(h, writer.server);
      writerHandles.push(h);
    });
    const uploadMs = now() - t0;
    const uploadSent = writer.wire.sent;
    console.log(`[${layout}] upload ${Math.round(uploadMs)} ms; full replica`);

    const items = plans.map((p) => p.items);
    const full = await replicate(dir('reader'), server.url, urls, items);
    await full.repo.shutdown();
    console.log(`[${layout}] replicate ${Math.round(full.ms)} ms; articles from disk`);
    const textIdx = plans.flatMap((p, i) => (p.kind === 'content' ? [i] : []));
    const readArticlesMs = await readArticles(dir('reader'), textIdx.map((i) => urls[i]!));
    console.log(`[${layout}] articles from disk ${Math.round(readArticlesMs)} ms; text-only reader`);

    const text = await replicate(dir('text'), server.url, textIdx.map((i) => urls[i]!), textIdx.map((i) => items[i]!));
    const textReceived = text.wire.received;
    console.log(`[${layout}] text only ${Math.round(text.ms)} ms; edit`);

    const edit = await measureEdit(layout, plans, urls, writer, text, editClip, N).catch((e: unknown) => {
      errors.push(`edit: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    });
    await text.repo.flush();
    await Promise.all([text.repo.shutdown(), writer.repo.shutdown()]);
    await server.close();
    const result: LayoutResult = {
      layout,
      contentDocs: plans.filter((p) => p.kind === 'content').length,
      mediaDocs: plans.filter((p) => p.kind === 'media').length,
      dataMB: MB(plans.reduce((n, p) => n + p.bytes, 0)),
      createMs: Math.round(createMs),
      uploadMs: Math.round(uploadMs),
      uploadSentMB: MB(uploadSent),
      replicateMs: Math.round(full.ms),
      replicateReceivedMB: MB(full.wire.received),
      readArticlesMs: Math.round(readArticlesMs),
      textOnlyDocs: textIdx.length,
      textOnlyMs: Math.round(text.ms),
      textOnlyReceivedMB: MB(textReceived),
      serverDiskMB: MB(folderBytes(dir('server'))),
      readerDiskMB: MB(folderBytes(dir('reader'))),
      textOnlyDiskMB: MB(folderBytes(dir('text'))),
      edit,
      errors,
    };
    return result;
  } finally {
    await server.close();
    for (const name of ['server', 'writer', 'reader', 'text']) rmSync(dir(name), { recursive: true, force: true });
  }
}

type Client = Awaited<ReturnType<typeof client>>;

/**
 * One more clip saved on the writer (A: into the last content document; B: its article into the
 * last content document, its images into the last media document), while the text-only reader
 * holds its documents: bytes the writer sends until the server acknowledges, bytes the text-only
 * reader receives until it has the article, and that time.
 */
async function measureEdit(layout: 'A' | 'B', plans: DocPlan[], urls: AutomergeUrl[], writer: Client, text: Client & { handles: Map<AutomergeUrl, DocHandle<Doc>> }, clip: Clip, i: number) {
  const lastOf = (kind: DocPlan['kind']) => urls[plans.map((p) => p.kind).lastIndexOf(kind)]!;
  const contentUrl = lastOf('content');
  const readerHandle = text.handles.get(contentUrl)!;
  const [sent0, received0] = [writer.wire.sent, text.wire.received];
  const t0 = now();
  const changed: DocHandle<Doc>[] = [];
  const content = await writer.repo.find<Doc>(contentUrl);
  if (layout === 'A') {
    content.change((d) => void (d.items[`r${i}`] = itemA(clip, i).value));
  } else {
    const { article, parts } = itemsB(clip, i);
    content.change((d) => void (d.items[`r${i}`] = article));
    const media = await writer.repo.find<Doc>(lastOf('media'));
    media.change((d) => void Object.assign(d.items, parts));
    changed.push(media);
  }
  changed.push(content);
  await until(readerHandle, () => !!readerHandle.doc().items[`r${i}`], 'text-only reader has the new article', 30_000);
  const textOnlyMs = now() - t0;
  await Promise.all(changed.map((h) => acked(h, writer.server)));
  // Let any last message to the reader arrive.
  await new Promise((r) => setTimeout(r, 500));
  return { sentKB: KB(writer.wire.sent - sent0), textOnlyReceivedKB: KB(text.wire.received - received0), textOnlyMs: Math.round(textOnlyMs) };
}

function printTable(results: LayoutResult[]): void {
  const rows: [string, (r: LayoutResult) => string | number][] = [
    ['documents (content + media)', (r) => `${r.contentDocs + r.mediaDocs} (${r.contentDocs} + ${r.mediaDocs})`],
    ['data (articles + images), MB', (r) => r.dataMB],
    ['create offline, ms', (r) => r.createMs],
    ['upload, ms (MB sent)', (r) => `${r.uploadMs} (${r.uploadSentMB})`],
    ['full replica, ms (MB received)', (r) => `${r.replicateMs} (${r.replicateReceivedMB})`],
    ['every article from disk (search index), ms', (r) => r.readArticlesMs],
    ['text only: docs, ms (MB received)', (r) => `${r.textOnlyDocs}: ${r.textOnlyMs} (${r.textOnlyReceivedMB})`],
    ['disk MB: server / reader / text only', (r) => `${r.serverDiskMB} / ${r.readerDiskMB} / ${r.textOnlyDiskMB}`],
    ['edit +1 clip: KB up / KB to text-only, ms', (r) => (r.edit ? `${r.edit.sentKB} / ${r.edit.textOnlyReceivedKB}, ${r.edit.textOnlyMs}` : 'failed')],
  ];
  const [w, col] = [46, 26];
  const runs = [...results].sort((a, b) => a.layout.localeCompare(b.layout) || (a.round ?? 0) - (b.round ?? 0));
  console.log(`\n${pad('', w)}${runs.map((r) => pad(`${r.layout}${ROUNDS > 1 ? ` #${r.round}` : ''}`, col)).join('')}`);
  for (const [name, f] of rows) console.log(`${pad(name, w)}${runs.map((r) => pad(f(r), col)).join('')}`);
  for (const r of results) for (const e of r.errors) console.log(`layout ${r.layout}: ${e}`);
}

/** One layout, measured in this process (`--child A|B`), its result written to `--json`. */
async function child(layout: 'A' | 'B'): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'cp-media-layout-'));
  try {
    const [editClip] = makeClips(1, K, IMAGE_BYTES, ARTICLE_BYTES, N);
    const result = await runLayout(layout, makeClips(N, K, IMAGE_BYTES, ARTICLE_BYTES), editClip!, root);
    writeFileSync(JSON_OUT!, JSON.stringify({ ...result, load1: round(loadavg()[0]!, 2) }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Every run in a fresh process (no Automerge memory or warm-up carried over), every other round in the reverse order. */
async function main(): Promise<void> {
  const load0 = loadavg().map((x) => round(x, 2));
  const clips = makeClips(Math.min(N, 50), K, IMAGE_BYTES, ARTICLE_BYTES);
  const articleBytesMean = Math.round(clips.reduce((n, c) => n + c.html.byteLength, 0) / clips.length);
  console.log(`${N} clips, ${K} × ${IMAGE_BYTES} B images, ~${articleBytesMean} B articles, ${CONCURRENCY} in flight; load ${load0.join(' ')} (${cpus().length} cores)`);
  const tmp = mkdtempSync(join(tmpdir(), 'cp-media-layout-runs-'));
  const results: LayoutResult[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const layout of r % 2 ? [...LAYOUTS].reverse() : LAYOUTS) {
        const out = join(tmp, `${layout}-${r}.json`);
        const args = ['--clips', N, '--images-per-clip', K, '--image-bytes', IMAGE_BYTES, '--article-bytes', ARTICLE_BYTES, '--concurrency', CONCURRENCY, '--child', layout, '--json', out].map(String);
        const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
        if (run.status !== 0) throw new Error(`layout ${layout}, round ${r + 1}: exit ${run.status ?? run.signal}`);
        results.push({ ...(JSON.parse(readFileSync(out, 'utf8')) as LayoutResult), round: r + 1 });
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  printTable(results);
  const out = {
    options: { clips: N, imagesPerClip: K, imageBytes: IMAGE_BYTES, articleBytes: ARTICLE_BYTES, concurrency: CONCURRENCY, rounds: ROUNDS },
    articleBytesMean,
    results,
    loadavg: { start: load0, end: loadavg().map((x) => round(x, 2)), cores: cpus().length },
  };
  console.log(`\nload ${out.loadavg.end.join(' ')} (1-minute average at the end of each run: ${results.map((r) => `${r.layout}${r.round} ${r.load1}`).join(', ')})`);
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(out, null, 2));
}

const CHILD = flags.get('child');
(CHILD === 'A' || CHILD === 'B' ? child(CHILD) : main()).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
