/**
 * Library benchmark: a library of N clips (default 10,000) of real article content.
 *
 *   npm run bench:library -- [--clips N] [--json <file>] [--corpus <dir>] [--concurrency K]
 *                            [--batch B] [--page-timeout ms] [--no-build] [--no-stages]
 *                            [--panel-profile <file.cpuprofile>] [--no-search] [--export]
 *                            [--search-gap ms] [--heap-snapshot <file>] [--heap-sampling <file>]
 *                            [--heap-survivors <file>]
 *                            [--search-profile <file.cpuprofile>] [--worker-profile <file.cpuprofile>] [--open-profile <file.cpuprofile>] [--open-trace <file.json>] [--first-panel-trace <file.json>] [--at-open-trace <file.json>] [--gc-before-open] [--side-panel]
 *
 * 1. Headless Chromium with the built test extension (`wxt build -b chrome --mode test`:
 *    the benchmark needs `debugState`) on a fresh profile; the corpus (default
 *    ../shared/corpus/readability beside the repository) served on 127.0.0.1.
 * 2. Articles: each corpus page is opened once and the extension's own content script
 *    extracts it (injected and asked `extractPage` from the service worker, over CDP,
 *    exactly as a save does) — nothing is saved in this step. Dialogs the pages open are
 *    dismissed (beforeunload accepted) at once, and each page has `--page-timeout` ms
 *    (default 30 s) to load and be extracted; a page that fails is left out, listed with
 *    its reason in `extractFailures`, and its tab replaced.
 * 3. N clips through `saveExtracted` (the same write path as every capture), cycling
 *    through the articles, pageUrl https://bench.example/<name>/<i>, canonicalUrl null,
 *    title "<title> #<i>". Sent from an extension page, K at a time (default 1 =
 *    sequential; each save is timed in the page). saveAllMs = wall time of all saves.
 *    Progress every B (default 500) clips on stderr, with the running rate, the worker's
 *    heap and WebAssembly memory, and (unless --no-stages) the IndexedDB bytes and
 *    transaction time per save for the root document, the clip documents and the index
 *    (wrappers installed in the worker by scripts/bench/stages.ts; overhead ~µs per call).
 * 4. listRenderMs: sidepanel.html opened in a new tab, or with --side-panel as Chromium's real
 *    side panel (a headful browser on Xvfb: scripts/bench/side-panel.ts; the search figures and
 *    the cold start are then taken in the real panel too); `window.__cpListRenderedAt`
 *    (performance.now() at the first rendered rows, i.e. ms since navigation start),
 *    polled until set; the rows shown are counted.
 * 5. backgroundMB = (Runtime.getHeapUsage() of the service worker: usedSize, the JS heap, +
 *    backingStorageSize, the ArrayBuffers' bytes outside it (the search index's sealed posting
 *    lists among them), + embedderHeapUsedSize, Blink's own heap; + the `wasmBytes` debugState
 *    reports, Automerge's WebAssembly memory, which none of those counts) / 2^20, read after the
 *    side panel rendered and, with search, once the timed queries are done (the index built by
 *    the first search, since the clips were saved with no search open, then searched). (Until
 *    2026-12-02 only usedSize + wasm were counted, and the reading came after the
 *    rebuild of step 7.) The background is read again right after the rebuild
 *    (`backgroundAfterRebuild`), then each second for --idle-readings seconds (default 20) with no
 *    forced collection (`backgroundIdleMB`: how long the rebuild's garbage stays), then after one.
 *    --rebuild-readings K: K more rebuilds, the background read right after each and after a
 *    collection (`rebuildReadings`), since one reading is one draw of when V8 last collected.
 *    A ping every 10 s keeps the worker alive; a changed debugState.startedAt means it
 *    was restarted anyway, and is reported.
 * 6. bytesPerClip: exact sum of key and value bytes in 'commonplace-automerge' and
 *    'commonplace-index' (scripts/bench/storage.ts) / N; navigator.storage.estimate()
 *    usage / N beside it. rawBytesPerClip = mean UTF-8 bytes of html + text of the clips.
 *
 * 7. Search (unless --no-search; scripts/bench/search-panel.ts): the fixed query set of
 *    scripts/bench/search-queries.ts typed into the real side panel's search box, 3 times each
 *    (searchP50Ms, searchP95Ms: keystroke to rendered results), a new clip searchable
 *    (indexOneMs), a full rebuild (rebuildMs), the search database's bytes (searchIndexBytes,
 *    also in bytesPerClip), and, last, coldStartMs: the worker stopped, then a page's first call
 *    answered. The memory reading is taken between the timed queries and the new clips, so
 *    backgroundMB includes the loaded index. Then `backgroundEveryday` (judged too;
 *    scripts/bench/everyday-memory.ts): the background the cold start restarted, its index
 *    opened from the snapshot by a side panel's first search, the query set typed once.
 *
 * 8. --export: the whole library exported as the options page does it: time, zip bytes, and the
 *    peak JS heap of the page writing it (scripts/bench/export-measure.ts).
 *
 * Targets: list render ≤ 100 ms, background ≤ 150 MB, stored bytes ≤ 1.3× raw; search p95 ≤ 30 ms,
 * a new clip searchable ≤ 200 ms, cold start ≤ 300 ms.
 */
import { fileURLToPath } from 'node:url';
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { CDPSession, Page } from 'puppeteer-core';
import {
  buildExtension,
  call,
  callOk,
  envelope,
  launch,
  log,
  openExtensionPage,
  PAGE_SEND,
  sleep,
  workerSession,
  type Method,
  type Session,
} from './bench/browser';
import { startProfile, stopProfile, summarise } from './bench/cpuprofile';
import { listCorpus, serveCorpus } from './bench/server';
import { docIdOf, installStages, takeStages, type StageAgg } from './bench/stages';
import type { Envelope } from '../src/protocol/rpc';
import { measureStorage } from './bench/storage';
import { measureEverydayMemory } from './bench/everyday-memory';
import { measureColdStart, measureSearch, rebuildAndWait } from './bench/search-panel';
import { measureExport } from './bench/export-measure';
import { writeHeapSnapshot } from './bench/heap-summary';
import { startHeapSampling, stopHeapSampling } from './bench/heap-sampling';
import { queriesOf } from './bench/search-queries';
import { closePanel, openPanel, panelModeOf, pollRendered, waitForEntry } from './bench/side-panel';
import { comparePanelAndTab } from './bench/panel-compare';
import { DEFAULT_TEXT_CHARS } from '../src/search/fields';
import { extractArticles, type Article } from './bench/sync-articles';
import { intFlag, mean, median, parseArgs, percentile, round } from './bench/stats';
import { backgroundBytes, breakdownOf, outsideHeap, readBackground, type HeapUsage } from './bench/heap-usage';

const MB = 2 ** 20;

/** What BATCH_RUNNER's `__runBatch` answers. */
interface BatchRun {
  ms: number;
  times: number[];
  starts: number[];
  errors: { i: number; error: string }[];
}

interface BatchReport {
  upTo: number;
  ms: number;
  perSaveMeanMs: number;
  perSaveP50Ms: number;
  perSaveP95Ms: number;
  perSaveMaxMs: number;
  ratePerSec: number;
  heapUsedMB: number | null;
  wasmMB: number | null;
  loadedHandles: number | null;
  startedAt: number | null;
  idb?: Record<string, { perSaveBytes: number; perSaveMs: number; perSaveTx: number; maxTxBytes: number; maxTxMs: number }>;
  rootCompactions?: { bytes: number; atSave: number | null }[];
  rootChunksDeleted?: number;
  rootIncrementalPuts?: number;
  slowest?: { i: number; ms: number }[];
}

async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2), ['no-build', 'no-stages', 'no-search', 'export', 'gc-before-open']);
  const n = intFlag(flags, 'clips', 10_000);
  const concurrency = Math.max(1, intFlag(flags, 'concurrency', 1));
  const batch = Math.max(1, intFlag(flags, 'batch', 500));
  const corpusDir = typeof flags.get('corpus') === 'string' ? (flags.get('corpus') as string) : fileURLToPath(new URL('../../shared/corpus/readability', import.meta.url));
  const stringFlag = (name: string) => (typeof flags.get(name) === 'string' ? String(flags.get(name)) : null);
  const jsonOut = stringFlag('json');
  const stages = !flags.has('no-stages');
  const pageTimeoutMs = Math.max(1_000, intFlag(flags, 'page-timeout', 30_000));

  const pages = listCorpus(corpusDir);
  const loadStart = loadavg().map((x) => round(x, 2));
  const extDir = buildExtension(flags.has('no-build'));
  const server = await serveCorpus(pages);
  let s: Session | null = null;
  let keepAlive: NodeJS.Timeout | null = null;
  const notes: string[] = [];
  try {
    const tLaunch = Date.now();
    s = await launch(extDir, [], panelModeOf(process.argv.slice(2)));
    const session = s;
    log(`extension ${s.extId} up in ${Date.now() - tLaunch} ms; ${n} clips, concurrency ${concurrency}`);

    // Keep the worker alive: an extension page pings every 10 s on its own timer.
    const pinger = await openExtensionPage(s.browser, s.base, 'options.html');
    await pinger.evaluate(`setInterval(() => void ${PAGE_SEND}(${JSON.stringify(envelope('ping', {}))}, 10000), 10000)`);
    keepAlive = setInterval(() => void call(session.control, 'ping', {}, { timeoutMs: 10_000 }), 10_000);

    let cdp = await workerSession(s);
    const getCdp = async (): Promise<CDPSession> => {
      if (cdp.detached) {
        notes.push('the worker CDP session detached (worker restarted?)');
        cdp = await workerSession(session);
        if (stages) await installStages(cdp, rootDocId, false);
      }
      return cdp;
    };
    const debug0 = await callOk(s.control, 'debugState', {});
    const rootDocId = docIdOf(debug0.libraryUrl);
    const startedAt0 = debug0.startedAt;

    // 1. Articles, extracted by the extension's content script (nothing is saved).
    const tExtract = Date.now();
    const { articles, failures: extractFailures } = await extractArticles(s, cdp, server.url.bind(server), pages.map((p) => p.name), pageTimeoutMs, 'lib-tab');
    if (articles.length === 0) throw new Error(`no article could be extracted from the corpus (${extractFailures[0]?.reason ?? 'no pages'})`);
    log(`extracted ${articles.length}/${pages.length} articles in ${((Date.now() - tExtract) / 1000).toFixed(1)} s; mean html+text ${Math.round(mean(articles.map((a) => a.rawBytes)) / 1024)} KB`);
    const rawBytesPerClip = mean(Array.from({ length: n }, (_, i) => articles[i % articles.length]!.rawBytes));

    const emptyPanel = await measurePanel(s);
    log(`side panel on the empty library: rendered at ${emptyPanel.ms?.toFixed(1)} ms ${JSON.stringify(emptyPanel.timeline)}`);

    if (stages) await installStages(cdp, rootDocId, false);
    if (stages) await takeStages(cdp);

    // 2. N saves, run inside the control page in batches.
    // Plain JS source: functions passed to page.evaluate get tsx's __name helpers, which pages lack.
    await s.control.evaluate(batchRunner());
    await s.control.evaluate((arts) => void ((window as unknown as { __arts: unknown }).__arts = arts), articles.map((a) => ({ name: a.name, page: a.page })));

    const batches: BatchReport[] = [];
    const allTimes: number[] = [];
    const errors: { i: number; error: string }[] = [];
    let saveAllMs = 0;
    const tAll = Date.now();
    for (let from = 0; from < n; from += batch) {
      const to = Math.min(n, from + batch);
      const r = await s.control.evaluate((a, b, c) => (window as unknown as { __runBatch(a: number, b: number, c: number): Promise<BatchRun> }).__runBatch(a, b, c), from, to, concurrency);
      saveAllMs += r.ms;
      allTimes.push(...r.times);
      errors.push(...r.errors);
      const c = await getCdp();
      const heap = (await c.send('Runtime.getHeapUsage').catch(() => null)) as { usedSize: number } | null;
      const dbg = await call(s.control, 'debugState', {});
      const rep: BatchReport = {
        upTo: to,
        ms: round(r.ms),
        perSaveMeanMs: round(mean(r.times), 2),
        perSaveP50Ms: round(median(r.times), 2),
        perSaveP95Ms: round(percentile(r.times, 95), 2),
        perSaveMaxMs: round(Math.max(...r.times), 1),
        ratePerSec: round(((to - from) / r.ms) * 1000, 2),
        heapUsedMB: heap ? round(heap.usedSize / MB, 1) : null,
        wasmMB: dbg.ok && dbg.value.wasmBytes !== null ? round(dbg.value.wasmBytes / MB, 1) : null,
        loadedHandles: dbg.ok ? dbg.value.loadedHandles : null,
        startedAt: dbg.ok ? dbg.value.startedAt : null,
      };
      if (stages) {
        const taken = await takeStages(c);
        const agg = taken.agg;
        // Which save each root compaction happened in (by its absolute start time).
        const saveAt = (at: number): number | null => {
          let k = -1;
          for (let j = 0; j < r.starts.length; j++) if (r.starts[j]! <= at) k = j;
          return k < 0 ? null : from + k;
        };
        rep.idb = {};
        for (const [k, v] of Object.entries(agg as Record<string, StageAgg>)) {
          rep.idb[k] = { perSaveBytes: round(v.bytes / (to - from)), perSaveMs: round(v.ms / (to - from), 2), perSaveTx: round(v.tx / (to - from), 2), maxTxBytes: v.maxBytes, maxTxMs: round(v.maxMs, 1) };
        }
        rep.rootCompactions = taken.rootSnapshots.map((x) => ({ bytes: x.bytes, atSave: saveAt(x.at) }));
        rep.rootChunksDeleted = taken.rootDeletes;
        rep.rootIncrementalPuts = taken.rootIncrementals;
      }
      rep.slowest = r.times
        .map((ms, k) => ({ i: from + k, ms: round(ms, 1) }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 3);
      batches.push(rep);
      if (rep.startedAt !== null && rep.startedAt !== startedAt0 && !notes.some((x) => x.startsWith('worker restarted'))) {
        notes.push(`worker restarted during the saves (startedAt ${startedAt0} → ${rep.startedAt}, by clip ${to})`);
      }
      const idb = rep.idb
        ? ' | idb/save ' + Object.entries(rep.idb).map(([k, v]) => `${k.replace('commonplace-', '')} ${(v.perSaveBytes / 1024).toFixed(1)} KB ${v.perSaveMs} ms`).join(', ')
        : '';
      const comp = rep.rootCompactions?.length
        ? ` | root compactions ${rep.rootCompactions.map((x) => `#${x.atSave} ${Math.round(x.bytes / 1024)} KB`).join(', ')}, root chunks deleted ${rep.rootChunksDeleted}, incremental puts ${rep.rootIncrementalPuts}`
        : rep.idb ? ` | root incremental puts ${rep.rootIncrementalPuts}` : '';
      log(
        `[${to}/${n}] ${rep.ratePerSec} clips/s this batch, ${round((to / (Date.now() - tAll)) * 1000, 2)} clips/s overall; per save mean ${rep.perSaveMeanMs} p50 ${rep.perSaveP50Ms} p95 ${rep.perSaveP95Ms} max ${rep.perSaveMaxMs} ms; heap ${rep.heapUsedMB} MB, wasm ${rep.wasmMB} MB, handles ${rep.loadedHandles}${idb}${comp}; slowest ${rep.slowest.map((x) => `#${x.i} ${x.ms} ms`).join(', ')}${r.errors.length ? ` | ${r.errors.length} errors, first: ${r.errors[0]!.error}` : ''}`,
      );
    }
    log(`saved ${n} clips in ${(saveAllMs / 1000).toFixed(1)} s (${errors.length} errors)`);

    // 3. The side panel's first render. --open-profile <file>: a CPU profile of the background
    // over it (what the background does meanwhile, right after the saves).
    const openProfile = stringFlag('open-profile');
    if (openProfile) await startProfile(await getCdp(), 200);
    // --gc-before-open: the control page's garbage (10,000 save calls' worth) collected before the
    // first open, 1 s before it: the extension's pages share one renderer thread and one V8 heap.
    if (flags.has('gc-before-open')) {
      const pc = await s.control.createCDPSession();
      await pc.send('HeapProfiler.collectGarbage');
      await pc.detach();
      await sleep(1_000);
    }
    // --open-trace <file>: a browser-wide trace over it (every process's threads: what else runs meanwhile).
    const openTrace = stringFlag('open-trace');
    if (openTrace) await s.control.tracing.start({ path: openTrace, categories: ['toplevel', 'v8', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading', 'navigation', 'IndexedDB', 'leveldb', 'disabled-by-default-v8.cpu_profiler'] });
    const panel = await openPanel(s);
    const listRenderMs = await pollRendered(panel);
    if (openTrace) await sleep(300).then(() => s!.control.tracing.stop());
    if (openProfile) {
      await sleep(300);
      log(`background during the first open (rows at ${listRenderMs?.toFixed(1)} ms, profile to 300 ms after) ${summarise(await stopProfile(await getCdp(), openProfile), 30)}`);
    }
    const rowsShown = await panel.$$eval('[data-testid="clip-item"]', (els) => els.length);
    const firstRow = await panel.$eval('[data-testid="clip-item"]', (el) => (el.textContent ?? '').slice(0, 80)).catch(() => null);
    const panelTimelineCold = await panelTimeline(panel);
    log(`  first-open timeline ${JSON.stringify(panelTimelineCold)}`);
    await panel.reload({ waitUntil: 'domcontentloaded' });
    const listRenderWarmMs = await pollRendered(panel);
    const panelTimelineWarm = await panelTimeline(panel);
    log(`  reload timeline ${JSON.stringify(panelTimelineWarm)}`);
    let panelProfile: string | null = null;
    if (typeof flags.get('panel-profile') === 'string') {
      // A CPU profile of one more reload (same process, so the session survives the navigation).
      const pc = await panel.createCDPSession();
      await startProfile(pc, 100);
      await panel.reload({ waitUntil: 'domcontentloaded' });
      const ms = await pollRendered(panel);
      await sleep(200);
      panelProfile = `side panel reload (rows at ${ms?.toFixed(1)} ms with the profiler on) ${summarise(await stopProfile(pc, flags.get('panel-profile') as string), 30)}`;
      await pc.detach();
    }
    log(`side panel: first rows at ${listRenderMs === null ? 'never' : `${listRenderMs.toFixed(1)} ms`} (reload: ${listRenderWarmMs?.toFixed(1)} ms), ${rowsShown} rows, first: ${firstRow}`);
    // Opened again in a new tab once the background has been idle for 2 s: the usual way a
    // side panel meets a large library (not in the wake of thousands of saves).
    await closePanel(s, panel);
    await sleep(2_000);
    const settled = await measurePanel(s, { scan: true });
    log(`  settled first-open timeline ${JSON.stringify(settled.timeline)}; the list's whole scan ${settled.scanMs} ms, done at ${settled.scanEndMs} ms`);

    // --heap-sampling <file>: what the background allocates from here to the memory reading, garbage included.
    const sampling = stringFlag('heap-sampling');
    // --heap-survivors <file>: what outlived a young collection from here to the judged reading (promoted: live, or old garbage).
    const survivors = stringFlag('heap-survivors');
    if (sampling || survivors) await startHeapSampling(await getCdp(), 32_768, survivors !== null);
    // 3b. Search in the real side panel (scripts/bench/search-panel.ts). The memory reading is taken
    // once the timed queries are done (the index loaded and searched), before the rebuild; the
    // background is read again after the rebuild.
    let working: { heap: HeapUsage; wasmBytes: number } | null = null;
    const readWorking = async () => {
      const heap = (await (await getCdp()).send('Runtime.getHeapUsage')) as HeapUsage;
      const d = await callOk(session.control, 'debugState', {});
      working = { heap, wasmBytes: d.wasmBytes ?? 0 };
      if (survivors) log(await stopHeapSampling(await getCdp(), survivors));
    };
    const queries = queriesOf(articles, 'https://bench.example/x', DEFAULT_TEXT_CHARS);
    const search = flags.get('no-search')
      ? null
      : await measureSearch(s, queries, 3, intFlag(flags, 'search-gap', 30), { panel: stringFlag('search-profile'), worker: stringFlag('worker-profile'), firstPanelTrace: stringFlag('first-panel-trace'), atOpenTrace: stringFlag('at-open-trace') }, readWorking);
    if (search?.profile) log(search.profile);
    if (search) log(`search: p50 ${search.searchP50Ms} p95 ${search.searchP95Ms} max ${search.searchMaxMs} ms over ${search.queries} queries × 3 (first ${search.searchFirstMs} ms); new clip searchable in ${search.indexOneMs} ms; rebuild ${search.rebuildMs} ms`);

    // 4. Background memory, after the side panel opened (and, with search, after the rebuild: `last`).
    const c = await getCdp();
    const last = (await c.send('Runtime.getHeapUsage')) as HeapUsage;
    if (sampling) log(await stopHeapSampling(c, sampling));
    const dbg = await callOk(s.control, 'debugState', {});
    // Left idle (no forced collection): the whole background every second, to see how long the garbage of the last step stays.
    const idleSeconds = intFlag(flags, 'idle-readings', 20);
    const idleMB: number[] = [];
    for (let k = 0; k < idleSeconds; k++) {
      await sleep(1_000);
      idleMB.push(round(backgroundBytes((await c.send('Runtime.getHeapUsage')) as HeapUsage, dbg.wasmBytes ?? 0) / MB, 1));
    }
    if (idleMB.length) log(`background left idle, each second: ${idleMB.join(', ')} MB`);
    await c.send('HeapProfiler.collectGarbage').catch(() => undefined);
    const heapAfterGc = (await c.send('Runtime.getHeapUsage')) as HeapUsage;
    // --heap-snapshot <file>: the background's heap after that GC, for DevTools (or scripts/bench/heap-summary.ts).
    if (typeof flags.get('heap-snapshot') === 'string') await writeHeapSnapshot(c, String(flags.get('heap-snapshot')));
    // --rebuild-readings K: K more rebuilds, the background read right after each (nothing forced) and after a
    // collection: how a reading taken right after a rebuild spreads (one reading is one draw of when V8 last collected).
    const rebuildReadings: Array<{ mb: number; heapMB: number; outsideMB: number; afterGcMB: number; rebuildMs: number }> = [];
    for (let k = 0; k < intFlag(flags, 'rebuild-readings', 0); k++) {
      const rebuildMs = await rebuildAndWait(session);
      const { now: h, afterGc: g, wasmBytes: w } = await readBackground(c, async () => (await callOk(session.control, 'debugState', {})).wasmBytes ?? 0);
      rebuildReadings.push({ mb: round(backgroundBytes(h, w) / MB, 1), heapMB: round(h.usedSize / MB, 1), outsideMB: round(outsideHeap(h) / MB, 1), afterGcMB: round(backgroundBytes(g, w) / MB, 1), rebuildMs: round(rebuildMs) });
    }
    if (rebuildReadings.length) {
      const mbs = rebuildReadings.map((r) => r.mb);
      log(`right after each of ${mbs.length} more rebuilds: ${mbs.join(', ')} MB (median ${round(median(mbs), 1)}, ${mbs.filter((x) => x <= 150).length} of ${mbs.length} ≤ 150 MB); after a collection ${rebuildReadings.map((r) => r.afterGcMB).join(', ')} MB`);
    }
    const wasmBytes = dbg.wasmBytes ?? 0;
    const afterRebuild = working ? breakdownOf(last, wasmBytes) : null;
    const read = (working as { heap: HeapUsage; wasmBytes: number } | null) ?? { heap: last, wasmBytes };
    const heap = read.heap;
    const judged = breakdownOf(heap, read.wasmBytes);
    if (dbg.startedAt !== startedAt0 && !notes.some((x) => x.startsWith('worker restarted'))) {
      notes.push(`worker restarted before the memory reading (startedAt ${startedAt0} → ${dbg.startedAt}): the figures are of a fresh worker`);
    }

    // 5. Storage.
    const storage = await measureStorage(s.control, rootDocId);
    const bytesPerClip = storage.totalBytes / n;
    const info = await call(s.control, 'libraryInfo', {});
    const searchDb = storage.databases['commonplace-search'] ?? {};
    const searchIndexBytes = Object.values(searchDb).reduce((sum, v) => sum + v.keyBytes + v.valueBytes, 0);
    // 6. Cold start: the worker stopped, the first answer to a page (last: it restarts the worker).
    // 5b. The whole library exported as the options page does it (--export; scripts/bench/export-measure.ts).
    const exported = flags.get('export') ? await measureExport(s) : null;
    if (exported) log(`export: ${exported.state} in ${exported.exportMs} ms, ${exported.exportClips} clips, ${exported.exportBytes} bytes; writer peak heap ${exported.writerPeakHeapMB} MB${exported.error ? `; ${exported.error}` : ''}`);
    // The worker's DevTools session goes first: with it attached, a stopped worker was not started again for a page's messages.
    await (await getCdp()).detach().catch(() => undefined);
    const cold = flags.get('no-search') ? null : await measureColdStart(s);
    const coldStartMs = cold?.ms ?? null;
    // 6b. The background as a user meets it every day: restarted, its index opened from the snapshot, searched (judged too).
    const everyday = flags.get('no-search') ? null : await measureEverydayMemory(s, queries, intFlag(flags, 'search-gap', 30));
    if (everyday) log(`everyday background: ${JSON.stringify(everyday)}`);
    // --side-panel's control: the real panel against a tab in this same browser, in turns (panel-compare.ts).
    const compared = session.panelMode === 'side-panel' && !flags.get('no-search') ? await comparePanelAndTab(session, queries, 3, 2, intFlag(flags, 'search-gap', 30)) : null;
    if (compared) log(`real side panel against a tab in this browser: ${JSON.stringify(compared)}`);

    const result = {
      clips: n,
      panelMode: session.panelMode,
      browserVersion: await session.browser.version(),
      saveAllMs: round(saveAllMs),
      listRenderMs: listRenderMs === null ? null : round(listRenderMs, 1),
      backgroundMB: judged.backgroundMB,
      backgroundEveryday: everyday,
      bytesPerClip: round(bytesPerClip),
      rawBytesPerClip: round(rawBytesPerClip),
      searchP50Ms: search?.searchP50Ms ?? null,
      searchP95Ms: search?.searchP95Ms ?? null,
      indexOneMs: search?.indexOneMs ?? null,
      rebuildMs: search?.rebuildMs ?? null,
      searchIndexBytes,
      coldStartMs,
      // extras
      search,
      coldStart: cold,
      panelAgainstTab: compared,
      export: exported,
      concurrency,
      articles: articles.length,
      extractFailures,
      saveErrors: errors.length,
      firstErrors: errors.slice(0, 5),
      perSaveMs: { mean: round(mean(allTimes), 2), p50: round(median(allTimes), 2), p95: round(percentile(allTimes, 95), 2), max: round(Math.max(...allTimes), 1) },
      listRenderWarmMs: listRenderWarmMs === null ? null : round(listRenderWarmMs, 1),
      listRenderSettledMs: settled.ms === null ? null : round(settled.ms, 1),
      listScanSettledMs: settled.scanMs,
      listScanSettledEndMs: settled.scanEndMs,
      rowsShown,
      listRenderEmptyLibraryMs: emptyPanel.ms === null ? null : round(emptyPanel.ms, 1),
      // When the rows reached the screen (first contentful paint), beside listRenderMs (when they were in the DOM).
      listPaintMs: numberOr(panelTimelineCold.firstContentfulPaint),
      listPaintSettledMs: numberOr(settled.timeline.firstContentfulPaint),
      listPaintEmptyLibraryMs: numberOr(emptyPanel.timeline.firstContentfulPaint),
      panelTimeline: { emptyLibrary: emptyPanel.timeline, firstOpen: panelTimelineCold, reload: panelTimelineWarm, settled: settled.timeline },
      heapUsedMB: judged.heapUsedMB,
      heapTotalMB: round(heap.totalSize / MB, 1),
      heapUsedAfterGcMB: round(heapAfterGc.usedSize / MB, 1),
      wasmMB: judged.wasmMB,
      arrayBuffersMB: judged.arrayBuffersMB,
      embedderHeapMB: judged.embedderHeapMB,
      backgroundAfterGcMB: round(backgroundBytes(heapAfterGc, wasmBytes) / MB, 1),
      backgroundAfterRebuild: afterRebuild,
      backgroundIdleMB: idleMB,
      rebuildReadings,
      loadedHandles: dbg.loadedHandles,
      rootEntries: dbg.rootEntries,
      indexRows: dbg.indexRows,
      workerStartedAt: { before: startedAt0, after: dbg.startedAt },
      estimateBytesPerClip: storage.estimateUsage === null ? null : round(storage.estimateUsage / n),
      storedToRaw: round(bytesPerClip / rawBytesPerClip, 3),
      storage,
      libraryInfo: info.ok ? info.value : info.error,
      batches,
      notes,
      loadavg: { start: loadStart, end: loadavg().map((x) => round(x, 2)), cpus: cpus().length },
    };

    console.log(`\nLibrary benchmark: ${n} clips (${articles.length} distinct articles, concurrency ${concurrency}; ${result.browserVersion}; side panel ${session.panelMode === 'tab' ? 'in a tab, headless' : 'as the real side panel, headful'})`);
    console.log(`  saveAllMs            ${result.saveAllMs}  (${round((n / saveAllMs) * 1000, 1)} clips/s; per save mean ${result.perSaveMs.mean} p50 ${result.perSaveMs.p50} p95 ${result.perSaveMs.p95} max ${result.perSaveMs.max} ms)`);
    console.log(`  per-save mean by batch ${batches.map((b) => `${b.upTo}:${b.perSaveMeanMs}`).join(' ')}`);
    console.log(`  listRenderMs         ${result.listRenderMs} (reload ${result.listRenderWarmMs}; opened after 2 s idle ${result.listRenderSettledMs}; empty library ${result.listRenderEmptyLibraryMs}; ${rowsShown} rows shown)`);
    console.log(`  listPaintMs          ${result.listPaintMs} (the rows on screen: first contentful paint; opened after 2 s idle ${result.listPaintSettledMs}; empty library ${result.listPaintEmptyLibraryMs})`);
    console.log(`  listScanMs           ${result.listScanSettledMs} (the list's whole scan, after 2 s idle: its length and ids, read after the first rows; done at ${result.listScanSettledEndMs} ms)`);
    console.log(
      `  backgroundMB         ${result.backgroundMB} = heap ${result.heapUsedMB} MB + ArrayBuffers ${result.arrayBuffersMB} MB + Blink ${result.embedderHeapMB} MB + wasm ${result.wasmMB} MB${afterRebuild ? ' (after the first build of the index and the timed searches)' : ''}; after GC: heap ${result.heapUsedAfterGcMB} MB, in all ${result.backgroundAfterGcMB} MB; loadedHandles ${dbg.loadedHandles}`,
    );
    if (afterRebuild) console.log(
      `  right after a rebuild ${afterRebuild.backgroundMB} = heap ${afterRebuild.heapUsedMB} MB + ArrayBuffers ${afterRebuild.arrayBuffersMB} MB + Blink ${afterRebuild.embedderHeapMB} MB + wasm ${afterRebuild.wasmMB} MB; then idle, each second: ${idleMB.join(', ')} MB`,
    );
    if (everyday) console.log(`  everyday background  ${everyday.backgroundMB} = heap ${everyday.heapUsedMB} MB + ArrayBuffers ${everyday.arrayBuffersMB} MB + Blink ${everyday.embedderHeapMB} MB + wasm ${everyday.wasmMB} MB (restarted, index opened from its snapshot, ${everyday.queries} queries typed); after GC ${everyday.afterGcMB} MB`);
    if (search) console.log(`  search               p50 ${search.searchP50Ms} p95 ${search.searchP95Ms} max ${search.searchMaxMs} ms (${search.queries} queries × 3, keystroke to rendered results; first search ${search.searchFirstMs} ms, first in a new panel ${search.searchFirstInPanelMs} ms, typed as its rows are drawn ${search.searchAtOpenMs} (slowest ${search.searchAtOpenMaxMs}) ms; of which in the background p50 ${search.backgroundSearchP50Ms} p95 ${search.backgroundSearchP95Ms} ms; answer in the page p50 ${search.answeredP50Ms} p95 ${search.answeredP95Ms}, then rendered in p50 ${search.renderP50Ms} p95 ${search.renderP95Ms} ms); slowest ${search.slowest.map((x) => `${JSON.stringify(x.query)} ${x.ms}${x.backgroundMs !== undefined ? ` (background ${x.backgroundMs})` : ''}`).join(', ')}`);
    if (search) console.log(`  indexOneMs           ${search.indexOneMs} (a new clip searchable after its save)   rebuildMs ${search.rebuildMs}   searchIndexBytes ${searchIndexBytes}`);
    if (coldStartMs !== null) console.log(`  coldStartMs          ${coldStartMs} (stopped worker → first answer to a page; runs ${cold?.runs.join(', ')}; first answer at ${cold?.panelMs.join(', ')} ms after the panel's navigation)`);
    if (compared) console.log(`  real panel vs tab    list render ${compared.listRenderMs.sidePanelMedian} vs ${compared.listRenderMs.tabMedian} ms (medians, in turns); search p50 ${compared.search.sidePanelP50Ms} vs ${compared.search.tabP50Ms}, p95 ${compared.search.sidePanelP95Ms} vs ${compared.search.tabP95Ms} ms (${compared.search.typed} queries each, in turns)`);
    console.log(`  bytesPerClip         ${result.bytesPerClip} (storage.estimate: ${result.estimateBytesPerClip})`);
    console.log(`  rawBytesPerClip      ${result.rawBytesPerClip}  → stored/raw ${result.storedToRaw}`);
    for (const [k, v] of Object.entries(storage.automerge).sort()) console.log(`    automerge ${k.padEnd(22)} ${v.records} records, ${round((v.keyBytes + v.valueBytes) / n)} B/clip`);
    for (const [db, stores] of Object.entries(storage.databases)) {
      if (db === 'commonplace-automerge') continue;
      for (const [st, v] of Object.entries(stores)) console.log(`    ${db}/${st.padEnd(10)} ${v.records} records, ${round((v.keyBytes + v.valueBytes) / n)} B/clip`);
    }
    for (const x of notes) console.log(`  note: ${x}`);
    if (panelProfile) console.log(`\n${panelProfile}\n`);
    console.log(`  load average (1/5/15 min) at start ${loadStart.join(' ')}, at end ${result.loadavg.end.join(' ')} on ${cpus().length} cores${result.loadavg.end[1]! > cpus().length ? ' — other work was running: timings are inflated' : ''}`);
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    console.log(`\n${verdict(listRenderMs !== null && listRenderMs <= 100 && rowsShown > 0)}  list render ${result.listRenderMs} ms ≤ 100 ms${rowsShown > 0 ? '' : ' (no rows shown!)'}`);
    console.log(`${verdict(judged.backgroundMB <= 150)}  background ${result.backgroundMB} MB ≤ 150 MB${afterRebuild ? ` (after the first build and the searches; right after a rebuild: ${afterRebuild.backgroundMB} MB, not judged)` : ''}`);
    if (everyday) console.log(`${verdict(everyday.backgroundMB <= 150)}  everyday background ${everyday.backgroundMB} MB ≤ 150 MB (restarted, index from its snapshot, searched)`);
    if (search) {
      console.log(`${verdict(search.searchP95Ms <= 30)}  search p95 ${search.searchP95Ms} ms ≤ 30 ms`);
      console.log(`${verdict(search.indexOneMs <= 200)}  new clip searchable in ${search.indexOneMs} ms ≤ 200 ms`);
    }
    if (coldStartMs !== null) console.log(`${verdict(coldStartMs <= 300)}  cold start ${coldStartMs} ms ≤ 300 ms`);
    console.log(`${verdict(bytesPerClip <= 1.3 * rawBytesPerClip)}  stored ${result.bytesPerClip} B/clip ≤ 1.3 × raw ${result.rawBytesPerClip} B/clip (${round(1.3 * rawBytesPerClip)})`);
    if (jsonOut) {
      writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
      log(`wrote ${jsonOut}`);
    }
  } finally {
    if (keepAlive) clearInterval(keepAlive);
    await s?.close();
    await server.close();
    rmSync(extDir, { recursive: true, force: true });
  }
}

/**
 * Defines window.__runBatch(from, to, concurrency) in the control page: saves clips from..to-1
 * with `saveExtracted`, timing each in the page. Runs in the page (no puppeteer round trip
 * between saves), sending through the same PAGE_SEND as `call`, with the envelope built here.
 */
function batchRunner(): string {
  // The envelope of `saveExtracted` but its params, which the loop adds (an article of `__arts`, Params<'saveExtracted'>).
  const base = { cp: 1, to: 'background', method: 'saveExtracted' } as const satisfies Omit<Envelope, 'params'> & { method: Method };
  return `window.__runBatch = async (from, to, conc) => {
  const send = ${PAGE_SEND};
  const base = ${JSON.stringify(base)};
  const list = window.__arts;
  const times = new Array(to - from);
  const starts = new Array(to - from);
  const errors = [];
  let next = from;
  const loop = async () => {
    while (next < to) {
      const i = next++;
      const a = list[i % list.length];
      const params = Object.assign({}, a.page, { pageUrl: 'https://bench.example/' + encodeURIComponent(a.name) + '/' + i, canonicalUrl: null, title: (a.page.title + ' #' + i).slice(0, 2000) });
      const t0 = performance.now();
      const sent = await send(Object.assign({}, base, { params }), 120000);
      times[i - from] = performance.now() - t0;
      starts[i - from] = performance.timeOrigin + t0;
      const r = sent.answer;
      if (sent.timedOut) errors.push({ i, error: 'no answer within 120000 ms' });
      else if (sent.thrown !== undefined) errors.push({ i, error: sent.thrown });
      else if (!r || !r.ok) errors.push({ i, error: String((r && r.error && r.error.message) || r) });
      else if (!r.value || !r.value.created) errors.push({ i, error: 'updated an existing clip instead of creating one' });
    }
  };
  const t0 = performance.now();
  const loops = [];
  for (let k = 0; k < conc; k++) loops.push(loop());
  await Promise.all(loops);
  return { ms: performance.now() - t0, times, starts, errors };
}`;
}

/** Where the side panel's time to first rows went: navigation milestones and script/style fetches (ms since navigation start). */
const numberOr = (v: unknown): number | null => (typeof v === 'number' ? v : null);

async function panelTimeline(page: Page): Promise<Record<string, number | string>> {
  // The rows are on screen at the first contentful paint (the page draws nothing before them), which comes after they are in the DOM.
  await waitForEntry(page, 'first-contentful-paint', 2_000);
  return page.evaluate<[], () => Record<string, number | string>>(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const out = {};
    if (nav) {
      out.responseEnd = Math.round(nav.responseEnd * 10) / 10;
      out.domInteractive = Math.round(nav.domInteractive * 10) / 10;
      out.domContentLoaded = Math.round(nav.domContentLoadedEventEnd * 10) / 10;
      out.loadEventEnd = Math.round(nav.loadEventEnd * 10) / 10;
    }
    for (const r of performance.getEntriesByType('resource')) out[r.name.replace(/^.*\\//, '')] = Math.round(r.startTime) + '-' + Math.round(r.responseEnd);
    for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('cp-')) out[m.name] = Math.round(m.startTime * 10) / 10;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    if (fcp) out.firstContentfulPaint = Math.round(fcp.startTime * 10) / 10;
    out.renderedAt = Math.round(window.__cpListRenderedAt * 10) / 10;
    return out;
  })()`);
}

/**
 * Opens the side panel (a new tab, or the real panel with --side-panel) and measures its first
 * list render (then closes it). With `scan`, it first waits for the list's whole scan (its length
 * and ids, read in parts after the first rows: `cp-list-read-start` to `cp-list-read-end`).
 */
async function measurePanel(s: Session, { scan = false } = {}): Promise<{ ms: number | null; rows: number; timeline: Record<string, number | string>; scanMs: number | null; scanEndMs: number | null }> {
  const panel = await openPanel(s);
  const ms = await pollRendered(panel);
  const rows = await panel.$$eval('[data-testid="clip-item"]', (els) => els.length);
  const timeline = await panelTimeline(panel);
  let scanMs: number | null = null;
  let scanEndMs: number | null = null;
  for (let i = 0; scan && i < 1_500 && scanEndMs === null; i++) {
    const [start, end] = await panel.evaluate(() => ['cp-list-read-start', 'cp-list-read-end'].map((n) => performance.getEntriesByName(n)[0]?.startTime ?? null));
    if (start != null && end != null) ((scanMs = end - start), (scanEndMs = end));
    else await sleep(20);
  }
  await closePanel(s, panel);
  return { ms, rows, timeline, scanMs: scanMs === null ? null : round(scanMs, 1), scanEndMs: scanEndMs === null ? null : round(scanEndMs, 1) };
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
