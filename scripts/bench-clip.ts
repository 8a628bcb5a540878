/**
 * Clip benchmark: how long saving a real page takes through the real extension, how
 * that compares with the least possible work, and how good the saved article is.
 *
 *   npm run bench:clip -- <corpus-dir> [--json <file>] [--limit N] [--runs R] [--no-build] [--profile] [--isolated-floor]
 *
 * Corpus layout (see ../shared/corpus/README.md): one folder per page with
 * source.html, expected.html and expected-metadata.json.
 *
 * Per page, in one headless Chromium with the built extension (fresh profile):
 * - The pages are served by one loopback HTTP server (127.0.0.1, /<name>/; every
 *   other path is a 404, and every other host fails DNS inside the browser).
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
 * - Pages the extension refuses are reported with the error message and count as
 *   failures in the summary (similarity 0, metadataMatch 0; no clipMs).
 *
 * Summary: p50/p95 over the per-page medians (nearest rank); p95Ratio = p95ClipMs / p95FloorMs.
 * `--isolated-floor` also runs the floor in a fresh isolated world of the page (where content
 * scripts run) and reports p95FloorIsolatedMs and p95RatioIsolated beside the headline figures.
 * `--profile` additionally times the stages of each save from the service worker
 * (scripts/bench/stages.ts), and `--cpu-profile <prefix>` records sampling CPU profiles
 * of the service worker over the whole run (<prefix>-worker.cpuprofile) and of the tab
 * during each save, and prints where the time went; leave both off for the headline numbers.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import type { CDPSession } from 'puppeteer-core';
import { buildExtension, call, callOk, gotoLoaded, launch, log, tabIdFor, workerSession, type Session } from './bench/browser';
import { accumulate, emptyTotals, startProfile, stopProfile, summarise } from './bench/cpuprofile';
import { prepareFloor, runFloor, runIsolatedFloor, type FloorRun } from './bench/floor';
import { listCorpus, serveCorpus } from './bench/server';
import { compareTexts, normMeta } from './bench/similarity';
import { htmlToText } from '../src/capture/text';
import { docIdOf, installStages, splitSave, takeStages, type SaveStages } from './bench/stages';
import { intFlag, mean, median, pad, parseArgs, percentile, round } from './bench/stats';

const META_FIELDS = ['title', 'byline', 'siteName', 'lang', 'dir', 'publishedTime', 'excerpt'] as const;

interface PageResult {
  name: string;
  clipMs: number | null;
  floorMs: number | null;
  similarity: number;
  metadataMatch: number;
  error?: string;
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
  created?: boolean[];
  metadataMismatches?: Record<string, { expected: unknown; ours: unknown }>;
  htmlBytes?: number;
  textMatchesHtml?: boolean;
  loadMs?: number;
  loadTimedOut?: boolean;
  stages?: SaveStages[];
}

async function main(): Promise<void> {
  const { flags, positional } = parseArgs(process.argv.slice(2), ['no-build', 'profile', 'isolated-floor']);
  const corpusDir = positional[0];
  if (!corpusDir) throw new Error('usage: bench-clip <corpus-dir> [--json <file>] [--limit N] [--runs R] [--no-build] [--profile]');
  const runs = Math.max(1, intFlag(flags, 'runs', 3));
  const limit = intFlag(flags, 'limit', Number.MAX_SAFE_INTEGER);
  const jsonOut = typeof flags.get('json') === 'string' ? (flags.get('json') as string) : null;
  const profile = flags.has('profile');
  const isolatedFloor = flags.has('isolated-floor');
  const cpuProfile = typeof flags.get('cpu-profile') === 'string' ? (flags.get('cpu-profile') as string) : null;
  const profileText: string[] = [];

  const pages = listCorpus(corpusDir).slice(0, limit);
  const loadStart = loadavg().map((x) => round(x, 2));
  if (pages.length === 0) throw new Error(`no pages (folders with source.html) in ${corpusDir}`);
  const extDir = buildExtension(flags.has('no-build'));
  const server = await serveCorpus(pages);
  let s: Session | null = null;
  const results: PageResult[] = [];
  try {
    s = await launch(extDir);
    const version = await callOk(s.control, 'ping');
    log(`extension ${s.extId} v${version.version}, ${pages.length} pages × ${runs} runs, corpus served at ${server.origin}`);
    const tab = await s.browser.newPage();
    await tab.setCacheEnabled(false);

    // Warm-up: one save and one floor run on a throwaway page (JIT, Automerge, Dexie, the content script file).
    await gotoLoaded(tab, server.url('__warmup', 0));
    const tabId = await tabIdFor(s.control, server.origin);
    const warm = await call(s.control, 'savePage', { tabId });
    if (!warm.ok) throw new Error(`warm-up save failed: ${warm.error.message}`);
    await callOk(s.control, 'getClip', { clipId: warm.value.clip.id });
    await prepareFloor(tab);
    await runFloor(tab, 'warmup');
    log(`warm-up save ${warm.ms.toFixed(0)} ms`);

    let cdp: CDPSession | null = null;
    let rootDocId = '';
    if (profile) {
      cdp = await workerSession(s);
      rootDocId = docIdOf((await callOk(s.control, 'debugState')).libraryUrl);
      await installStages(cdp, rootDocId);
      await takeStages(cdp);
    }
    // The tab's renderer may change with each navigation, so the tab is profiled one save at a time.
    const tabTotals = emptyTotals();
    if (cpuProfile) {
      cdp ??= await workerSession(s);
      await startProfile(cdp);
    }

    for (const [i, page] of pages.entries()) {
      const r: PageResult = { name: page.name, clipMs: null, floorMs: null, similarity: 0, metadataMatch: 0, clipRuns: [], floorRuns: [], created: [] };
      const floorRuns: FloorRun[] = [];
      const errors: string[] = [];
      let clipId: string | null = null;
      const loads: number[] = [];
      for (let run = 1; run <= runs; run++) {
        const nav = await gotoLoaded(tab, server.url(page.name, run));
        loads.push(nav.ms);
        if (nav.timedOut) r.loadTimedOut = true;
        const tabCdp = cpuProfile ? await tab.createCDPSession() : null;
        if (tabCdp) await startProfile(tabCdp);
        const res = await call(s.control, 'savePage', { tabId });
        if (tabCdp) {
          accumulate(await stopProfile(tabCdp), tabTotals);
          await tabCdp.detach();
        }
        // The answer comes once the capture is durable and indexed; its Automerge documents are
        // written right after. Wait for that, so it neither overlaps the floor nor the next save.
        await callOk(s.control, 'debugState');
        if (res.ok) {
          r.clipRuns.push(res.ms);
          r.created!.push(res.value.created);
          clipId ??= res.value.clip.id;
        } else {
          errors.push(`${res.error.code}: ${res.error.message}`);
        }
        if (cdp && profile) {
          const { log: events } = await takeStages(cdp);
          if (res.ok) (r.stages ??= []).push(splitSave(events, res.at, res.at + res.ms, rootDocId));
        }
        try {
          await prepareFloor(tab);
          floorRuns.push(await runFloor(tab, `${page.name}-${run}`));
          if (isolatedFloor) (r.floorIsolatedRuns ??= []).push((await runIsolatedFloor(tab, `${page.name}-${run}`)).ms);
        } catch (e) {
          errors.push(`floor: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      r.loadMs = median(loads);
      r.floorRuns = floorRuns.map((f) => f.ms);
      if (r.floorIsolatedRuns?.length) r.floorIsolatedMs = median(r.floorIsolatedRuns);
      if (floorRuns.length) {
        r.floorMs = median(r.floorRuns);
        const mid = floorRuns.find((f) => f.ms === r.floorMs) ?? floorRuns[0]!;
        r.floorDetail = { readabilityMs: mid.readabilityMs, sanitizeMs: mid.sanitizeMs, putMs: mid.putMs, bytes: mid.bytes, readability: mid.readability };
      }
      const clipErrors = errors.filter((e) => !e.startsWith('floor:'));
      if (clipErrors.length) r.error = [...new Set(clipErrors)].join(' | ');
      else if (errors.length) r.error = [...new Set(errors)].join(' | ');
      if (r.clipRuns.length === runs) r.clipMs = median(r.clipRuns);
      if (clipId && clipErrors.length === 0) {
        const view = await call(s.control, 'getClip', { clipId });
        if (view.ok) scoreClip(r, page.dir, view.value);
        else r.error = `getClip: ${view.error.message}`;
      }
      if (r.error && clipErrors.length) {
        r.similarity = 0;
        r.metadataMatch = 0;
      }
      log(
        `[${i + 1}/${pages.length}] ${pad(page.name, 44)} clip ${fmt(r.clipMs)} ms  floor ${fmt(r.floorMs)} ms  sim ${r.similarity.toFixed(3)}  meta ${r.metadataMatch.toFixed(2)}${r.error ? `  ERROR ${r.error}` : ''}`,
      );
      results.push(r);
    }
    if (cpuProfile && cdp) {
      profileText.push(`service worker ${summarise(await stopProfile(cdp, `${cpuProfile}-worker.cpuprofile`))}`);
      profileText.push(`tab during the saves only (content script, page scripts) ${summarise(tabTotals, 40)}`);
    }
  } finally {
    await s?.close();
    await server.close();
    if (cpuProfile) {
      // The profiled scripts, so line:column positions in the profiles can be looked up.
      copyFileSync(join(extDir, 'content-scripts', 'content.js'), `${cpuProfile}-content.js`);
      copyFileSync(join(extDir, 'background.js'), `${cpuProfile}-background.js`);
    }
    rmSync(extDir, { recursive: true, force: true });
  }

  const ok = results.filter((r) => r.clipMs !== null);
  const clipTimes = ok.map((r) => r.clipMs!);
  const floorTimes = results.filter((r) => r.floorMs !== null).map((r) => r.floorMs!);
  const summary = {
    pages: results.length,
    failures: results.filter((r) => r.clipMs === null).length,
    p50ClipMs: round(percentile(clipTimes, 50)),
    p95ClipMs: round(percentile(clipTimes, 95)),
    p50FloorMs: round(percentile(floorTimes, 50)),
    p95FloorMs: round(percentile(floorTimes, 95)),
    p95Ratio: round(percentile(clipTimes, 95) / percentile(floorTimes, 95), 2),
    medianPerPageRatio: round(median(ok.filter((r) => r.floorMs).map((r) => r.clipMs! / r.floorMs!)), 2),
    meanSimilarity: round(mean(results.map((r) => r.similarity)), 4),
    metadataMatchRate: round(mean(results.map((r) => r.metadataMatch)), 4),
    textFromHtmlMismatches: results.filter((r) => r.textMatchesHtml === false).map((r) => r.name).join(' ') || 'none',
    ...(isolatedFloor ? isolatedSummary(results, clipTimes) : {}),
    runs,
    loadavgStart: loadStart.join(' '),
    loadavgEnd: `${loadavg().map((x) => round(x, 2)).join(' ')} (${cpus().length} cores)`,
  };

  printTable(results);
  console.log('\nSummary');
  for (const [k, v] of Object.entries(summary)) console.log(`  ${pad(k, 20)} ${v}`);
  const stageRows = results.flatMap((r) => r.stages ?? []);
  if (stageRows.length) printStages(stageRows, results);
  for (const t of profileText) console.log(`\n${t}`);

  if (jsonOut) {
    const pagesOut = results.map((r) => ({
      name: r.name,
      clipMs: r.clipMs === null ? null : round(r.clipMs),
      floorMs: r.floorMs === null ? null : round(r.floorMs),
      similarity: round(r.similarity, 4),
      metadataMatch: round(r.metadataMatch, 4),
      ...(r.error ? { error: r.error } : {}),
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
    }));
    writeFileSync(jsonOut, `${JSON.stringify({ pages: pagesOut, summary }, null, 2)}\n`);
    log(`wrote ${jsonOut}`);
  }
}

/** Extras for `--isolated-floor`: the floor run in an isolated world, and the ratio against it. */
function isolatedSummary(results: PageResult[], clipTimes: number[]): Record<string, number> {
  const iso = results.filter((r) => typeof r.floorIsolatedMs === 'number').map((r) => r.floorIsolatedMs!);
  if (!iso.length) return {};
  return {
    p50FloorIsolatedMs: round(percentile(iso, 50)),
    p95FloorIsolatedMs: round(percentile(iso, 95)),
    p95RatioIsolated: round(percentile(clipTimes, 95) / percentile(iso, 95), 2),
  };
}

function scoreClip(r: PageResult, dir: string, view: Record<string, any>): void {
  const expectedHtml = readFileSync(join(dir, 'expected.html'), 'utf8');
  const expectedText = JSDOM.fragment(expectedHtml).textContent ?? '';
  const cmp = compareTexts(String(view.text ?? ''), expectedText);
  r.similarity = cmp.f1.f1;
  r.precision = cmp.f1.precision;
  r.recall = cmp.f1.recall;
  r.levenshtein = cmp.levenshtein;
  r.words = { ours: cmp.oursTokens, expected: cmp.refTokens };
  r.htmlBytes = Buffer.byteLength(String(view.html ?? ''));
  // The text contract highlights anchor on: the saved text is htmlToText of the saved HTML, parsed again.
  const reparsed = new JSDOM(`<!doctype html><body>${String(view.html ?? '')}</body>`).window.document.body;
  r.textMatchesHtml = htmlToText(reparsed) === String(view.text ?? '');
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
    const note = [r.error ? `ERROR ${r.error}` : '', mm, r.loadTimedOut ? 'load timed out' : ''].filter(Boolean).join('; ');
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
