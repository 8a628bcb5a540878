/**
 * Cold-start probe (a development tool beside bench:library): a library kept in a persistent
 * Chromium profile, so the background's start can be measured again and again on the same
 * library, with different builds, without saving N clips each time.
 *
 *   tsx scripts/bench/cold-probe.ts --profile <dir> [--fill N] [--articles <cache.json>] [--runs R]
 *                                    [--no-build] [--memory] [--trace <file>] [--search R [--search-profile <file>] [--panel-profile <file>] [--search-gap ms]]
 *
 * - The test build (`COMMONPLACE_OUT_DIR`/chrome-mv3-test, built first unless --no-build) is
 *   copied to `<dir>/extension`, so the extension id (derived from that path), and with it the
 *   library, stay the same across runs.
 * - `--fill N`: saves clips (`saveExtracted`) until the library holds N: synthetic ones (~24 KB
 *   of text each, a small vocabulary), or with `--articles <file>` (an articles cache as
 *   bench:search and bench:sync write it: `--articles-cache`) the corpus articles cycled as
 *   bench:library cycles them.
 * - `--search R`: after the cold starts, bench:library's query set typed R times into a side
 *   panel: keystroke-to-render p50 / p95, and the background's own time for each search
 *   (`--search-profile`: a CPU profile of the worker meanwhile; `--panel-profile`: of the panel).
 * - Then R times: the worker stopped (as bench:library does), a side panel opened, and its first
 *   call's answer timed (`cp-first-call` → `cp-first-answer`); the background's own marks
 *   (`cp-bg-*`, performance marks in the worker) are printed in ms since the worker started.
 * - `--memory`: the worker's JS heap and Automerge's Wasm memory after the last run, then 10 s later.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CDPSession } from 'puppeteer-core';
import { buildExtension, call, callOk, extensionBase, log, openExtensionPage, sleep, type Session } from './browser';
import { launchOnProfile } from './profile-launch';
import { intFlag, median, parseArgs, percentile, round } from './stats';
import { typeAndTime } from './search-panel';
import { queriesOf } from './search-queries';
import { DEFAULT_TEXT_CHARS } from '../../src/search/fields';

const WORDS = 'alpha beta gamma delta river mountain paper garden window silver copper orange violet quiet rapid gentle marble harbor lantern meadow canyon falcon ember willow summit valley thunder breeze coral amber'.split(' ');

function article(i: number): { html: string; text: string } {
  let seed = i * 2654435761;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const paras: string[] = [];
  let len = 0;
  while (len < 24_000) {
    const words = Array.from({ length: 60 }, () => WORDS[Math.floor(rnd() * WORDS.length)]! + (rnd() < 0.1 ? String(Math.floor(rnd() * 1000)) : ''));
    const p = words.join(' ') + '.';
    paras.push(p);
    len += p.length;
  }
  return { html: paras.map((p) => `<p>${p}</p>`).join(''), text: paras.join('\n\n') };
}

async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2), ['no-build', 'memory']);
  const profile = resolve(String(flags.get('profile') ?? '/tmp/cp-cold-profile'));
  const fill = intFlag(flags, 'fill', 0);
  const runs = intFlag(flags, 'runs', 3);
  const built = buildExtension(flags.has('no-build'));
  const browser = await launchOnProfile(profile, built);
  rmSync(built, { recursive: true, force: true });
  try {
    const base = await extensionBase(browser);
    const control = await openExtensionPage(browser, base, 'options.html');
    const s = { browser, base, control } as unknown as Session;
    let have = (await callOk(control, 'debugState', {})).rootEntries;
    log(`library holds ${have} clips`);
    const t0 = Date.now();
    const corpus = typeof flags.get('articles') === 'string' ? (JSON.parse(readFileSync(String(flags.get('articles')), 'utf8')) as { articles: Array<{ name: string; page: Record<string, unknown> & { title: string; text: string } }> }).articles : null;
    while (have < fill) {
      const a = article(have);
      const c = corpus?.[have % corpus.length];
      const page = c
        ? { ...c.page, pageUrl: `https://bench.example/${encodeURIComponent(c.name)}/${have}`, canonicalUrl: null, title: `${c.page.title} #${have}`.slice(0, 2000) }
        : {
            kind: 'page', extractor: 'readability', html: a.html, text: a.text, pageUrl: `https://probe.example/${have % 37}/article-${have}`, canonicalUrl: null,
            title: `Probe article ${have}: ${WORDS[have % WORDS.length]} ${WORDS[(have * 7) % WORDS.length]}`, byline: have % 3 ? `Author ${have % 50}` : null,
            siteName: `Site ${have % 37}`, lang: 'en', dir: 'ltr', publishedTime: null, excerpt: a.text.slice(0, 200),
          };
      const r = await call(control, 'saveExtracted', page as never);
      if (!r.ok) throw new Error(r.error.message);
      have++;
      if (have % 500 === 0) log(`  ${have} clips (${round((Date.now() - t0) / 1000, 1)} s)`);
    }
    if (fill > 0) {
      await callOk(control, 'debugState', {});
      // Organise a few, as a user would: tags and states.
      log(`filled to ${have} in ${round((Date.now() - t0) / 1000, 1)} s`);
    }
    const holder = await browser.newPage();
    await holder.goto(`${base}offscreen.html`, { waitUntil: 'domcontentloaded' });
    const cdp = await holder.createCDPSession();
    const versions = new Map<string, { versionId: string; scriptURL: string; runningStatus: string }>();
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> }) => {
      for (const v of e.versions) versions.set(v.versionId, v);
    });
    await cdp.send('ServiceWorker.enable');
    const browserCdp = await browser.target().createCDPSession();
    const answers: number[] = [];
    for (let i = 0; i < runs; i++) {
      // The coverage record is written 1 s after the library's last write: let it be.
      await sleep(1_500);
      for (let k = 0; k < 400; k++) {
        const live = [...versions.values()].filter((v) => v.scriptURL.startsWith(base) && v.runningStatus !== 'stopped');
        for (const v of live) if (v.runningStatus === 'running' || v.runningStatus === 'starting') await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
        const { targetInfos } = await browserCdp.send('Target.getTargets', { filter: [{ type: 'service_worker' }] });
        if (live.length === 0 && !targetInfos.some((t) => t.url.startsWith(base))) break;
        await sleep(25);
      }
      // --trace <file>: the first run is traced (Chromium's tracing, v8 and timeline categories) until its answer.
      const tracing = i === 0 && typeof flags.get('trace') === 'string';
      if (tracing) await browserCdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: ['v8', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-v8.cpu_profiler', 'blink', 'ServiceWorker', 'toplevel'] } } as never);
      const panel = await browser.newPage();
      await panel.goto(`${base}sidepanel.html`, { waitUntil: 'domcontentloaded' });
      let marks: Record<string, number> | null = null;
      const tw = Date.now();
      while (!marks && Date.now() - tw < 60_000) {
        marks = (await panel.evaluate(`(() => {
          const c = performance.getEntriesByName('cp-first-call')[0];
          const a = performance.getEntriesByName('cp-first-answer')[0];
          return c && a ? { call: c.startTime, answer: a.startTime } : null;
        })()`)) as Record<string, number> | null;
        if (!marks) await sleep(20);
      }
      if (!marks) throw new Error('no answer within 60 s');
      if (tracing) {
        const done = new Promise<{ stream: string }>((resolve) => browserCdp.once('Tracing.tracingComplete', resolve as never));
        await sleep(1_500);
        await browserCdp.send('Tracing.end');
        const { stream } = await done;
        let data = '';
        for (;;) {
          const r = (await browserCdp.send('IO.read', { handle: stream, size: 1 << 20 })) as { data: string; eof: boolean; base64Encoded?: boolean };
          data += r.base64Encoded ? Buffer.from(r.data, 'base64').toString('utf8') : r.data;
          if (r.eof) break;
        }
        await browserCdp.send('IO.close', { handle: stream });
        writeFileSync(String(flags.get('trace')), data);
        log(`trace → ${flags.get('trace')}`);
      }
      answers.push(marks.answer! - marks.call!);
      // Wait for the library, then read the worker's marks.
      await callOk(control, 'debugState', {});
      const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(base), { timeout: 10_000 });
      const w: CDPSession = await target.createCDPSession();
      const r = await w.send('Runtime.evaluate', {
        expression: `JSON.stringify(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('cp-')).map((m) => [m.name, Math.round(m.startTime)]).concat(performance.getEntriesByType('measure').filter((m) => m.name.startsWith('cp-')).map((m) => [m.name + ' (dur)', Math.round(m.duration)])))`,
        returnByValue: true,
      });
      await w.detach().catch(() => undefined);
      log(`run ${i + 1}: first answer ${round(marks.answer! - marks.call!, 1)} ms (call at ${round(marks.call!, 1)} ms after the panel's navigation); worker: ${r.result.value}`);
      await panel.close();
    }
    log(`cold start median ${round(median(answers), 1)} ms (${answers.map((x) => round(x, 1)).join(', ')})`);
    if (flags.has('memory')) {
      const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(base), { timeout: 10_000 });
      const w = await target.createCDPSession();
      for (const wait of [0, 10_000]) {
        await sleep(wait);
        const heap = (await w.send('Runtime.getHeapUsage')) as { usedSize: number };
        const dbg = await callOk(control, 'debugState', {});
        log(`memory after ${wait / 1000} s: heap ${round(heap.usedSize / 2 ** 20, 1)} MB, wasm ${round((dbg.wasmBytes ?? 0) / 2 ** 20, 1)} MB, loaded handles ${dbg.loadedHandles}`);
      }
      await w.send('HeapProfiler.collectGarbage');
      const heap = (await w.send('Runtime.getHeapUsage')) as { usedSize: number };
      log(`after GC: heap ${round(heap.usedSize / 2 ** 20, 1)} MB`);
      await w.detach().catch(() => undefined);
    }
    const searchRuns = intFlag(flags, 'search', 0);
    if (searchRuns > 0) {
      const corpusForQueries = corpus ?? [{ page: { text: article(0).text } }];
      const queries = queriesOf(corpusForQueries as never, 'https://bench.example/x', DEFAULT_TEXT_CHARS).filter((q) => q.trim() !== '');
      const panel = await browser.newPage();
      await panel.goto(`${base}sidepanel.html`, { waitUntil: 'domcontentloaded' });
      await panel.waitForSelector('[data-testid=search-input]', { timeout: 30_000 });
      await typeAndTime(panel, queries[0]!);
      for (;;) {
        const st = await callOk(control, 'searchStatus', {});
        if (st.status === 'ready') break;
        await sleep(200);
      }
      const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(base), { timeout: 10_000 });
      const w = await target.createCDPSession();
      await w.send('Runtime.evaluate', { expression: 'void (globalThis.__cpSearchMs = [])' });
      const cpu = typeof flags.get('search-profile') === 'string' ? String(flags.get('search-profile')) : null;
      if (cpu) {
        await w.send('Profiler.enable');
        await w.send('Profiler.setSamplingInterval', { interval: 500 });
        await w.send('Profiler.start');
      }
      const panelCpu = typeof flags.get('panel-profile') === 'string' ? String(flags.get('panel-profile')) : null;
      const pc = panelCpu ? await panel.createCDPSession() : null;
      if (pc) {
        await pc.send('Profiler.enable');
        await pc.send('Profiler.setSamplingInterval', { interval: 500 });
        await pc.send('Profiler.start');
      }
      const times: Array<{ q: string; ms: number }> = [];
      const gap = intFlag(flags, 'search-gap', 30);
      for (let r = 0; r < searchRuns; r++) for (const q of queries) times.push({ q, ms: await typeAndTime(panel, q, gap) });
      if (cpu) writeFileSync(cpu, JSON.stringify((await w.send('Profiler.stop')).profile));
      if (pc && panelCpu) writeFileSync(panelCpu, JSON.stringify((await pc.send('Profiler.stop')).profile));
      // The same queries asked straight from an extension page (no side panel re-rendering its list between them).
      const direct: number[] = [];
      for (const q of queries) {
        const t = performance.now();
        await callOk(control, 'search', { query: q, offset: 0, limit: 20 });
        direct.push(performance.now() - t);
      }
      log(`direct calls (no panel): p50 ${round(percentile(direct, 50), 1)} p95 ${round(percentile(direct, 95), 1)} ms`);
      const bg = ((await w.send('Runtime.evaluate', { expression: 'globalThis.__cpSearchMs', returnByValue: true })).result.value ?? []) as number[];
      await w.detach().catch(() => undefined);
      const ms = times.map((t) => t.ms);
      log(`search: p50 ${round(percentile(ms, 50), 1)} p95 ${round(percentile(ms, 95), 1)} ms over ${queries.length} queries × ${searchRuns}; in the background p50 ${round(percentile(bg, 50), 1)} p95 ${round(percentile(bg, 95), 1)} ms (${bg.length} searches)`);
      log(`  the panel read the whole list ${await panel.evaluate(() => performance.getEntriesByName('cp-list-read-start').length)} times meanwhile`);
      log(`  slowest: ${[...times].sort((a, b) => b.ms - a.ms).slice(0, 6).map((t) => `${JSON.stringify(t.q.slice(0, 40))} ${round(t.ms, 1)}`).join(', ')}`);
      await panel.close();
    }
    void existsSync;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
