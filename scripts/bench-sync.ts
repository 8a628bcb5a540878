/**
 * Sync benchmark: a library of N clips (default 1,000) uploaded by one browser and replicated
 * by another, through the project's sync server, all on 127.0.0.1.
 *
 *   npm run bench:sync -- [--clips N] [--json <file>] [--corpus <dir>] [--no-build]
 *                         [--edits E] [--articles-cache <file>] [--raw-runs R]
 *                         [--phase-timeout ms] [--page-timeout ms] [--profile <prefix>]
 *                         [--wait-retry] [--fresh-worker] [--extension-dir <dir>]
 *                         [--images-per-clip K] [--image-bytes B]
 *
 * 1. The sync server (scripts/sync-server/server.ts) started in this process on a free port
 *    with an empty data folder; its Repo's peers are watched (peerDrops) and its RSS sampled.
 * 2. Browser A (headless Chromium, the test build, fresh profile): the corpus articles are
 *    extracted by the extension's content script (or read from --articles-cache), then N clips
 *    saved with `saveExtracted`, sync off (cycling the articles, pageUrl
 *    https://bench.example/<name>/<i>, title "<title> #<i>", as bench-library makes them).
 * 3. Raw floor: the same N clips' HTML + text (UTF-8) over a plain `ws` WebSocket on loopback
 *    to another Node process that writes one file per clip; --raw-runs (default 3) runs before
 *    the saves and as many after the replication, rawTransferMs the median of all of them.
 * 4. Upload: A's `setSync` to the empty server; uploadMs runs until A's status is `synced`
 *    with a pass finished after setSync, progress complete over ≥ 17 + ⌈N/100⌉ documents.
 * 5. Replicate: a fresh browser B turns sync on (its own empty library syncs first), then
 *    `joinLibrary(A's URL)`. listReadyMs: until B's index (what the side panel lists) holds N
 *    live rows; replicateMs: until B's status is `synced` after the join with progress complete
 *    over every document of A's library (root + 16 catalogs + content documents, counted from
 *    the server's copy of A's root). Then a sample of clips (one per 100, first and last) is
 *    read with `getClip` (replicateVerifiedMs includes it).
 * 6. Edits: A marks clips read/unread E times (default 50), one at a time; each edit's latency
 *    runs from A sending `markRead` to B's index row showing it (watched in B's page on the
 *    index broadcast channel and every 5 ms).
 * 7. Memory: service-worker JS heap, ArrayBuffers and Blink heap (CDP Runtime.getHeapUsage,
 *    scripts/bench/heap-usage.ts; until 2026-12-02 the JS heap alone) + Automerge Wasm memory
 *    (debugState) of A during the upload and of B during and 3 s after the replication,
 *    sampled every 500 ms (max); serverMB: max RSS of this process (server + harness).
 *
 * With --images-per-clip K (default 0), after the saves every clip gets K synthetic images of
 * B random bytes each (--image-bytes, default 50,000: incompressible, as real images are),
 * attached through the test-only `debugAttachImages` (the library's one write path, as the image
 * capture stores them): they travel in media documents of at most 2 MB, walked by the same
 * passes. The raw floor then sends each clip's images' bytes too, the upload and the
 * replication wait for every media document as well, and the sampled clips' images are read
 * back on B. A's own image capture is turned off in every run (bench clips' images would be
 * fetched from the network).
 *
 * Options: --edits E (default 50); --articles-cache <file> (read the extracted articles from it,
 * or write them there); --phase-timeout ms (default 120 s + 100 ms × N, per phase); --profile
 * <prefix> (CPU profiles of A's worker and this process during the upload, of B's worker and
 * this process during the replication, of both workers and this process during the edits:
 * <prefix>-*.cpuprofile, summarised in the output); --profile-us µs (their sampling interval,
 * default 1,000; 100 shows the few milliseconds of a join step by step);
 * --fresh-worker (restart A's service worker before turning sync on, so no content document is
 * loaded, as after a browser restart); --wait-retry (after a pass that ends in error, open the
 * side panel, which starts the next pass, and keep waiting, instead of failing at once);
 * --extension-dir <dir> (use this test build instead of building one into .output).
 *
 * Every phase has a time limit; a stuck phase fails with its reason and the run ends. A failed
 * upload or replication is diagnosed: what the server holds of the library (sync-holdings.ts)
 * and when each content document was confirmed (the status broadcasts).
 * CPU seconds per phase are reported per browser process kind (/proc) and for this Node
 * process (the server, plus the harness's light puppeteer traffic).
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import type { CDPSession } from 'puppeteer-core';
import type { AutomergeUrl } from '@automerge/automerge-repo';
import { buildExtension, call, callOk, launch, log, sleep, TimeoutError, withTimeout, workerSession, type Session } from './bench/browser';
import { startProfile, stopProfile, summarise } from './bench/cpuprofile';
import { listCorpus, serveCorpus, type CorpusServer } from './bench/server';
import { intFlag, mean, median, parseArgs, percentile, round } from './bench/stats';
import { restartWorker } from './bench/restart-worker';
import { extractArticles, loadOrExtract, type Article } from './bench/sync-articles';
import { MaxSampler, PhaseCpu, watchMessages, watchPeers, type PeerEvent, type ServerMessage } from './bench/sync-monitor';
import { passPhases, PassFailed, readTimeline, waitMark, WATCHERS } from './bench/sync-page';
import { rawTransfer } from './bench/sync-raw';
import { serverHoldings } from './bench/sync-holdings';
import { start as startServer, type RunningSyncServer } from './sync-server/server';
import type { SyncStatus } from '../src/sync/settings';
import { backgroundBytes, outsideHeap, type HeapUsage } from './bench/heap-usage';

const MB = 2 ** 20;
const PINNED = 17; // root + 16 catalogs

/** Everything that must be stopped on exit, in order. */
const cleanups: Array<() => Promise<void> | void> = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      await withTimeout(Promise.resolve().then(fn), 20_000, 'cleanup').catch((e) => log(`cleanup: ${e instanceof Error ? e.message : String(e)}`));
    }
  })();
  return cleaning;
}
// puppeteer can reject a promise nobody awaits (a failed extension install at launch rejects both
// the launch, which is awaited, and an inner promise): log it, and let the awaited path fail the phase.
process.on('unhandledRejection', (e) => log(`(unhandled rejection: ${e instanceof Error ? e.message : String(e)})`));
process.on('uncaughtException', (e) => {
  log(`uncaught exception: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  void cleanup().finally(() => process.exit(1));
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    log(`\n${sig}: closing the browsers and the server…`);
    void cleanup().finally(() => process.exit(130));
  });
}

let phase = 'setup';
const setPhase = (p: string) => {
  phase = p;
  log(`— ${p}`);
};

interface Memory {
  heap: number;
  /** ArrayBuffers and Blink's heap (scripts/bench/heap-usage.ts). */
  outside: number;
  wasm: number | null;
  total: number;
}

/** The background's memory: worker JS heap, ArrayBuffers and Blink heap over CDP, plus Wasm memory from debugState (the last known value if it does not answer within 2 s). */
function memoryReader(s: Session, cdp: () => CDPSession): () => Promise<Record<string, number | null>> {
  let wasm: number | null = null;
  let pending: Promise<unknown> | null = null;
  return async () => {
    const heap = (await withTimeout(cdp().send('Runtime.getHeapUsage'), 5_000, 'heap usage')) as HeapUsage;
    pending ??= call(s.control, 'debugState', {}, { timeoutMs: 30_000 }).then((d) => {
      if (d.ok && d.value.wasmBytes !== null) wasm = d.value.wasmBytes;
      pending = null;
    });
    await Promise.race([pending, sleep(2_000)]);
    return { heap: heap.usedSize, outside: outsideHeap(heap), wasm, total: backgroundBytes(heap, wasm ?? 0) } satisfies Memory;
  };
}

/** A private copy of a test build folder. */
function copyBuild(dir: string): string {
  if (!existsSync(join(dir, 'manifest.json')) || !existsSync(join(dir, 'background.js'))) throw new Error(`${dir} holds no extension build (manifest.json, background.js)`);
  const copy = mkdtempSync(join(tmpdir(), 'cp-bench-ext-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** Failures the engine reports in a status: documents that did not reach the server, or a pass left incomplete. */
function failuresOf(s: SyncStatus | null): number {
  if (!s) return 0;
  // Each server's own count ("N document(s) did not reach this server yet", server-errors.ts); the benchmark's one server.
  const missed = s.servers.reduce((n, x) => n + Number(/(\d+) document\(s\) did not reach/.exec(x.error ?? '')?.[1] ?? 0), 0);
  const incomplete = s.progress ? Math.max(0, s.progress.total - s.progress.done) : 0;
  return missed + (s.state === 'syncing' ? 0 : incomplete);
}

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), ['no-build', 'wait-retry', 'fresh-worker']);
  // Restart A's service worker before turning sync on (nothing loaded, as after a browser restart).
  const freshWorker = flags.has('fresh-worker');
  // Keep waiting after a pass ends in error (the engine's next pass comes with its 4-minute alarm) instead of failing then.
  const waitRetry = flags.has('wait-retry');
  const n = intFlag(flags, 'clips', 1_000);
  if (n < 1) throw new Error('--clips must be at least 1');
  const edits = intFlag(flags, 'edits', 50);
  const imagesPerClip = Math.max(0, intFlag(flags, 'images-per-clip', 0));
  const imageBytes = Math.max(1, intFlag(flags, 'image-bytes', 50_000));
  const imageBytesPerClip = imagesPerClip * imageBytes;
  const rawRuns = Math.max(1, intFlag(flags, 'raw-runs', 3));
  const corpusDir = typeof flags.get('corpus') === 'string' ? (flags.get('corpus') as string) : fileURLToPath(new URL('../../shared/corpus/readability', import.meta.url));
  const jsonOut = typeof flags.get('json') === 'string' ? (flags.get('json') as string) : null;
  const cacheFile = typeof flags.get('articles-cache') === 'string' ? (flags.get('articles-cache') as string) : null;
  const profilePrefix = typeof flags.get('profile') === 'string' ? (flags.get('profile') as string) : null;
  const profileUs = Math.max(50, intFlag(flags, 'profile-us', 1_000));
  const pageTimeoutMs = Math.max(1_000, intFlag(flags, 'page-timeout', 30_000));
  // A phase's time limit grows with N (10,000 clips: ~19 min), unless given.
  const phaseTimeoutMs = flags.has('phase-timeout') ? intFlag(flags, 'phase-timeout', 0) : 120_000 + 100 * n;
  const saveTimeoutMs = 60_000 + 300 * n;

  const loadStart = loadavg().map((x) => round(x, 2));
  const tRun = Date.now();
  const notes: string[] = [];
  const out: Record<string, unknown> = { clips: n, imagesPerClip, imageBytes: imagesPerClip > 0 ? imageBytes : 0 };
  let failure: { phase: string; reason: string } | null = null;
  let peers: { events: PeerEvent[]; stop(): void } | null = null;
  /** The server's messages from B's join until its list is ready (out.joinMessages). */
  let serverMessages: { messages: ServerMessage[]; stop(): void } | null = null;
  let recordMessages = false;
  let serverRssMax = 0;
  let serverRss0 = process.memoryUsage.rss();
  const editLatencies: number[] = [];
  const editLost: number[] = [];
  const markReadMs: number[] = [];
  const bg: { upload: Partial<Record<string, number>>; replicate: Partial<Record<string, number>> } = { upload: {}, replicate: {} };
  const cpu: Record<string, unknown> = {};
  let finalA: SyncStatus | null = null;
  let finalB: SyncStatus | null = null;
  let sampleReadFailures = 0;
  let sampled = 0;
  const profiles: string[] = [];
  let bFirstPeers = new Set<string>();
  // The phase whose CPU is being counted (ended and recorded on failure too).
  let phaseCpu: { name: string; meter: PhaseCpu } | null = null;
  const endCpu = () => {
    if (phaseCpu) cpu[phaseCpu.name] = phaseCpu.meter.end();
    const r = phaseCpu ? cpu[phaseCpu.name] : null;
    phaseCpu = null;
    return r;
  };
  let diagnose: (() => Promise<void>) | null = null;
  let failedDocs = 0;
  // --wait-retry: a pass that ended in error is followed by the next one as a user would cause it, by opening the side panel (the engine's own trigger).
  const failedPasses: Array<{ phase: string; afterS: number; message: string }> = [];
  const nudge = async (s: Session, what: string, st: SyncStatus) => {
    failedPasses.push({ phase: what, afterS: round((Date.now() - tRun) / 1000), message: st.message });
    failedDocs += failuresOf(st);
    log(`  ${what}: a pass ended in error ("${st.message}"); opening the side panel to start the next one`);
    const p = await s.browser.newPage();
    await p.goto(`${s.base}sidepanel.html`, { waitUntil: 'domcontentloaded', timeout: 30_000 }).catch(() => undefined);
    await sleep(500);
    await p.close().catch(() => undefined);
  };

  try {
    const pages = listCorpus(corpusDir);
    // --extension-dir: a test build kept elsewhere (copied like the default one), out of reach of other people's rebuilds of .output.
    const extDir = typeof flags.get('extension-dir') === 'string' ? copyBuild(flags.get('extension-dir') as string) : buildExtension(flags.has('no-build'));
    cleanups.push(() => rmSync(extDir, { recursive: true, force: true }));
    const corpus: CorpusServer = await serveCorpus(pages);
    cleanups.push(() => corpus.close());

    // 1. The server, in this process.
    const dataDir = mkdtempSync(join(tmpdir(), 'cp-bench-sync-data-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 }));
    // Again at exit: a write the server still had in flight when it was closed can recreate files.
    process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
    serverRss0 = process.memoryUsage.rss();
    const server: RunningSyncServer = await startServer({ host: '127.0.0.1', port: 0, dataDir });
    cleanups.push(async () => {
      phase = 'teardown';
      await server.close();
    });
    peers = watchPeers(server.repo, () => phase);
    serverMessages = watchMessages(server.repo, () => recordMessages);
    cleanups.push(() => serverMessages?.stop());
    const rssTimer = setInterval(() => void (serverRssMax = Math.max(serverRssMax, server.health().rssBytes)), 250);
    cleanups.push(() => clearInterval(rssTimer));
    log(`sync server ${server.url} (data ${dataDir}); this process's RSS before it: ${round(serverRss0 / MB)} MB`);

    // 2. Browser A, its articles and N clips.
    setPhase('launch A');
    const A = await launch(extDir);
    cleanups.push(() => A.close());
    const pidA = A.browser.process()?.pid;
    await A.control.evaluate(WATCHERS);
    const pingA = setInterval(() => void call(A.control, 'ping', {}, { timeoutMs: 10_000 }), 10_000);
    cleanups.push(() => clearInterval(pingA));
    let cdpA = await workerSession(A);
    log(`A: extension ${A.extId}`);
    // The bench's clips are saved with saveExtracted: their images would be fetched from the network. Off; --images-per-clip attaches its own.
    await callOk(A.control, 'setImageSettings', { enabled: false, capBytes: 5 * MB });

    setPhase('extract');
    const tExtract = Date.now();
    const extraction = await loadOrExtract(cacheFile, () => extractArticles(A, cdpA, corpus.url.bind(corpus), pages.map((p) => p.name), pageTimeoutMs));
    const articles: Article[] = extraction.articles;
    if (articles.length === 0) throw new Error(`no article could be extracted from the corpus (${extraction.failures[0]?.reason ?? 'no pages'})`);
    const rawBytesPerClip = mean(Array.from({ length: n }, (_, i) => articles[i % articles.length]!.rawBytes));
    log(`${articles.length}/${pages.length} articles ${extraction.cached ? `from ${cacheFile}` : 'extracted'} in ${((Date.now() - tExtract) / 1000).toFixed(1)} s; mean html+text ${Math.round(rawBytesPerClip / 1024)} KB per clip`);
    Object.assign(out, { articles: articles.length, articlesCached: extraction.cached, extractFailures: extraction.failures, rawBytesPerClip: round(rawBytesPerClip) });

    // The floor is measured twice, before the saves and after the replication (--raw-runs each time),
    // and rawTransferMs is the median of all runs: on a shared 2-core machine one moment's load can halve or double it.
    setPhase('raw floor');
    const rawRunsMs: number[] = [];
    let rawBytes = 0;
    const measureRaw = async (when: string) => {
      const runs: number[] = [];
      for (let r = 0; r < rawRuns; r++) {
        let child: ChildProcess | null = null;
        cleanups.push(() => void child?.kill('SIGKILL'));
        const run = await rawTransfer(articles.map((a) => a.page), n, phaseTimeoutMs, (c) => (child = c), imageBytesPerClip);
        runs.push(run.ms);
        rawBytes = run.bytes;
      }
      rawRunsMs.push(...runs);
      const rawTransferMs = median(rawRunsMs);
      log(`raw transfer of ${n} clips (${round(rawBytes / MB)} MB) ${when}: ${runs.map((x) => round(x)).join(', ')} ms; median of all so far ${round(rawTransferMs)} ms`);
      Object.assign(out, { rawTransferMs: round(rawTransferMs), rawRunsMs: rawRunsMs.map((x) => round(x)), rawMinMs: round(Math.min(...rawRunsMs)), rawMB: round(rawBytes / MB) });
    };
    await measureRaw('before the saves');

    setPhase('save');
    await A.control.evaluate((arts) => void ((window as unknown as { __arts: unknown }).__arts = arts), articles.map((a) => ({ name: a.name, page: a.page })));
    const ids: string[] = [];
    const saveTimes: number[] = [];
    const saveErrors: { i: number; error: string }[] = [];
    const tSave = Date.now();
    const batch = 250;
    for (let from = 0; from < n; from += batch) {
      const to = Math.min(n, from + batch);
      const left = saveTimeoutMs - (Date.now() - tSave);
      const r = await withTimeout(
        A.control.evaluate((a, b) => (window as unknown as { __cpw: { saveBatch(a: number, b: number): Promise<{ ms: number; ids: (string | null)[]; times: number[]; errors: { i: number; error: string }[] }> } }).__cpw.saveBatch(a, b), from, to),
        left,
        `saving clips ${from}-${to - 1}`,
      );
      for (const id of r.ids) ids.push(id ?? '');
      saveTimes.push(...r.times);
      saveErrors.push(...r.errors);
      if (to % 1000 === 0 || to === n) log(`  [${to}/${n}] saved, ${round((to / (Date.now() - tSave)) * 1000)} clips/s${saveErrors.length ? `, ${saveErrors.length} errors (first: ${saveErrors[0]!.error})` : ''}`);
    }
    const dbgA = await callOk(A.control, 'debugState', {}, { timeoutMs: 120_000 });
    const saveAllMs = Date.now() - tSave;
    if (saveErrors.length > 0) throw new Error(`${saveErrors.length} of ${n} saves failed (first: clip ${saveErrors[0]!.i}: ${saveErrors[0]!.error})`);
    if (dbgA.rootEntries !== n) throw new Error(`A's catalogs list ${dbgA.rootEntries} clips after ${n} saves`);
    Object.assign(out, { saveAllMs, perSaveP50Ms: round(median(saveTimes), 2), perSaveP95Ms: round(percentile(saveTimes, 95), 2) });
    log(`saved ${n} clips in ${(saveAllMs / 1000).toFixed(1)} s (p50 ${round(median(saveTimes), 1)} ms)`);
    if (imagesPerClip > 0) {
      setPhase('images');
      const tImages = Date.now();
      const imageErrors: Array<{ k: number; error: string }> = [];
      for (let from = 0; from < n; from += 100) {
        const chunk = ids.slice(from, Math.min(n, from + 100));
        const r = await withTimeout(
          A.control.evaluate((list, k, b) => (window as unknown as { __cpw: { attachBatch(l: string[], k: number, b: number): Promise<{ ms: number; errors: Array<{ k: number; error: string }> }> } }).__cpw.attachBatch(list, k, b), chunk, imagesPerClip, imageBytes),
          saveTimeoutMs,
          `attaching images to clips ${from}-${from + chunk.length - 1}`,
        );
        imageErrors.push(...r.errors.map((e) => ({ k: e.k + from, error: e.error })));
        if ((from + chunk.length) % 1000 === 0 || from + chunk.length === n) log(`  [${from + chunk.length}/${n}] clips with ${imagesPerClip} images of ${imageBytes} bytes`);
      }
      if (imageErrors.length > 0) throw new Error(`${imageErrors.length} of ${n} clips' images failed (first: clip ${imageErrors[0]!.k}: ${imageErrors[0]!.error})`);
      Object.assign(out, { imagesAttachMs: Date.now() - tImages, imageMB: round((n * imageBytesPerClip) / MB) });
      log(`attached ${n * imagesPerClip} images (${round((n * imageBytesPerClip) / MB)} MB) in ${((Date.now() - tImages) / 1000).toFixed(1)} s`);
    }

    // 4. Upload.
    if (freshWorker) {
      setPhase('restart A');
      const t = Date.now();
      await restartWorker(A);
      cdpA = await workerSession(A);
      await A.control.evaluate(WATCHERS);
      log(`A's service worker restarted in ${Date.now() - t} ms`);
      notes.push("A's service worker was restarted before the upload (--fresh-worker): no content document was loaded when sync was turned on");
    }
    setPhase('upload');
    const nodeProfiler = profilePrefix ? new InspectorSession() : null;
    nodeProfiler?.connect();
    const nodeCdp = nodeProfiler ? ({ send: (m: string, p?: object) => nodeProfiler.post(m, p) } as unknown as CDPSession) : null;
    const memA = new MaxSampler(memoryReader(A, () => cdpA), 500).start();
    bg.upload = memA.max;
    cleanups.push(() => memA.stop());
    phaseCpu = { name: 'upload', meter: new PhaseCpu({ A: pidA }) };
    if (profilePrefix) {
      await startProfile(cdpA, profileUs);
      await startProfile(nodeCdp!, profileUs);
    }
    const minUpload = PINNED + Math.ceil(n / 100) + Math.ceil((n * imageBytesPerClip) / 2_000_000);
    const sinceUp = Date.now();
    await A.control.evaluate((since, min) => (window as unknown as { __cpw: { watchSynced(n: string, s: number, m: number): boolean } }).__cpw.watchSynced('upload', since, min), sinceUp, minUpload);
    const set = await call(A.control, 'setSync', { enabled: true, servers: [server.url] });
    if (!set.ok) throw new Error(`setSync on A: ${set.error.message}`);
    const libraryUrl = set.value.libraryUrl;
    diagnose = async () => {
      out.uploadPhases = passPhases(await readTimeline(A.control, set.at), set.at, performance.timeOrigin + performance.now());
      out.serverHoldingsAtFailure = await serverHoldings(server.repo, libraryUrl);
    };
    const up = await waitMark<SyncStatus>(A.control, 'upload', phaseTimeoutMs, 50, { failFast: !waitRetry, onFailed: (st) => nudge(A, 'upload', st) });
    const uploadMs = up.at - set.at;
    const cpuUpload = endCpu();
    memA.stop();
    await memA.tick();
    if (profilePrefix) {
      profiles.push(`A's service worker during the upload: ${summarise(await stopProfile(cdpA, `${profilePrefix}-upload-A.cpuprofile`), 20)}`);
      profiles.push(`Node (sync server + harness) during the upload: ${summarise(await stopProfile(nodeCdp!, `${profilePrefix}-upload-server.cpuprofile`), 20)}`);
    }
    out.uploadMs = round(uploadMs);
    const tlUp = await readTimeline(A.control, set.at);
    out.uploadPhases = passPhases(tlUp, set.at, up.at);
    out.uploadTimelineHead = tlUp.slice(0, 4).map(([at, state, done, total, connected]) => ({ ms: round(at - set.at), state, done, total, connected }));
    log(`upload: ${round(uploadMs)} ms (${up.value.progress?.total} documents); A max ${round((memA.max.total ?? 0) / MB)} MB; CPU ${JSON.stringify(cpuUpload)}`);

    // What the server holds of A's library (its root, read from the server's Repo).
    const rootOnServer = await withTimeout(server.repo.find<{ contents?: Record<string, { doc: string }>; media?: Record<string, { doc: string }> }>(libraryUrl as AutomergeUrl), 30_000, "the server finding A's root");
    const contentDocs = Object.keys(rootOnServer.doc().contents ?? {}).length;
    const mediaDocs = Object.keys(rootOnServer.doc().media ?? {}).length;
    out.contentDocs = contentDocs;
    out.mediaDocs = mediaDocs;
    out.documents = PINNED + contentDocs + mediaDocs;

    // 5. Browser B joins.
    setPhase('launch B');
    const B = await launch(extDir);
    cleanups.push(() => B.close());
    const pidB = B.browser.process()?.pid;
    await B.control.evaluate(WATCHERS);
    const pingB = setInterval(() => void call(B.control, 'ping', {}, { timeoutMs: 10_000 }), 10_000);
    cleanups.push(() => clearInterval(pingB));
    let cdpB = await workerSession(B);
    setPhase('B connects');
    const sinceB = Date.now();
    await B.control.evaluate((since) => (window as unknown as { __cpw: { watchSynced(n: string, s: number, m: number): boolean } }).__cpw.watchSynced('b-own', since, 17), sinceB);
    await callOk(B.control, 'setSync', { enabled: true, servers: [server.url] });
    await waitMark(B.control, 'b-own', 60_000);
    bFirstPeers = new Set(peers.events.filter((e) => e.phase === 'B connects' && e.kind === 'connected').map((e) => e.peerId));

    setPhase('join');
    const memB = new MaxSampler(
      memoryReader(B, () => {
        if (cdpB.detached) throw new Error('detached');
        return cdpB;
      }),
      500,
    ).start();
    bg.replicate = memB.max;
    cleanups.push(() => memB.stop());
    phaseCpu = { name: 'replicate', meter: new PhaseCpu({ A: pidA, B: pidB }) };
    if (profilePrefix) {
      await startProfile(cdpB, profileUs);
      await startProfile(nodeCdp!, profileUs);
    }
    const sinceJoin = Date.now();
    await B.control.evaluate(
      (since, total, clips) => {
        const w = (window as unknown as { __cpw: { watchSynced(n: string, s: number, m: number): boolean; watchCount(n: string, c: number): boolean } }).__cpw;
        w.watchCount('list', clips);
        w.watchSynced('replicated', since, total);
      },
      sinceJoin,
      PINNED + contentDocs + mediaDocs,
      n,
    );
    const tJoin = performance.timeOrigin + performance.now();
    recordMessages = true;
    diagnose = async () => {
      out.replicatePhases = passPhases(await readTimeline(B.control, tJoin - 1_000), tJoin, performance.timeOrigin + performance.now());
      const st = await call(B.control, 'syncStatus', {}, { timeoutMs: 10_000 });
      const info = await call(B.control, 'libraryInfo', {}, { timeoutMs: 10_000 });
      out.bStatusAtFailure = st.ok ? st.value : st.error;
      out.bLibraryInfoAtFailure = info.ok ? info.value : info.error;
    };
    const joined = await call(B.control, 'joinLibrary', { libraryUrl }, { timeoutMs: 180_000 });
    if (!joined.ok) throw new Error(`joinLibrary on B: ${joined.error.code}: ${joined.error.message}`);
    const joinAnsweredMs = joined.ms;
    setPhase('replicate');
    if (cdpB.detached) {
      notes.push("B's worker CDP session detached during the join");
      cdpB = await workerSession(B);
    }
    const list = await waitMark<number>(B.control, 'list', phaseTimeoutMs, 50);
    const rep = await waitMark<SyncStatus>(B.control, 'replicated', phaseTimeoutMs, 50, { failFast: !waitRetry, onFailed: (st) => nudge(B, 'replicate', st) });
    const listReadyMs = list.at - joined.at;
    recordMessages = false;
    const replicateMs = rep.at - joined.at;
    const cpuReplicate = endCpu();
    diagnose = null;
    if (profilePrefix) {
      profiles.push(`B's service worker from the join to synced: ${summarise(await stopProfile(cdpB, `${profilePrefix}-replicate-B.cpuprofile`), 20)}`);
      profiles.push(`Node (sync server + harness) from the join to synced: ${summarise(await stopProfile(nodeCdp!, `${profilePrefix}-replicate-server.cpuprofile`), 20)}`);
    }
    const joinSteps = await call(B.control, 'debugState', {}, { timeoutMs: 30_000 });
    out.replicatePhases = { joinAnsweredMs: round(joinAnsweredMs), joinSteps: joinSteps.ok ? joinSteps.value.lastJoinSteps : null, ...passPhases(await readTimeline(B.control, joined.at), joined.at, rep.at) };
    // Which documents the server was asked for and sent until B's list was ready, ms after the join was sent.
    out.joinMessages = (serverMessages?.messages ?? []).map((m) => ({ ...m, at: Math.round((m.at - joined.at) * 10) / 10 }));
    log(`replicate: list ready ${round(listReadyMs)} ms (join answered in ${round(joinAnsweredMs)} ms), synced ${round(replicateMs)} ms; CPU ${JSON.stringify(cpuReplicate)}`);

    setPhase('raw floor again');
    await measureRaw('after the replication');

    // Every clip readable: a sample, one per 100 (the content documents hold 100), first and last.
    setPhase('verify');
    const sample = [...new Set([0, ...Array.from({ length: Math.ceil(n / 100) }, (_, k) => Math.min(n - 1, k * 100 + 50)), n - 1])];
    const readFailures: string[] = [];
    const tVerify = Date.now();
    for (const i of sample) {
      if (Date.now() - tVerify > phaseTimeoutMs) throw new TimeoutError(`reading back ${sample.length} sampled clips on B (${sampled} read)`, phaseTimeoutMs);
      const g = await call(B.control, 'getClip', { clipId: ids[i]! as never }, { timeoutMs: 60_000 });
      sampled++;
      if (!g.ok) readFailures.push(`clip ${i}: ${g.error.code}: ${g.error.message}`);
      else if (!g.value.title.endsWith(`#${i}`) || g.value.text.length === 0) readFailures.push(`clip ${i}: wrong content (title "${g.value.title.slice(-40)}", ${g.value.text.length} chars of text)`);
      if (imagesPerClip === 0) continue;
      const m = await call(B.control, 'debugClipMedia', { clipId: ids[i]! as never }, { timeoutMs: 60_000 });
      if (!m.ok) readFailures.push(`clip ${i}'s images: ${m.error.code}: ${m.error.message}`);
      else if (m.value.state !== 'saved' || m.value.images.length !== imagesPerClip || m.value.images.some((x) => x.bytes !== imageBytes)) readFailures.push(`clip ${i}'s images: ${m.value.state}, ${m.value.images.length} of ${imagesPerClip}`);
    }
    sampleReadFailures = readFailures.length;
    if (readFailures.length) notes.push(`B could not read ${readFailures.length} of ${sample.length} sampled clips: ${readFailures.slice(0, 3).join('; ')}`);
    const replicateVerifiedMs = replicateMs + (Date.now() - tVerify);
    await sleep(3_000); // memory after the replication
    memB.stop();
    await memB.tick();
    const infoB = await callOk(B.control, 'libraryInfo', {});
    Object.assign(out, { listReadyMs: round(listReadyMs), replicateMs: round(replicateMs), joinAnsweredMs: round(joinAnsweredMs), sampledReads: sample.length, sampleReadFailures, bClipCount: infoB.clipCount, bIndexedCount: infoB.indexedCount, replicateVerifiedMs: round(replicateVerifiedMs) });

    // 6. Edits, A → B, one at a time.
    setPhase('edits');
    const stride = Math.max(1, Math.floor(n / Math.max(1, Math.ceil(edits / 2))));
    if (profilePrefix) {
      await startProfile(cdpA, profileUs);
      await startProfile(cdpB, profileUs);
      await startProfile(nodeCdp!, profileUs);
    }
    const tEdits = Date.now();
    for (let k = 0; k < edits; k++) {
      if (Date.now() - tEdits > phaseTimeoutMs) throw new TimeoutError(`${edits} edits (${k} done)`, phaseTimeoutMs);
      if (editLost.length >= 5 && editLost.length === k) throw new Error(`the first ${k} edits never reached B`);
      const i = Math.min(n - 1, Math.floor(k / 2) * stride + (Math.floor(k / 2) % 7));
      const id = ids[i]!;
      const read = k % 2 === 0;
      await B.control.evaluate((name, clip, r) => (window as unknown as { __cpw: { watchRead(n: string, id: string, r: boolean): boolean } }).__cpw.watchRead(name, clip, r), `edit${k}`, id, read);
      const sent = await withTimeout(A.control.evaluate((clip, r) => (window as unknown as { __cpw: { mark(id: string, r: boolean): Promise<{ wall: number; at: number; ms: number }> } }).__cpw.mark(clip, r), id, read), 35_000, `markRead ${k}`);
      try {
        const seen = await waitMark<unknown>(B.control, `edit${k}`, 10_000, 20);
        editLatencies.push(seen.wall - sent.wall);
        markReadMs.push(sent.ms);
      } catch (e) {
        editLost.push(k);
        log(`  edit ${k}: ${e instanceof Error ? e.message : String(e)}`);
      }
      await sleep(100 + Math.floor(Math.random() * 100));
    }
    if (profilePrefix) {
      profiles.push(`A's service worker during the edits: ${summarise(await stopProfile(cdpA, `${profilePrefix}-edits-A.cpuprofile`), 15)}`);
      profiles.push(`B's service worker during the edits: ${summarise(await stopProfile(cdpB, `${profilePrefix}-edits-B.cpuprofile`), 15)}`);
      profiles.push(`Node (sync server + harness) during the edits: ${summarise(await stopProfile(nodeCdp!, `${profilePrefix}-edits-server.cpuprofile`), 15)}`);
    }
    log(`edits: p50 ${round(median(editLatencies))} ms, p95 ${round(percentile(editLatencies, 95))} ms, max ${round(Math.max(...editLatencies))} ms${editLost.length ? `, ${editLost.length} never arrived` : ''}`);

    setPhase('final');
    finalA = await callOk(A.control, 'syncStatus', {});
    if (failedPasses.length) notes.push(`${failedPasses.length} pass(es) ended in error and were followed by another (--wait-retry): ${failedPasses.map((f) => `${f.phase} at +${f.afterS} s: ${f.message}`).join('; ')}`);
    finalB = await callOk(B.control, 'syncStatus', {});
    // The server's copy of the library, read from its Repo (after every measurement: it loads the documents).
    clearInterval(rssTimer);
    const held = await serverHoldings(server.repo, libraryUrl);
    out.serverHolds = { clips: held.clips, articles: held.articles, missing: held.missing.length };
    if (held.clips !== n || held.articles !== n || held.missing.length) notes.push(`the server holds ${held.clips} clips in its catalogs and ${held.articles} articles (${held.missing.length} documents it could not produce)`);
  } catch (e) {
    failure = { phase, reason: e instanceof Error ? e.message : String(e) };
    if (e instanceof PassFailed) failedDocs = failuresOf(e.status);
    log(`FAILED in phase "${phase}": ${failure.reason}`);
    endCpu();
    if (diagnose) await withTimeout(diagnose(), 120_000, 'diagnosis').catch((d) => notes.push(`diagnosis failed: ${d instanceof Error ? d.message : String(d)}`));
    if (out.serverHoldingsAtFailure) {
      const h = out.serverHoldingsAtFailure as Awaited<ReturnType<typeof serverHoldings>>;
      notes.push(`at the failure the server held ${h.clips} clips in its catalogs (${JSON.stringify(h.catalogClips)}) and ${h.articles} articles (${JSON.stringify(h.contents.map((c) => c.items))}); could not produce ${h.missing.length} documents`);
    }
  } finally {
    phase = 'teardown';
  }
  await cleanup();
  const closeEvents = peers?.events.filter((e) => e.phase === 'teardown' && e.kind === 'disconnected') ?? [];
  peers?.stop();

  // Figures.
  // B's first peer leaves on purpose when the join replaces B's Repo; the server may see its close after the join has answered.
  const drops = (peers?.events ?? []).filter((e) => e.kind === 'disconnected' && e.phase !== 'teardown' && !(bFirstPeers.has(e.peerId) && ['join', 'replicate'].includes(e.phase)));
  const bgMax = Math.max(bg.upload.total ?? 0, bg.replicate.total ?? 0);
  const unavailable = failuresOf(finalA) + failuresOf(finalB) + sampleReadFailures + failedDocs;
  const result = {
    editP50Ms: editLatencies.length ? round(median(editLatencies)) : null,
    editP95Ms: editLatencies.length ? round(percentile(editLatencies, 95)) : null,
    clips: n,
    listReadyMs: (out.listReadyMs as number | undefined) ?? null,
    replicateMs: (out.replicateMs as number | undefined) ?? null,
    uploadMs: (out.uploadMs as number | undefined) ?? null,
    rawTransferMs: (out.rawTransferMs as number | undefined) ?? null,
    replicateRatio: out.replicateMs !== undefined && out.rawTransferMs ? round((out.replicateMs as number) / (out.rawTransferMs as number), 2) : null,
    uploadRatio: out.uploadMs !== undefined && out.rawTransferMs ? round((out.uploadMs as number) / (out.rawTransferMs as number), 2) : null,
    backgroundMB: bgMax ? round(bgMax / MB) : null,
    serverMB: serverRssMax ? round(serverRssMax / MB) : null,
    unavailable,
    peerDrops: drops.length,
    // extras
    ...out,
    edits: { done: editLatencies.length, lost: editLost.length, minMs: editLatencies.length ? round(Math.min(...editLatencies)) : null, maxMs: editLatencies.length ? round(Math.max(...editLatencies)) : null, meanMs: editLatencies.length ? round(mean(editLatencies)) : null, markReadAnswerP50Ms: markReadMs.length ? round(median(markReadMs)) : null, all: editLatencies.map((x) => round(x)) },
    memory: {
      uploadA: { maxTotalMB: round((bg.upload.total ?? 0) / MB), maxHeapMB: round((bg.upload.heap ?? 0) / MB), maxOutsideMB: round((bg.upload.outside ?? 0) / MB), wasmMB: round((bg.upload.wasm ?? 0) / MB) },
      replicateB: { maxTotalMB: round((bg.replicate.total ?? 0) / MB), maxHeapMB: round((bg.replicate.heap ?? 0) / MB), maxOutsideMB: round((bg.replicate.outside ?? 0) / MB), wasmMB: round((bg.replicate.wasm ?? 0) / MB) },
      serverProcessRssBeforeServerMB: round(serverRss0 / MB),
    },
    cpuSeconds: cpu,
    finalStatus: { A: finalA ? { state: finalA.state, message: finalA.message, progress: finalA.progress } : null, B: finalB ? { state: finalB.state, message: finalB.message, progress: finalB.progress } : null },
    failedPasses,
    peerEvents: (peers?.events ?? []).filter((e) => e.phase !== 'teardown').map((e) => ({ ...e, at: e.at - tRun })),
    peerDropsDetail: drops.map((e) => ({ ...e, at: e.at - tRun })),
    deliberateCloses: closeEvents.length,
    failure,
    notes,
    runS: round((Date.now() - tRun) / 1000),
    loadavg: { start: loadStart, end: loadavg().map((x) => round(x, 2)), cpus: cpus().length },
  };

  const ms = (x: unknown) => (typeof x === 'number' ? `${x} ms` : '—');
  console.log(`\nSync benchmark: ${n} clips (${out.articles ?? '?'} distinct articles, ${out.documents ?? '?'} documents), edits ${edits}`);
  if (imagesPerClip > 0) console.log(`  images           ${imagesPerClip} per clip of ${imageBytes} bytes (${out.imageMB ?? '?'} MB in ${out.mediaDocs ?? '?'} media documents, attached in ${ms(out.imagesAttachMs)})`);
  console.log(`  uploadMs         ${ms(result.uploadMs)}   (A: setSync → synced, empty server)`);
  console.log(`  listReadyMs      ${ms(result.listReadyMs)}   (B: joinLibrary → ${n} clips listed; join answered in ${ms(out.joinAnsweredMs)})`);
  console.log(`  replicateMs      ${ms(result.replicateMs)}   (B: joinLibrary → synced, every document; ${sampled} clips read back, ${sampleReadFailures} failed)`);
  console.log(`  rawTransferMs    ${ms(result.rawTransferMs)}   (median of ${JSON.stringify(out.rawRunsMs ?? [])}, before the saves and after the replication; ${out.rawMB ?? '?'} MB over ws, one file per clip)`);
  console.log(`  replicateRatio   ${result.replicateRatio ?? '—'}   uploadRatio ${result.uploadRatio ?? '—'}`);
  console.log(`  edit latency     p50 ${ms(result.editP50Ms)}, p95 ${ms(result.editP95Ms)} (${editLatencies.length} of ${edits} arrived; max ${ms(result.edits.maxMs)}; A's markRead answered in ${ms(result.edits.markReadAnswerP50Ms)} p50)`);
  console.log(`  backgroundMB     ${result.backgroundMB ?? '—'}   (maxima: A upload: heap ${result.memory.uploadA.maxHeapMB}, ArrayBuffers and Blink ${result.memory.uploadA.maxOutsideMB}, wasm ${result.memory.uploadA.wasmMB}; B replicate: heap ${result.memory.replicateB.maxHeapMB}, ArrayBuffers and Blink ${result.memory.replicateB.maxOutsideMB}, wasm ${result.memory.replicateB.wasmMB})`);
  console.log(`  serverMB         ${result.serverMB ?? '—'}   (RSS of this process: server + harness; ${result.memory.serverProcessRssBeforeServerMB} MB before the server started)`);
  console.log(`  unavailable      ${result.unavailable}${failedPasses.length ? ` (documents reported failed by ${failedPasses.length} pass(es) that ended in error, each followed by another)` : ''}   peerDrops ${result.peerDrops}${drops.length ? ` (${drops.map((d) => `${d.phase} +${round((d.at - tRun) / 1000)} s`).join(', ')})` : ''}`);
  if (out.uploadPhases) console.log(`  upload phases    ${JSON.stringify(out.uploadPhases)}`);
  if (out.replicatePhases) console.log(`  replicate phases ${JSON.stringify(out.replicatePhases)}`);
  for (const [k, v] of Object.entries(cpu)) console.log(`  CPU s, ${k.padEnd(9)} ${JSON.stringify(v)}`);
  for (const x of notes) console.log(`  note: ${x}`);
  // Profiles: areas under 1% of busy time left out (the Node profile lists every module).
  for (const p of profiles) console.log(`\n${p.split('\n').filter((l) => !/^ {4}\S.*\s(0\.\d)%$/.test(l)).join('\n')}`);
  console.log(`  load average (1/5/15 min) at start ${loadStart.join(' ')}, at end ${result.loadavg.end.join(' ')} on ${cpus().length} cores${result.loadavg.end[1]! > cpus().length ? ' — other work was running: timings are inflated' : ''}`);
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  const checks: Array<[boolean, string]> = [
    [num(result.editP50Ms) && result.editP50Ms <= 150 && editLost.length === 0, `edit p50 ${ms(result.editP50Ms)} ≤ 150 ms${editLost.length ? ` (${editLost.length} edits never arrived)` : ''}`],
    [num(result.listReadyMs) && num(result.replicateMs) && result.listReadyMs <= result.replicateMs / 10, `listReady ${ms(result.listReadyMs)} ≤ replicate / 10 (${num(result.replicateMs) ? round(result.replicateMs / 10) : '—'} ms)`],
    [num(result.replicateRatio) && result.replicateRatio <= 5, `replicateRatio ${result.replicateRatio ?? '—'} ≤ 5`],
    [num(result.uploadRatio) && result.uploadRatio <= 5, `uploadRatio ${result.uploadRatio ?? '—'} ≤ 5`],
    [result.unavailable === 0 && !failure, `unavailable ${result.unavailable} = 0`],
    [result.peerDrops === 0, `peerDrops ${result.peerDrops} = 0`],
    [num(result.backgroundMB) && result.backgroundMB <= 150, `background ${result.backgroundMB ?? '—'} MB ≤ 150 MB`],
  ];
  console.log('');
  if (failure) console.log(`FAIL  run stopped in phase "${failure.phase}": ${failure.reason}`);
  for (const [ok, what] of checks) console.log(`${verdict(ok)}  ${what}`);
  if (jsonOut) {
    writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${jsonOut}`);
  }
  return failure ? 1 : 0;
}

main()
  .then((code) => process.exit(code))
  .catch(async (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    await cleanup();
    process.exit(1);
  });
