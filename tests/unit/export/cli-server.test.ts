import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { Repo } from '@automerge/automerge-repo/slim';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { start, type RunningSyncServer } from '../../../scripts/sync-server/server';
import type { ExportManifest } from '../../../src/export/layout';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { Library } from '../../../src/library/library';
import type { DocUrl } from '../../../src/schema/ids';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';
import { SyncEngine } from '../../../src/sync/sync-engine';
import { page } from '../library/helpers';
import { captureIo, parseHtml } from './helpers';

const until = async (what: string, fn: () => boolean, timeout = 20_000) => {
  const end = Date.now() + timeout;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

let server: RunningSyncServer;
let dir: string;
let url: DocUrl;
const CLIPS = 150;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-cli-server-'));
  server = await start({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'server'), idleEvictS: 0 });
  // A browser's library, synced up to the server by the extension's sync engine.
  const storage = new MemoryStorageAdapter();
  const index = new MemoryClipIndex();
  const repo = new Repo({ storage, network: [], sharePolicy: async () => true });
  const opened = await Library.open({ repo, index, storage }, null);
  url = opened.url;
  for (let i = 0; i < CLIPS; i++) {
    await opened.library.save(page({ pageUrl: `https://synced.example/${i}`, canonicalUrl: null, title: `Synced ${i}`, html: `<p>Article number ${i}.</p>`, text: `Article number ${i}.` }));
  }
  await opened.library.settled();
  const ledger = { get: (k: string) => index.getMeta(`sync/${k}`), set: (k: string, v: string) => index.setMeta(`sync/${k}`, v) };
  const engine: SyncEngine = new SyncEngine(repo, opened.library.syncDocs(), ledger, () => undefined, { connectTimeoutMs: 2_000 });
  opened.library.onLocalChange((h) => void engine.localChange(h));
  engine.setServers([server.url], (u) => new WebSocketClientAdapter(u, 500));
  await until('synced', () => engine.status().state === 'synced' && !!engine.status().lastSyncedAt, 30_000);
  engine.stop();
}, 60_000);

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reading straight from a sync server', () => {
  it('read --server writes a page for every clip', async () => {
    const out = join(dir, 'site');
    const io = captureIo();
    expect(await main(['read', '--server', server.url, '--library', url, '--out', out, '--quiet'], io), io.errors.join('\n')).toBe(0);
    expect(io.lines[0]).toMatch(new RegExp(`^Wrote ${CLIPS} clips`));
    expect(readdirSync(join(out, 'clips'))).toHaveLength(CLIPS);
    const index = parseHtml(readFileSync(join(out, 'index.html'), 'utf8'));
    expect(index.querySelectorAll('.list li')).toHaveLength(CLIPS);
    const first = readdirSync(join(out, 'clips')).find((f) => f.includes('synced-7-'))!;
    expect(readFileSync(join(out, 'clips', first), 'utf8')).toContain('<p>Article number 7.</p>');
  }, 60_000);

  it('export --server writes the zip, with every document', async () => {
    const out = join(dir, 'library.zip');
    const io = captureIo();
    expect(await main(['export', '--server', server.url, '--library', url, '--out', out, '--quiet'], io), io.errors.join('\n')).toBe(0);
    const files = unzipSync(readFileSync(out));
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as ExportManifest;
    expect(manifest.counts).toMatchObject({ clips: CLIPS, missingArticles: 0, documents: 1 + 16 + 2 });
    expect(Object.keys(files).filter((f) => f.startsWith('clips/') && f.endsWith('.md'))).toHaveLength(CLIPS);
  }, 60_000);

  it('says clearly when the library is not on the server, the URL is wrong, or the server is down', async () => {
    const unknown = captureIo();
    expect(await main(['read', '--server', server.url, '--library', 'automerge:2j9knpCseyhnK8izDmLpGP5WMdZQ', '--out', join(dir, 'u'), '--timeout', '10'], unknown)).toBe(1);
    expect(unknown.errors.join('')).toMatch(/library automerge:2j9knpCseyhnK8izDmLpGP5WMdZQ was not found/);
    const bad = captureIo();
    expect(await main(['read', '--server', server.url, '--library', 'not-a-url', '--out', join(dir, 'b')], bad)).toBe(1);
    expect(bad.errors.join('')).toMatch(/is not a library URL/);
    const down = captureIo();
    const started = Date.now();
    expect(await main(['read', '--server', `ws://127.0.0.1:${await closedPort()}`, '--library', url, '--out', join(dir, 'd')], down)).toBe(1);
    expect(down.errors.join('')).toMatch(/Could not reach the sync server .*ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(5_000);
    const http = captureIo();
    expect(await main(['read', '--server', 'http://127.0.0.1:1', '--library', url, '--out', join(dir, 'h')], http)).toBe(1);
    expect(http.errors.join('')).toMatch(/not a WebSocket URL/);
  }, 60_000);
});
