/**
 * bench:library's search figures, measured in the real extension (issue 12, item 5):
 * - searchP50Ms / searchP95Ms: keystroke to rendered results in the real side panel — the
 *   query is put in the search box with an `input` event at t0 and the results' layout effect
 *   records `__cpSearchRenderedAt` for that query (before paint); each query R times, the box
 *   emptied in between (so every run asks the background);
 * - indexOneMs: a new clip (a word no other clip has) saved with `saveExtracted`, then `search`
 *   asked until it finds it: from the save's answer (median of 5);
 * - rebuildMs: `rebuildSearch` until `searchStatus` says ready;
 * - searchIndexBytes: the key and value bytes of the `commonplace-search` database;
 * - coldStartMs: the worker stopped (CDP), then an extension page's first call (`libraryFacets`,
 *   which the side panel asks at once) until its answer: what a user waits for after the
 *   browser's 30 s idle stop (median of 3).
 */
import type { Page } from 'puppeteer-core';
import { call, callOk, evalInWorker, log, sleep, workerSession, type Session } from './browser';
import { startProfile, stopProfile, summarise } from './cpuprofile';
import { closePanel, openPanel, pollRendered } from './side-panel';
import { median, percentile, round } from './stats';

export interface SearchFigures {
  readonly searchP50Ms: number;
  readonly searchP95Ms: number;
  readonly searchMaxMs: number;
  readonly searchFirstMs: number;
  /** The first search typed in a newly opened panel, the index warm (median of 5 panels, each typed into 1 s after its rows): the search a user most often makes. */
  readonly searchFirstInPanelMs: number;
  /** The same typed as soon as the new panel's rows are drawn, while it still reads its whole list (median and slowest of 5 panels). */
  readonly searchAtOpenMs: number;
  readonly searchAtOpenMaxMs: number;
  /** The background's own time per timed search (test builds record it: extension/background/search.ts), p50 / p95; the rest of `searchP*Ms` is the message and the page. */
  readonly backgroundSearchP50Ms: number | null;
  readonly backgroundSearchP95Ms: number | null;
  /** Keystroke → the answer in the page (the message both ways and the background), p50 / p95. */
  readonly answeredP50Ms: number | null;
  readonly answeredP95Ms: number | null;
  /** The answer in the page → its results rendered, p50 / p95. */
  readonly renderP50Ms: number | null;
  readonly renderP95Ms: number | null;
  readonly queries: number;
  /** The five slowest timed searches; `backgroundMs`, the background's own time for it, when each timed search made one call (test builds record it). */
  readonly slowest: ReadonlyArray<{ query: string; ms: number; backgroundMs?: number; sentMs?: number | null; answeredMs?: number | null }>;
  readonly indexOneMs: number;
  readonly rebuildMs: number;
}

/** The p-th percentile of `xs`, rounded to 0.1 ms, or null when there is none. */
const percentileOrNull = (xs: readonly number[], p: number): number | null => (xs.length ? round(percentile(xs, p), 1) : null);

/** Types `query` into the side panel's search box and resolves with ms until its results rendered. */
export async function typeAndTime(panel: Page, query: string, gapMs = 30): Promise<number> {
  const src = `async (q, gap) => {
    const input = document.querySelector('[data-testid=search-input]');
    const setValue = (v) => { input.value = v; input.dispatchEvent(new Event('input', { bubbles: true })); };
    setValue('');
    await new Promise((r) => setTimeout(r, gap));
    const t0 = performance.now();
    setValue(q);
    return await new Promise((resolve, reject) => {
      // Woken by the results' own write of __cpSearchRenderedAt (a setter put on window once), not
      // by polling: a setTimeout(0) loop ran on the page's one thread while it waited for the answer.
      if (!window.__cpRenderHooks) {
        let v = window.__cpSearchRenderedAt;
        const hooks = (window.__cpRenderHooks = new Set());
        Object.defineProperty(window, '__cpSearchRenderedAt', { configurable: true, get: () => v, set: (x) => { v = x; for (const f of [...hooks]) f(); } });
      }
      const give = setTimeout(() => (window.__cpRenderHooks.delete(check), reject(new Error('no results rendered within 30 s for ' + q))), 30000);
      function check() {
        const r = window.__cpSearchRenderedAt;
        if (r && r.query === q && r.at >= t0) {
          clearTimeout(give);
          window.__cpRenderHooks.delete(check);
          const a = window.__cpSearchAnsweredAt;
          // Sent: when the request was posted to the worker (test builds), else when the page asked for it.
          const sent = window.__cpSearchSentAt;
          const posted = window.__cpWorkerCalls?.lastPostAt;
          const sentAt = typeof posted === 'number' && posted >= t0 ? posted - t0 : sent && sent.query === q && sent.at >= t0 ? sent.at - t0 : null;
          (window.__cpSearchSplits ??= []).push([a && a.query === q && a.at >= t0 ? a.at - t0 : null, r.at - t0, sentAt]);
          resolve(r.at - t0);
        }
      }
      window.__cpRenderHooks.add(check);
      check();
    });
  }`;
  return panel.evaluate(`(${src})(${JSON.stringify(query)}, ${gapMs})`) as Promise<number>;
}

/** Waits until the background's `searchStatus` says ready (polled every `everyMs`), at most 10 minutes. */
export async function searchReady(s: Session, everyMs = 100): Promise<void> {
  const t = performance.now();
  while ((await callOk(s.control, 'searchStatus', {})).status !== 'ready') {
    if (performance.now() - t > 600_000) throw new Error('the search index was not ready within 10 minutes');
    await sleep(everyMs);
  }
}

/** Asks the background to rebuild its search index and waits until `searchStatus` says ready: the ms it took. */
export async function rebuildAndWait(s: Session): Promise<number> {
  const t = performance.now();
  await callOk(s.control, 'rebuildSearch', {});
  await searchReady(s, 50);
  return performance.now() - t;
}

/**
 * Empties the search box, then closes the panel: a panel opens on the view it was left on, so the
 * next one opens on the list, as a user most often finds it (left on a search, a new panel
 * opened on its results and never drew the list, and `pollRendered` waited its full 60 s).
 */
async function closeOnList(s: Session, panel: Page): Promise<void> {
  await panel.evaluate(`(() => {
    const input = document.querySelector('[data-testid=search-input]');
    if (input && input.value !== '') { input.value = ''; input.dispatchEvent(new Event('input', { bubbles: true })); }
  })()`).catch(() => undefined);
  await sleep(100);
  await closePanel(s, panel);
}

/**
 * The search figures (see the top of this file), on a library the caller has filled. `runs`:
 * times each query is typed. `gapMs`: how long the emptied box stays empty before the next query
 * is typed (the list view comes back meanwhile and reads the index; 30 ms by default, as it
 * always was). `afterQueries` runs once the timed queries are done and their panel closed,
 * before the new clips and the rebuild: bench:library reads the background's memory there, with
 * the index loaded and searched.
 */
export async function measureSearch(
  s: Session,
  queries: readonly string[],
  runs = 3,
  gapMs = 30,
  profiles: { readonly panel?: string | null; readonly worker?: string | null; readonly firstPanelTrace?: string | null; readonly atOpenTrace?: string | null } = {},
  afterQueries: () => Promise<void> = async () => undefined,
): Promise<SearchFigures & { profile: string | null }> {
  const panel = await openPanel(s);
  await panel.waitForSelector('[data-testid=search-input]', { timeout: 30_000 });
  const typed = queries.filter((q) => q.trim() !== '');
  // The first search opens the index (a cold load of its snapshot, or a first build): reported apart,
  // and the timed runs wait until the index is ready (a build runs on the background's one thread).
  const searchFirstMs = await typeAndTime(panel, typed[0]!);
  await searchReady(s);
  const worker = await workerSession(s).catch(() => null);
  if (worker) await evalInWorker(worker, 'void (globalThis.__cpSearchMs = [])').catch(() => undefined);
  const times: Array<{ query: string; ms: number }> = [];
  // --search-profile / --worker-profile: CPU profiles of the side panel and of the background over the timed queries.
  const profileFile = profiles.panel ?? null;
  const pc = profileFile ? await panel.createCDPSession() : null;
  if (pc) await startProfile(pc, 100);
  const workerProfile = worker && profiles.worker ? profiles.worker : null;
  if (workerProfile) await startProfile(worker!, 100);
  await panel.evaluate('void (window.__cpSearchSplits = [])');
  for (let r = 0; r < runs; r++) for (const q of typed) times.push({ query: q, ms: await typeAndTime(panel, q, gapMs) });
  // Each timed search split in two: keystroke → answer in the page, answer → results rendered.
  const rawSplits = (await panel.evaluate('window.__cpSearchSplits')) as Array<[number | null, number, number | null]>;
  const splits = rawSplits.filter((x): x is [number, number, number | null] => x[0] !== null);
  const sentAt = splits.flatMap(([, , s]) => (s === null ? [] : [s]));
  if (sentAt.length) log(`search: the request sent p50 ${round(percentile(sentAt, 50), 1)} p95 ${round(percentile(sentAt, 95), 1)} ms after the keystroke`);
  const answered = splits.map(([a]) => a);
  const rendering = splits.map(([a, r]) => r - a);
  const profile =
    [pc && profileFile ? `side panel over the timed queries ${summarise(await stopProfile(pc, profileFile), 40)}` : null, workerProfile ? `background over the timed queries ${summarise(await stopProfile(worker!, workerProfile), 40)}` : null]
      .filter(Boolean)
      .join('\n\n') || null;
  await pc?.detach().catch(() => undefined);
  const inBackground = worker ? ((await evalInWorker<number[] | undefined>(worker, 'globalThis.__cpSearchMs').catch(() => undefined)) ?? []) : [];
  const ms = times.map((t) => t.ms);
  await closeOnList(s, panel);
  await afterQueries();

  // The first search of a panel: opened, its rows drawn, a second to read them, then a word typed;
  // and typed as soon as the rows are drawn (a user who opens the panel to search), while the panel
  // still reads its whole list. The background's own time for each (test builds record it), and
  // --first-panel-trace <file>: a browser-wide trace over the first five (the timed queries' worker session, kept for them);
  // --at-open-trace <file>: the same over the five typed into as their rows are drawn.
  const newPanels = async (what: string, afterMs: number, pick: (i: number) => string, trace: string | null): Promise<number[]> => {
    const out: number[] = [];
    const splits: string[] = [];
    if (worker) await evalInWorker(worker, 'void (globalThis.__cpSearchMs = [])').catch(() => undefined);
    if (trace) await s.control.tracing.start({ path: trace, categories: ['toplevel', 'v8', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'disabled-by-default-v8.gc', 'IndexedDB', 'ServiceWorker'] });
    for (let i = 0; i < 5; i++) {
      const fresh = await openPanel(s);
      // A panel that draws no list (opened on another view) would be typed into after pollRendered's 60 s: said, not hidden.
      if ((await pollRendered(fresh)) === null) log(`search: a new panel drew no list within 60 s (${what}, panel ${i + 1})`);
      if (afterMs > 0) await sleep(afterMs);
      out.push(await typeAndTime(fresh, pick(i)));
      const [answeredAt, , sentAt] = ((await fresh.evaluate('window.__cpSearchSplits')) as Array<[number | null, number, number | null]>).at(-1)!;
      splits.push(`${round(out.at(-1)!, 1)}/${sentAt === null ? '?' : round(sentAt, 1)}/${answeredAt === null ? '?' : round(answeredAt, 1)}`);
      await closeOnList(s, fresh);
    }
    if (trace) await s.control.tracing.stop();
    const own = worker ? ((await evalInWorker<number[] | undefined>(worker, 'globalThis.__cpSearchMs').catch(() => undefined)) ?? []) : [];
    log(`search: ${what} (ms: total/request sent/answer in the page) ${splits.join(', ')}; the background's own searches meanwhile ${own.map((x) => round(x, 1)).join(', ') || '?'} ms`);
    return out;
  };
  const firstInPanel = await newPanels('the first search in a new panel, the index warm', 1_000, (i) => typed[(i * 7 + 3) % typed.length]!, profiles.firstPanelTrace ?? null);
  // The first five single words (search-queries.ts lists 18 fixed queries first, '' left out here),
  // each needing its snippets' texts read from the store.
  const atOpen = await newPanels('the first search in a new panel, typed as its rows are drawn', 0, (i) => typed[Math.min(18 + i, typed.length - 1)]!, profiles.atOpenTrace ?? null);
  await worker?.detach().catch(() => undefined);

  const indexOne: number[] = [];
  for (let i = 0; i < 5; i++) {
    const word = `zqxbench${i}${Date.now().toString(36)}`;
    const text = `A note about ${word} and other things.`;
    await callOk(s.control, 'saveExtracted', {
      kind: 'page', extractor: 'readability', html: `<p>${text}</p>`, text, pageUrl: `https://bench.example/searchable/${word}`, canonicalUrl: null,
      title: `Searchable ${i}`, byline: null, siteName: null, lang: 'en', dir: 'ltr', publishedTime: null, excerpt: null,
    } as never);
    const t0 = performance.now();
    for (;;) {
      const r = await call(s.control, 'search', { query: word, offset: 0, limit: 5 });
      if (r.ok && r.value.total > 0) break;
      if (performance.now() - t0 > 30_000) throw new Error(`a new clip was not searchable within 30 s (${word})`);
      await sleep(5);
    }
    indexOne.push(performance.now() - t0);
  }

  const rebuildMs = await rebuildAndWait(s);

  // One background search per timed search, in order: each query's own time there.
  const ownTime = inBackground.length === times.length ? new Map(times.map((t, i) => [t, inBackground[i]!])) : null;
  const slowest = [...times]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 12)
    .map((x) => {
      // Where its time went: sent (keystroke → request), answered (→ answer in the page), the rest rendering.
      const split = rawSplits.length === times.length ? rawSplits[times.indexOf(x)] : undefined;
      const at = (v: number | null | undefined) => (v == null ? null : round(v, 1));
      return { query: x.query.slice(0, 60), ms: round(x.ms, 1), ...(ownTime && { backgroundMs: ownTime.get(x)! }), ...(split && { sentMs: at(split[2]), answeredMs: at(split[0]) }) };
    });
  log(`search: the 12 slowest (ms: total, in the background, request sent, answer in the page) ${slowest.map((x) => `${JSON.stringify(x.query)} ${x.ms}/${x.backgroundMs ?? '?'}/${x.sentMs ?? '?'}/${x.answeredMs ?? '?'}`).join(', ')}`);
  return {
    searchP50Ms: round(percentile(ms, 50), 1),
    searchP95Ms: round(percentile(ms, 95), 1),
    searchMaxMs: round(Math.max(...ms), 1),
    searchFirstMs: round(searchFirstMs, 1),
    searchFirstInPanelMs: round(median(firstInPanel), 1),
    searchAtOpenMs: round(median(atOpen), 1),
    searchAtOpenMaxMs: round(Math.max(...atOpen), 1),
    backgroundSearchP50Ms: percentileOrNull(inBackground, 50),
    backgroundSearchP95Ms: percentileOrNull(inBackground, 95),
    answeredP50Ms: percentileOrNull(answered, 50),
    answeredP95Ms: percentileOrNull(answered, 95),
    renderP50Ms: percentileOrNull(rendering, 50),
    renderP95Ms: percentileOrNull(rendering, 95),
    queries: typed.length,
    slowest: slowest.slice(0, 5),
    indexOneMs: round(median(indexOne), 1),
    rebuildMs: round(rebuildMs),
    profile,
  };
}

/**
 * Cold start: the worker stopped, then a side panel opened (side-panel.ts: a tab, or the real panel), as after the browser's
 * idle stop: from the panel's first call to the background (`cp-first-call`, marked by
 * extension/messaging.ts) to its answer (`cp-first-answer`). The panel's own load (its first rows
 * come from the index database, not the background) is reported beside it as `panelMs`. The
 * worker is stopped as the e2e harness does it (CDP ServiceWorker.stopWorker from a session kept
 * attached, until the version reports 'stopped' and its target is gone).
 */
export async function measureColdStart(s: Session, times = 3): Promise<{ ms: number; runs: number[]; panelMs: number[] }> {
  const holder = await s.browser.newPage();
  await holder.goto(`${s.base}offscreen.html`, { waitUntil: 'domcontentloaded' });
  const cdp = await holder.createCDPSession();
  const versions = new Map<string, { versionId: string; scriptURL: string; runningStatus: string }>();
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> }) => {
    for (const v of e.versions) versions.set(v.versionId, v);
  });
  await cdp.send('ServiceWorker.enable');
  const browserCdp = await s.browser.target().createCDPSession();
  const runs: number[] = [];
  const panelMs: number[] = [];
  for (let i = 0; i < times; i++) {
    for (let k = 0; k < 400; k++) {
      const live = [...versions.values()].filter((v) => v.scriptURL.startsWith(s.base) && v.runningStatus !== 'stopped');
      for (const v of live) if (v.runningStatus === 'running' || v.runningStatus === 'starting') await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
      const { targetInfos } = await browserCdp.send('Target.getTargets', { filter: [{ type: 'service_worker' }] });
      if (live.length === 0 && !targetInfos.some((t) => t.url.startsWith(s.base))) break;
      await sleep(25);
    }
    const panel = await openPanel(s);
    const t0 = performance.now();
    let marks: { call: number; answer: number } | null = null;
    while (!marks && performance.now() - t0 < 60_000) {
      marks = (await panel.evaluate(`(() => {
        const c = performance.getEntriesByName('cp-first-call')[0];
        const a = performance.getEntriesByName('cp-first-answer')[0];
        return c && a ? { call: c.startTime, answer: a.startTime } : null;
      })()`)) as { call: number; answer: number } | null;
      if (!marks) await sleep(20);
    }
    await closePanel(s, panel);
    if (!marks) throw new Error('the side panel got no answer from the stopped background within 60 s');
    runs.push(marks.answer - marks.call);
    panelMs.push(marks.answer);
  }
  await cdp.detach().catch(() => undefined);
  await browserCdp.detach().catch(() => undefined);
  await holder.close();
  return { ms: round(median(runs), 1), runs: runs.map((x) => round(x, 1)), panelMs: panelMs.map((x) => round(x, 1)) };
}
