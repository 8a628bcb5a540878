import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Repo } from '@automerge/automerge-repo/slim';
import { afterAll, describe, expect, it } from 'vitest';
import { fileAccess, zipFileSink } from '../../../scripts/cli/files';
import { exportZip } from '../../../src/export/export-zip';
import { repoSource } from '../../../src/export/repo-source';
import { ZipReader } from '../../../src/export/zip-reader';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';
import { bulkLibrary } from './bulk';
import { domWindow } from './fixtures';
import { splitMarkdown } from './helpers';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
/** Heap in use after a full collection (jsdom lets its documents go a turn later). */
const retained = async () => {
  await new Promise((r) => setTimeout(r, 0));
  gc();
  return process.memoryUsage().heapUsed;
};

const dir = mkdtempSync(join(tmpdir(), 'cp-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exporting 2,000 clips', () => {
  it('streams: one content document loaded at a time, the zip leaving in chunks as clips are read, memory bounded', async () => {
    const N = 2_000;
    // Built, stored, then read by a fresh Repo from storage: as the background reads its IndexedDB.
    const storage = new MemoryStorageAdapter();
    const built = await bulkLibrary(N, 1, new Repo({ storage, network: [] }));
    await built.repo.flush();
    const repo = new Repo({ storage, network: [] });
    const path = join(dir, 'big.zip');
    const file = await zipFileSink(path, false);
    let chunks = 0;
    let clipsRead = 0;
    let firstWriteAt = -1;
    let mostLoaded = 0;
    const sink = {
      write: async (c: Uint8Array) => {
        if (firstWriteAt < 0 && clipsRead > 0) firstWriteAt = clipsRead;
        chunks++;
        mostLoaded = Math.max(mostLoaded, Object.keys(repo.handles).length);
        await file.write(c);
      },
    };
    const base = await retained();
    const samples: number[] = [];
    let peak = 0;
    const started = performance.now();
    const manifest = await exportZip(repoSource(repo, built.url), sink, {
      window: domWindow(),
      onProgress: (p) => {
        clipsRead = p.done;
        if (p.phase === 'clips' && p.done % 500 === 0) {
          samples.push(p.done);
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const after = (await retained()) - base;
    await file.commit();
    const { access, close } = await fileAccess(path);
    const zip = await ZipReader.open(access);
    const uncompressed = zip.entries.reduce((n, e) => n + e.size, 0);
    console.log(`[export] ${N} clips in ${seconds.toFixed(1)} s: zip ${(access.size / 1e6).toFixed(1)} MB in ${chunks} chunks (${(uncompressed / 1e6).toFixed(1)} MB of files); heap growth (after a full GC) at most ${(peak / 1e6).toFixed(1)} MB during, ${(after / 1e6).toFixed(1)} MB after; at most ${mostLoaded} documents loaded`);
    expect(manifest.counts).toMatchObject({ clips: N, highlights: N / 10, missingArticles: 0, documents: 17 + N / 100 });
    expect(samples).toEqual([500, 1000, 1500, 2000]);
    // The first clip's files left before the second clip was read; thousands of chunks, not one buffer.
    expect(firstWriteAt).toBe(1);
    expect(chunks).toBeGreaterThan(3 * N);
    // Never the library: at most the root, 16 catalogs and the content documents of the last quarter second.
    expect(mostLoaded).toBeGreaterThan(0);
    expect(mostLoaded).toBeLessThanOrEqual(17 + 3);
    // What stays is per-clip bookkeeping (the manifest's list, fflate's directory): a few KB a clip, not the files.
    expect(peak).toBeLessThan(N * 12_000);
    expect(after).toBeLessThan(N * 12_000);
    const someClip = manifest.clips[1234]!;
    expect(splitMarkdown(await zip.text(someClip.markdown)).meta).toMatchObject({ title: someClip.title, url: someClip.url });
    await close();
  }, 120_000);
});
