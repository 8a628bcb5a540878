/**
 * Clip benchmark: how long saving a real page takes through the real extension, how
 * that compares with the least possible work, and how good the saved article is.
 *
 *   npm run bench:clip -- <corpus-dir> [--json <file>] [--limit N] [--runs R] [--no-build]
 *                         [--page-timeout ms] [--load-timeout ms] [--profile] [--isolated-floor]
 *                         [--cpu-profile <prefix>]
 *
 * Corpus layout (Readability's test pages; see ../shared/corpus/README.md): one folder per
 * page with source.html, expected.html and expected-metadata.json. scripts/bench/README.md
 * describes the JSON this writes.
 *
 * The extension is the test build (`wxt build -b chrome --mode test`, .output/chrome-mv3-test;
 * built first unless --no-build): the benchmark needs its `debugState` call.
 *
 * Per page, in one headless Chromium with the built extension (fresh profile):
 * - The pages are served by one loopback HTTP server (127.0.0.1, /<name>/; every
 *   other path is a 404, and every other host fails DNS inside the browser).
 * - No page can stop the run. Dialogs (alert, confirm, prompt) are dismissed and
 *   beforeunload is accepted as soon as they open, as a user would (scripts/bench/browser.ts,
 *   `handleDialogs`); each is listed under the page's `dialogs`. Each page has a time limit
 *   (`--page-timeout`, default 30 s) for all its runs, the floor and the scoring together; a
 *   page's `load` is awaited at most `--load-timeout` ms (default 5 s) per run, after which
 *   it is clipped as it is (`loadTimedOut`). A page that runs out of time, whose navigation
 *   fails, whose tab crashes, that the extension refuses, or whose clip cannot be read back
 *   is `status: 'failed'` with a `reason`, listed in `failures`, and the run goes on: a failed
 *   page's tab is closed and replaced, the background is given time to finish what it was
 *   doing (`debugState`), and if the browser itself is gone it is launched again.
 * - clipMs: the page is opened in a tab at /<name>/?run=<r> (a new URL, hence a new
 *   clip, each run; `run` is not a tracking parameter), then an extension page sends
 *   `savePage {tabId}` and times, with performance.now() in that page, the wall time
 *   until the answer arrives (the background answers once the clip is durable in
 *   IndexedDB and indexed: its journal record and index row). Then the benchmark waits
 *   for the background to finish writing the clip's Automerge documents (`debugState`
 *   answers once queued writes are done) before anything else runs. Median of R runs
 *   (default 3), after one warm-up save on a throwaway page.
 * - floorMs: in the same tab after each save, `new Readability(document.cloneNode(true)).parse()`
 *   + `DOMPurify.sanitize(article.content)` + one IndexedDB put of the UTF-8 bytes of
 *   html + text into a throwaway database of the page's origin, awaiting `complete`
 *   (see scripts/bench/floor.ts). Median of R runs.
 * - similarity: token F1 over word multisets between the saved clip's text (`getClip`,
 *   value.text) and the textContent of expected.html, whitespace normalised on both
 *   sides (see scripts/bench/similarity.ts for the tokenisation). The order-sensitive
 *   word-level Levenshtein similarity (1 − distance / max word count) is reported too
 *   as `levenshtein` when the texts are small enough to compute it.
 * - metadataMatch: share of the fields title, byline, siteName, lang, dir,
 *   publishedTime, excerpt present in expected-metadata.json that equal the clip's,
 *   compared trimmed, whitespace-collapsed and case-insensitively; an expected null
 *   matches our null or empty string.
 * - Failed pages count 0 for similarity and metadataMatch in the means, and have no clipMs.
 *
 * - Images (on unless `--no-images`; scripts/bench/images.ts): after each save, the time until
 *   its images are saved (`imagesMs`; the save answers before them), what they came to (saved,
 *   left out, why), per-image fetch and processing times (`debugImageTimings`), and the bytes
 *   stored (article + images) against source.html. The corpus's images are on remote hosts the
 *   browser cannot reach here; `--synthetic-images` answers image paths asked of the corpus
 *   server with a 1200×800 stand-in, so processing is measured on the relative ones.
 * - Full-page copies (`--full-page`; scripts/bench/full-page.ts): after the first save of each
 *   page, a full-page copy of the tab (`debugSnapshotTab`), timed, and its size as HTML and as
 *   stored (raw DEFLATE) against source.html (`fullPageVsSource`, `fullPageStoredVsSource`).
 *
 * Summary: p50/p95 over the ok pages' medians (nearest rank); p95Ratio = p95ClipMs / p95FloorMs.
 * `--isolated-floor` also runs the floor in a fresh isolated world of the page (where content
 * scripts run) and reports p95FloorIsolatedMs and p95RatioIsolated beside the headline figures.
 * `--profile` additionally times the stages of each save from the service worker
 * (scripts/bench/stages.ts), and `--cpu-profile <prefix>` records sampling CPU profiles
 * of the service worker over the whole run (<prefix>-worker.cpuprofile) and of the tab
 * during each save, and prints where the time went; leave both off for the headline numbers.
 */
import { fullPageRun, fullPageSummary, type FullPageRun } from './bench/full-page';
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import type { CDPSession, Page } from 'puppeteer-core';
import {
  buildExtension,
  call,
  callOk,
  closeTab,
  gotoLoaded,
  launch,
  log,
  openTab,
  TimeoutError,
  withTimeout,
  workerSession,
  type Answer,
  type DialogSeen,
  type Session,
} from './bench/browser';
import { accumulate, emptyTotals, startProfile, stopProfile, summarise, type ProfileTotals } from './bench/cpuprofile';
import { prepareFloor, runFloor, runIsolatedFloor, type FloorRun } from './bench/floor';
import { listCorpus, serveCorpus, type CorpusPage, type CorpusServer } from './bench/server';
import { compareTexts, normMeta } from './bench/similarity';
import { htmlToText } from '../src/capture/text';
import { docIdOf, installStages, splitSave, takeStages, type SaveStages } from './bench/stages';
import { intFlag, mean, median, pad, parseArgs, percentile, round } from './bench/stats';
import { imageSummary, standInImage, waitForImages, type PageImages } from './bench/images';

const META_FIELDS = ['title', 'byline', 'siteName', 'lang', 'dir', 'publishedTime', 'excerpt'] as const;
/** Limit for each step of starting the browser, warming up and recovering from a failed page. */
const SETUP_TIMEOUT_MS = 60_000;

interface PageResult extends PageImages {
  name: string;
  /** ok: every run saved and the clip was read back and scored. failed: see `reason`. */
  status: 'ok' | 'failed';
  reason?: string;
  clipMs: number | null;
  floorMs: number | null;
  similarity: number;
  metadataMatch: number;
  /** Why the floor could not be measured on an ok page (the page still counts as ok). */
  floorError?: string;
  /** Runs whose save was attempted (fewer than R when the page ran out of time). */
  runsDone: number;
  /** Wall time spent on the page, including its failure and recovery. */
  pageMs?: number;
  dialogs?: DialogSeen[];
  // extras
  clipRuns: number[];
  floorRuns: number[];
  floorIsolatedMs?: number | null;
  floorIsolatedRuns?: number[];
  floorDetail?: { readabilityMs: number; sanitizeMs: number; putMs: number; bytes: number; readability: boolean };
  precision?: number;
  recall?: number;
  levenshtein?: number | null;
  words?: { ours: number; expected: number };
  created: boolean[];
  metadataMismatches?: Record<string, { expected: unknown; ours: unknown }>;
  htmlBytes?: number;
  textMatchesHtml?: boolean;
  /** `--full-page`: the first run's full-page copy (scripts/bench/full-page.ts). */
  fullPage?: FullPageRun;
  loadMs?: number;
  loadTimedOut?: boolean;
  stages?: SaveStages[];
}

interface Options {
  readonly runs: number;
  readonly pageTimeoutMs: number;
  readonly loadTimeoutMs: number;
  readonly isolatedFloor: boolean;
}

/** A browser with the extension, warmed up, and the tab the pages are opened in. */
interface Bench {
  readonly s: Session;
  tab: Page;
  tabId: number;
}

/** Profiling state (`--profile`, `--cpu-profile`), on the current browser's service worker. */
interface Profiling {
  cdp: CDPSession;
  /** Set with --profile: the stage wrappers are installed. */
  rootDocId: string | null;
  /** Set with --cpu-profile: the worker is being profiled, and the tab's saves are summed here. */
  tabTotals: ProfileTotals | null;
}

let tabCounter = 0;
/** Whether the clips' images are saved (`--no-images`: off). */
let imagesOn = true;
/** Whether each page's full-page copy is taken and measured too (`--full-page`). */
let fullPage = false;
/** Saves whose images were still not saved when the page's time ran out (a stalled host). */
let imagesLate = 0;
/** Set on SIGINT/SIGTERM: no new browser is started, and the run ends. */
let stopping = false;
/** Browsers running now, to close on a signal (their process groups outlive us otherwise). */
const live = new Set<Session>();

async function main(): Promise<void> {
  const { flags, positional } = parseArgs(process.argv.slice(2), ['no-build', 'profile', 'isolated-floor', 'no-images', 'synthetic-images', 'full-page']);
  imagesOn = !flags.has('no-images');
  fullPage = flags.has('full-page');
  const corpusDir = positional[0];
  if (!corpusDir) throw new Error('usage: bench-clip <corpus-dir> [--json <file>] [--limit N] [--runs R] [--page-timeout ms] [--load-timeout ms] [--no-build] [--profile] [--isolated-floor] [--cpu-profile <prefix>]');
  const opts: Options = {
    runs: Math.max(1, intFlag(flags, 'runs', 3)),
    pageTimeoutMs: Math.max(1_000, intFlag(flags, 'page-timeout', 30_000)),
    loadTimeoutMs: Math.max(100, intFlag(flags, 'load-timeout', 5_000)),
    isolatedFloor: flags.has('isolated-floor'),
  };
  const limit = intFlag(flags, 'limit', Number.MAX_SAFE_INTEGER);
  const jsonOut = typeof flags.get('json') === 'string' ? (flags.get('json') as string) : null;
  const profile = flags.has('profile');
  const cpuProfile = typeof flags.get('cpu-profile') === 'string' ? (flags.get('cpu-profile') as string) : null;
  const profileText: string[] = [];
  const notes: string[] = [];

  const pages = listCorpus(corpusDir).slice(0, limit);
  const loadStart = loadavg().map((x) => round(x, 2));
  if (pages.length === 0) throw new Error(`no pages (folders with source.html) in ${corpusDir}`);
  const extDir = buildExtension(flags.has('no-build'));
  const server = await serveCorpus(pages, flags.has('synthetic-images') ? standInImage : undefined);
  let b: Bench | null = null;
  // Interrupted (Ctrl-C, a test's timeout): close the browser, whose process group outlives us otherwise.
  const onSignal = (sig: NodeJS.Signals) => {
    log(`${sig}: closing the browser`);
    stopping = true;
    void Promise.allSettled([...[...live].map((s) => s.close()), server.close()]).then(() => {
      rmSync(extDir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const results: PageResult[] = [];
  try {
    b = await startBench(extDir, server);
    log(`${pages.length} pages × ${opts.runs} runs, corpus served at ${server.origin}; ${opts.pageTimeoutMs} ms per page, load awaited ${opts.loadTimeoutMs} ms per run`);

    let prof: Profiling | null = null;
    if (profile || cpuProfile) {
      const s = b.s;
      prof = await withTimeout(
        (async (): Promise<Profiling> => {
          const cdp = await workerSession(s);
          let rootDocId: string | null = null;
          if (profile) {
            rootDocId = docIdOf((await callOk(s.control, 'debugState', {})).libraryUrl);
            await installStages(cdp, rootDocId);
            await takeStages(cdp);
          }
          // The tab's renderer may change with each navigation, so the tab is profiled one save at a time.
          if (cpuProfile) await startProfile(cdp);
          return { cdp, rootDocId, tabTotals: cpuProfile ? emptyTotals() : null };
        })(),
        SETUP_TIMEOUT_MS,
        'starting the profilers',
      );
    }

    const byName = new Map<string, PageResult>();
    // Dialogs go to the page that opened them, by its URL: a page's beforeunload comes while the next one loads.
    let dialogCursor = { session: b.s, seen: 0 };
    const sweepDialogs = (current: PageResult) => {
      const { session } = dialogCursor;
      for (const d of session.dialogs.slice(dialogCursor.seen)) {
        const owner = byName.get(server.pageOf(d.url) ?? '') ?? current;
        (owner.dialogs ??= []).push(d);
      }
      dialogCursor = { session: b!.s, seen: b!.s === session ? session.dialogs.length : 0 };
    };
    for (const [i, page] of pages.entries()) {
      const r = emptyResult(page.name);
      byName.set(page.name, r);
      const t0 = Date.now();
      await measurePage(b, server, page, r, opts, prof);
      if (r.status === 'failed') {
        // Start the next page clean: a new tab, a background that has finished what it was doing.
        try {
          const relaunched = await recover(b, server, extDir);
          if (relaunched !== b) {
            b = relaunched;
            notes.push(`the browser was launched again after ${page.name}`);
            if (prof) {
              notes.push('profiling stopped when the browser was launched again');
              prof = null;
            }
          }
        } catch (e) {
          r.pageMs = Date.now() - t0;
          sweepDialogs(r);
          results.push(r);
          logPage(i, pages.length, r);
          const why = `not run: the browser could not be started again after ${page.name} (${message(e)})`;
          for (const rest of pages.slice(i + 1)) results.push({ ...emptyResult(rest.name), status: 'failed', reason: why });
          notes.push(why);
          b = null;
          break;
        }
      }
      r.pageMs = Date.now() - t0;
      sweepDialogs(r);
      logPage(i, pages.length, r);
      results.push(r);
    }
    if (cpuProfile && prof?.tabTotals) {
      profileText.push(`service worker ${summarise(await stopProfile(prof.cdp, `${cpuProfile}-worker.cpuprofile`))}`);
      profileText.push(`tab during the saves only (content script, page scripts) ${summarise(prof.tabTotals, 40)}`);
    }
  } finally {
    if (b) await closeSession(b.s);
    await server.close();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (cpuProfile) {
      // The profiled scripts, so line:column positions in the profiles can be looked up.
      copyFileSync(join(extDir, 'content-scripts', 'content.js'), `${cpuProfile}-content.js`);
      copyFileSync(join(extDir, 'background.js'), `${cpuProfile}-background.js`);
    }
    rmSync(extDir, { recursive: true, force: true });
  }
  if (results.length !== pages.length) throw new Error(`internal: ${results.length} results for ${pages.length} pages`);

  const ok = results.filter((r) => r.status === 'ok' && r.clipMs !== null);
  const failed = results.filter((r) => r.status === 'failed');
  const failures = failed.map((r) => ({ page: r.name, reason: r.reason ?? 'unknown' }));
  const clipTimes = ok.map((r) => r.clipMs!);
  const floorTimes = ok.filter((r) => r.floorMs !== null).map((r) => r.floorMs!);
  const summary = {
    pages: results.length,
    ok: ok.length,
    failures: failed.length,
    p50ClipMs: round(percentile(clipTimes, 50)),
    p95ClipMs: round(percentile(clipTimes, 95)),
    p50FloorMs: round(percentile(floorTimes, 50)),
    p95FloorMs: round(percentile(floorTimes, 95)),
    p95Ratio: round(percentile(clipTimes, 95) / percentile(floorTimes, 95), 2),
    medianPerPageRatio: round(median(ok.filter((r) => r.floorMs).map((r) => r.clipMs! / r.floorMs!)), 2),
    meanSimilarity: round(mean(results.map((r) => r.similarity)), 4),
    metadataMatchRate: round(mean(results.map((r) => r.metadataMatch)), 4),
    textFromHtmlMismatches: results.filter((r) => r.textMatchesHtml === false).map((r) => r.name).join(' ') || 'none',
    loadTimedOut: results.filter((r) => r.loadTimedOut).map((r) => r.name).join(' ') || 'none',
    dialogs: results.reduce((n, r) => n + (r.dialogs?.length ?? 0), 0),
    ...(opts.isolatedFloor ? isolatedSummary(ok, clipTimes) : {}),
    ...imageSummary(ok, imagesOn),
    ...(fullPage ? fullPageSummary(ok) : {}),
    imagesNotInTime: imagesLate,
    syntheticImages: flags.has('synthetic-images') ? 'yes: image paths on the corpus server answered with a 1200×800 stand-in' : 'no',
    runs: opts.runs,
    pageTimeoutMs: opts.pageTimeoutMs,
    loadTimeoutMs: opts.loadTimeoutMs,
    loadavgStart: loadStart.join(' '),
    loadavgEnd: `${loadavg().map((x) => round(x, 2)).join(' ')} (${cpus().length} cores)`,
  };

  printTable(results);
  console.log('\nSummary');
  for (const [k, v] of Object.entries(summary)) console.log(`  ${pad(k, 20)} ${v}`);
  if (failures.length) {
    console.log(`\nFailed pages (${failures.length} of ${results.length})`);
    for (const f of failures) console.log(`  ${pad(f.page, 44)} ${f.reason}`);
  }
  for (const n of notes) console.log(`note: ${n}`);
  const stageRows = results.flatMap((r) => r.stages ?? []);
  if (stageRows.length) printStages(stageRows, results);
  for (const t of profileText) console.log(`\n${t}`);

  if (jsonOut) {
    const pagesOut = results.map((r) => ({
      name: r.name,
      status: r.status,
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      clipMs: r.clipMs === null ? null : round(r.clipMs),
      floorMs: r.floorMs === null ? null : round(r.floorMs),
      similarity: round(r.similarity, 4),
      metadataMatch: round(r.metadataMatch, 4),
      ...(r.floorError ? { floorError: r.floorError } : {}),
      runsDone: r.runsDone,
      pageMs: r.pageMs,
      ...(r.dialogs ? { dialogs: r.dialogs.map((d) => ({ type: d.type, message: d.message, action: d.action })) } : {}),
      clipRuns: r.clipRuns.map((x) => round(x)),
      floorRuns: r.floorRuns.map((x) => round(x)),
      floorDetail: r.floorDetail,
      ...(r.floorIsolatedMs !== undefined ? { floorIsolatedMs: r.floorIsolatedMs === null ? null : round(r.floorIsolatedMs), floorIsolatedRuns: r.floorIsolatedRuns?.map((x) => round(x)) } : {}),
      textMatchesHtml: r.textMatchesHtml,
      precision: r.precision === undefined ? undefined : round(r.precision, 4),
      recall: r.recall === undefined ? undefined : round(r.recall, 4),
      levenshtein: r.levenshtein === undefined || r.levenshtein === null ? r.levenshtein : round(r.levenshtein, 4),
      words: r.words,
      created: r.created,
      htmlBytes: r.htmlBytes,
      loadMs: r.loadMs,
      loadTimedOut: r.loadTimedOut,
      metadataMismatches: r.metadataMismatches,
      stages: r.stages,
      imagesMs: r.imageRuns.length ? round(median(r.imageRuns)) : null,
      images: r.images,
      sourceBytes: r.sourceBytes,
      imageTimings: r.timings.map((t) => ({ ...t, fetchMs: round(t.fetchMs), processMs: round(t.processMs) })),
    }));
    writeFileSync(jsonOut, `${JSON.stringify({ pages: pagesOut, failures, summary, notes }, null, 2)}\n`);
    log(`wrote ${jsonOut}`);
  }
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function emptyResult(name: string): PageResult {
  return { name, status: 'ok', clipMs: null, floorMs: null, similarity: 0, metadataMatch: 0, runsDone: 0, clipRuns: [], floorRuns: [], created: [], imageRuns: [], timings: [] };
}

/** Launches the browser and warms up: one save and one floor run on a throwaway page (JIT, Automerge, Dexie, the content script). */
async function startBench(extDir: string, server: CorpusServer): Promise<Bench> {
  if (stopping) throw new Error('interrupted');
  const s = await launch(extDir);
  live.add(s);
  try {
    if (stopping) throw new Error('interrupted');
    const version = await callOk(s.control, 'ping', {}, { timeoutMs: SETUP_TIMEOUT_MS });
    await callOk(s.control, 'setImageSettings', { enabled: imagesOn, capBytes: 5 * 1024 * 1024 }, { timeoutMs: SETUP_TIMEOUT_MS });
    log(`extension ${s.extId} v${version.version}`);
    const { tab, tabId } = await openBenchTab(s, server);
    const warm = await call(s.control, 'savePage', { tabId }, { timeoutMs: SETUP_TIMEOUT_MS });
    if (!warm.ok) throw new Error(`warm-up save failed: ${warm.error.message}`);
    await callOk(s.control, 'getClip', { clipId: warm.value.clip.id }, { timeoutMs: SETUP_TIMEOUT_MS });
    await callOk(s.control, 'debugState', {}, { timeoutMs: SETUP_TIMEOUT_MS });
    await withTimeout(prepareFloor(tab), SETUP_TIMEOUT_MS, 'warm-up floor');
    await withTimeout(runFloor(tab, `warmup-${tabCounter}`), SETUP_TIMEOUT_MS, 'warm-up floor');
    log(`warm-up save ${warm.ms.toFixed(0)} ms`);
    return { s, tab, tabId };
  } catch (e) {
    await closeSession(s);
    throw e;
  }
}

async function closeSession(s: Session): Promise<void> {
  live.delete(s);
  await s.close();
}

/** A fresh tab, showing the warm-up page at a URL of its own (so its tab id can be looked up). */
function openBenchTab(s: Session, server: CorpusServer): Promise<{ tab: Page; tabId: number }> {
  // "-" ends the marker, so tab-1- is no prefix of tab-10-.
  return openTab(s, server.url('__warmup', `tab-${++tabCounter}-`), SETUP_TIMEOUT_MS);
}

/**
 * After a failed page: closes its tab (it may be hung, or still show a dialog-happy page) and
 * opens another, then waits for the background to finish what the page left it doing. When
 * that fails too, or the browser is gone, launches the browser again. Returns the bench to go
 * on with (`b` itself, or a new one); throws when the browser cannot be started again.
 */
async function recover(b: Bench, server: CorpusServer, extDir: string): Promise<Bench> {
  if (stopping) throw new Error('interrupted');
  if (b.s.browser.connected) {
    try {
      await closeTab(b.tab);
      const { tab, tabId } = await openBenchTab(b.s, server);
      b.tab = tab;
      b.tabId = tabId;
      await callOk(b.s.control, 'debugState', {}, { timeoutMs: SETUP_TIMEOUT_MS });
      return b;
    } catch (e) {
      log(`  could not recover in this browser (${message(e)}); launching it again`);
    }
  } else {
    log('  the browser is gone; launching it again');
  }
  await closeSession(b.s);
  return startBench(extDir, server);
}

/**
 * Runs one page: R × (open, save, wait for the documents, floor), then reads the clip back
 * and scores it. Never throws: whatever goes wrong, or the page's time running out, ends
 * the page as `failed` with a reason.
 */
async function measurePage(b: Bench, server: CorpusServer, page: CorpusPage, r: PageResult, opts: Options, prof: Profiling | null): Promise<void> {
  const deadline = Date.now() + opts.pageTimeoutMs;
  const remaining = () => deadline - Date.now();
  let step = 'starting';
  let run = 0;
  /** Every step of the page, bounded by what is left of its time. */
  const within = <T>(what: string, p: Promise<T>): Promise<T> => {
    step = what;
    return withTimeout(p, remaining(), what);
  };
  const { s, tab, tabId } = b;
  const floorRuns: FloorRun[] = [];
  const clipErrors: string[] = [];
  const floorErrors: string[] = [];
  const loads: number[] = [];
  let clipId: string | null = null;
  try {
    for (run = 1; run <= opts.runs; run++) {
      const nav = await within('loading the page', gotoLoaded(tab, server.url(page.name, run), Math.min(opts.loadTimeoutMs, remaining())));
      if (nav.timedOut && remaining() <= 0) throw new TimeoutError('loading the page', opts.pageTimeoutMs);
      loads.push(nav.ms);
      if (nav.timedOut) r.loadTimedOut = true;
      const tabCdp = prof?.tabTotals ? await within('profiling the tab', tab.createCDPSession()) : null;
      if (tabCdp) await within('profiling the tab', startProfile(tabCdp));
      r.runsDone = run;
      // The call's own limit is a little later than the page's, so running out of time reads as such.
      const res = await within('savePage', call(s.control, 'savePage', { tabId }, { timeoutMs: remaining() + 1_000 }));
      if (tabCdp && prof?.tabTotals) {
        accumulate(await within('profiling the tab', stopProfile(tabCdp)), prof.tabTotals);
        await tabCdp.detach().catch(() => undefined);
      }
      // The answer comes once the capture is durable and indexed; its Automerge documents are
      // written right after. Wait for that, so it neither overlaps the floor nor the next save.
      const settled = await within('waiting for the clip documents (debugState)', call(s.control, 'debugState', {}, { timeoutMs: remaining() + 1_000 }));
      if (!settled.ok) throw new Error(`debugState: ${settled.error.code}: ${settled.error.message}`);
      // Then its images, which follow the save; the next step waits for them (they would share the CPU).
      // An image that never arrives (a stalled host) does not fail the clip: the save answered
      // already; the wait ends a little before the page's deadline and counts as not saved in time.
      if (res.ok && imagesOn) {
        const im = await waitForImages(s.control, res.value.clip.id, Math.max(0, remaining() - 3_000)).catch(() => null);
        if (im) {
          r.imageRuns.push(im.ms);
          r.images = im.state;
          const timings = await within('image timings', callOk(s.control, 'debugImageTimings', {}));
          r.timings.push(...timings.timings);
        } else imagesLate++;
      }
      if (res.ok && fullPage && run === 1) {
        const t0 = Date.now();
        const snap = await within('full-page copy', callOk(s.control, 'debugSnapshotTab', { tabId }, { timeoutMs: remaining() + 1_000 }));
        r.fullPage = fullPageRun(snap, Date.now() - t0);
      }
      if (res.ok) {
        r.clipRuns.push(res.ms);
        r.created.push(res.value.created);
        clipId ??= res.value.clip.id;
      } else {
        clipErrors.push(`${res.error.code}: ${res.error.message}`);
      }
      if (prof?.rootDocId) {
        const { log: events } = await within('reading the save stages', takeStages(prof.cdp));
        if (res.ok) (r.stages ??= []).push(splitSave(events, res.at, res.at + res.ms, prof.rootDocId));
      }
      try {
        await within('floor', prepareFloor(tab));
        floorRuns.push(await within('floor', runFloor(tab, `${page.name}-${run}`)));
        if (opts.isolatedFloor) (r.floorIsolatedRuns ??= []).push((await within('isolated floor', runIsolatedFloor(tab, `${page.name}-${run}`))).ms);
      } catch (e) {
        if (e instanceof TimeoutError) throw e;
        floorErrors.push(message(e));
      }
    }
    run = 0;
    r.loadMs = median(loads);
    r.floorRuns = floorRuns.map((f) => f.ms);
    if (r.floorIsolatedRuns?.length) r.floorIsolatedMs = median(r.floorIsolatedRuns);
    if (floorRuns.length) {
      r.floorMs = median(r.floorRuns);
      const mid = floorRuns.find((f) => f.ms === r.floorMs) ?? floorRuns[0]!;
      r.floorDetail = { readabilityMs: mid.readabilityMs, sanitizeMs: mid.sanitizeMs, putMs: mid.putMs, bytes: mid.bytes, readability: mid.readability };
    }
    if (floorErrors.length) r.floorError = [...new Set(floorErrors)].join(' | ');
    if (clipErrors.length) {
      fail(r, [...new Set(clipErrors)].join(' | '));
      return;
    }
    r.clipMs = median(r.clipRuns);
    const view = await within('getClip', call(s.control, 'getClip', { clipId: clipId! }, { timeoutMs: remaining() + 1_000 }));
    if (!view.ok) {
      fail(r, `getClip: ${view.error.code}: ${view.error.message}`);
      return;
    }
    step = 'scoring';
    scoreClip(r, page.dir, view.value);
  } catch (e) {
    const at = run > 0 ? `run ${run}/${opts.runs}, ` : '';
    fail(r, e instanceof TimeoutError ? `timed out after ${opts.pageTimeoutMs} ms (${at}${e.what})` : `${at}${step}: ${message(e)}`);
  }
}

/** Marks a page failed: no clip time, nothing scored. */
function fail(r: PageResult, reason: string): void {
  r.status = 'failed';
  r.reason = reason;
  r.clipMs = null;
  r.similarity = 0;
  r.metadataMatch = 0;
}

function logPage(i: number, n: number, r: PageResult): void {
  const dialogs = r.dialogs?.length ? `  dialogs ${r.dialogs.map((d) => `${d.type}:${d.action}`).join(',')}` : '';
  const tail = r.status === 'failed' ? `  FAILED ${r.reason}` : r.floorError ? `  floor error ${r.floorError}` : '';
  log(
    `[${i + 1}/${n}] ${pad(r.name, 44)} clip ${fmt(r.clipMs)} ms  floor ${fmt(r.floorMs)} ms  sim ${r.similarity.toFixed(3)}  meta ${r.metadataMatch.toFixed(2)}${r.loadTimedOut ? '  load timed out' : ''}${dialogs}${tail}`,
  );
}

/** Extras for `--isolated-floor`: the floor run in an isolated world, and the ratio against it. */
function isolatedSummary(results: readonly PageResult[], clipTimes: number[]): Record<string, number> {
  const iso = results.filter((r) => typeof r.floorIsolatedMs === 'number').map((r) => r.floorIsolatedMs!);
  if (!iso.length) return {};
  return {
    p50FloorIsolatedMs: round(percentile(iso, 50)),
    p95FloorIsolatedMs: round(percentile(iso, 95)),
    p95RatioIsolated: round(percentile(clipTimes, 95) / percentile(iso, 95), 2),
  };
}

function scoreClip(r: PageResult, dir: string, view: Answer<'getClip'>): void {
  const expectedHtml = readFileSync(join(dir, 'expected.html'), 'utf8');
  const expectedText = JSDOM.fragment(expectedHtml).textContent ?? '';
  const cmp = compareTexts(view.text, expectedText);
  r.similarity = cmp.f1.f1;
  r.precision = cmp.f1.precision;
  r.recall = cmp.f1.recall;
  r.levenshtein = cmp.levenshtein;
  r.words = { ours: cmp.oursTokens, expected: cmp.refTokens };
  r.htmlBytes = Buffer.byteLength(view.html);
  r.sourceBytes = statSync(join(dir, 'source.html')).size;
  // The text contract highlights anchor on: the saved text is htmlToText of the saved HTML, parsed again.
  const reparsed = new JSDOM(`<!doctype html><body>${view.html}</body>`).window.document.body;
  r.textMatchesHtml = htmlToText(reparsed) === view.text;
  let expectedMeta: Record<string, unknown> = {};
  try {
    expectedMeta = JSON.parse(readFileSync(join(dir, 'expected-metadata.json'), 'utf8'));
  } catch {
    // no metadata file: nothing to compare
  }
  const fields = META_FIELDS.filter((f) => Object.hasOwn(expectedMeta, f));
  let matched = 0;
  const mismatches: Record<string, { expected: unknown; ours: unknown }> = {};
  for (const f of fields) {
    if (normMeta(expectedMeta[f]) === normMeta(view[f])) matched++;
    else mismatches[f] = { expected: expectedMeta[f], ours: view[f] ?? null };
  }
  r.metadataMatch = fields.length ? matched / fields.length : 1;
  if (Object.keys(mismatches).length) r.metadataMismatches = mismatches;
}

const fmt = (x: number | null): string => (x === null ? '—' : x.toFixed(0));

function printTable(results: PageResult[]): void {
  console.log(`\n${pad('page', 46)}${pad('clipMs', 9, true)}${pad('floorMs', 9, true)}${pad('ratio', 7, true)}${pad('sim', 7, true)}${pad('P', 6, true)}${pad('R', 6, true)}${pad('meta', 6, true)}  note`);
  for (const r of results) {
    const ratio = r.clipMs !== null && r.floorMs ? (r.clipMs / r.floorMs).toFixed(1) : '—';
    const mm = r.metadataMismatches ? `meta≠ ${Object.keys(r.metadataMismatches).join(',')}` : '';
    const dialogs = r.dialogs?.length ? `dialogs ${r.dialogs.map((d) => `${d.type}:${d.action}`).join(',')}` : '';
    const note = [r.status === 'failed' ? `FAILED ${r.reason}` : '', r.floorError ? `floor error ${r.floorError}` : '', mm, r.loadTimedOut ? 'load timed out' : '', dialogs].filter(Boolean).join('; ');
    console.log(
      `${pad(r.name, 46)}${pad(fmt(r.clipMs), 9, true)}${pad(fmt(r.floorMs), 9, true)}${pad(ratio, 7, true)}${pad(r.similarity.toFixed(3), 7, true)}${pad(r.precision?.toFixed(2) ?? '—', 6, true)}${pad(r.recall?.toFixed(2) ?? '—', 6, true)}${pad(r.metadataMatch.toFixed(2), 6, true)}  ${note}`,
    );
  }
}

function printStages(rows: SaveStages[], results: PageResult[]): void {
  const keys = Object.keys(rows[0]!) as (keyof SaveStages)[];
  console.log(`\nSave stages over ${rows.length} saves (ms; bytes for *Bytes):`);
  console.log(`  ${pad('stage', 20)}${pad('median', 10, true)}${pad('p95', 10, true)}${pad('mean', 10, true)}${pad('share', 8, true)}`);
  const totalMean = mean(rows.map((r) => r.total));
  for (const k of keys) {
    const xs = rows.map((r) => r[k]).filter((x) => Number.isFinite(x));
    const share = /Bytes$/.test(k) || k === 'total' || k === 'documentsAfter' ? '' : `${((mean(xs) / totalMean) * 100).toFixed(0)}%`;
    console.log(`  ${pad(k, 20)}${pad(round(median(xs)), 10, true)}${pad(round(percentile(xs, 95)), 10, true)}${pad(round(mean(xs)), 10, true)}${pad(share, 8, true)}`);
  }
  const slow = results.filter((r) => r.stages?.length).sort((a, b) => (b.clipMs ?? 0) - (a.clipMs ?? 0)).slice(0, 8);
  console.log('\n  slowest pages, median stage ms vs floor:');
  for (const r of slow) {
    const m = (k: keyof SaveStages) => round(median(r.stages!.map((x) => x[k]).filter((x) => Number.isFinite(x))));
    console.log(
      `  ${pad(r.name, 40)} clip ${fmt(r.clipMs)}  extract ${m('extract')}  prepare ${m('prepare')}  journal ${m('journalTx')} (${Math.round(m('journalBytes') / 1024)} KB)  index ${m('indexIdb')}  | then documents ${m('documentsAfter')}  | floor ${fmt(r.floorMs)} (readability ${round(r.floorDetail?.readabilityMs ?? NaN)}, sanitize ${round(r.floorDetail?.sanitizeMs ?? NaN)}, put ${round(r.floorDetail?.putMs ?? NaN)})`,
    );
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
