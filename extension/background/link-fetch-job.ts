import { browser } from 'wxt/browser';
import { fetchedPage, mayAwaitArticle, needsArticle, outcomeOfFailure } from '../../src/import/fetch-outcome';
import { addItems, afterRestart, cancelRun, newLinkFetch, pauseRun, resumeRun, type FetchItem, type FetchOutcome } from '../../src/import/fetch-queue';
import {
  DEFAULT_FETCH_POLICY,
  LINK_FETCH_AUTO_KEY,
  LINK_FETCH_KEY,
  LINK_FETCH_STATUS_CHANNEL,
  LinkFetchRecordSchema,
  summaryOf,
  type LinkFetchRecord,
  type LinkFetchStatus,
} from '../../src/import/fetch-queue-state';
import { FetchRunner, type FetchRunnerDeps } from '../../src/import/fetch-runner';
import type { ClipId } from '../../src/schema/ids';
import { isCapturableUrl } from '../../src/url/normalize';
import { AppFailure, toAppError } from '../../src/util/result';
import { extractHtml } from './capture';
import { queueImages } from './image-job';
import { fetchLinkHtml, HttpFailure } from './fetch-link';
import { services } from './services';

/**
 * The background link fetch (src/import/fetch-runner.ts wired to this browser): imported
 * links still without their article are fetched and extracted as "Save link" does
 * (`fetchLinkHtml`, `extractHtml`) and saved through `Library.save`, which updates the clip
 * (same key) and keeps its tags, states and highlights. It runs only when the user asked: the
 * options page's button, or after an import when they ticked "fetch after importing"
 * (`LINK_FETCH_AUTO_KEY`, off until then). The run's record lives in storage.local
 * (`LINK_FETCH_KEY`) and is broadcast on `LINK_FETCH_STATUS_CHANNEL`. While links are being
 * handled a heartbeat (an extension API call every 20 s) keeps the worker up; a long back-off
 * lets it sleep, and `LINK_FETCH_ALARM` (also a once-a-minute safety net while running) wakes
 * it to resume. A stopped background resumes the run at its next start.
 */

/** The alarm that wakes a stopped or sleeping background to go on with the run. */
export const LINK_FETCH_ALARM = 'commonplace-link-fetch';
const HEARTBEAT_MS = 20_000;
/** A wait longer than this (with nothing in flight) lets the background sleep until the alarm. */
const SLEEP_BEYOND_MS = 25_000;
const SCAN_PAGE = 500;

let runner: FetchRunner | null = null;
let looping: Promise<void> | null = null;
let kicked = false;
let channel: BroadcastChannel | null = null;

async function readRecord(): Promise<LinkFetchRecord | null> {
  const raw = (await browser.storage.local.get(LINK_FETCH_KEY))[LINK_FETCH_KEY];
  const parsed = LinkFetchRecordSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

async function readAuto(): Promise<boolean> {
  return (await browser.storage.local.get(LINK_FETCH_AUTO_KEY))[LINK_FETCH_AUTO_KEY] === true;
}

async function statusOf(record: LinkFetchRecord | null): Promise<LinkFetchStatus> {
  return { auto: await readAuto(), run: record ? summaryOf(record) : null };
}

async function saveRecord(record: LinkFetchRecord): Promise<void> {
  await browser.storage.local.set({ [LINK_FETCH_KEY]: record });
  try {
    channel ??= new BroadcastChannel(LINK_FETCH_STATUS_CHANNEL);
    channel.postMessage(await statusOf(record));
  } catch {
    // No page listens: `linkFetchStatus` answers instead.
  }
}

/** Fetches one clip's article and saves it into the clip; every failure an outcome with its reason. */
async function fetchOne(clipId: string): Promise<FetchOutcome> {
  const { library } = await services();
  const clip = await library.get(clipId as ClipId).catch(() => null);
  if (!clip || clip.deletedAt !== null) return { kind: 'skipped', reason: 'The clip was deleted.', requested: false };
  if (!needsArticle(clip)) return { kind: 'skipped', reason: 'It already has its article.', requested: false };
  const url = clip.pageUrl;
  try {
    const check = isCapturableUrl(url);
    if (!check.ok) throw new AppFailure('forbidden-page', check.reason);
    const { html, finalUrl, contentType } = await fetchLinkHtml(url);
    const page = fetchedPage(clip, await extractHtml(html, finalUrl, contentType));
    // Saved meanwhile (the user opened and saved the page)? Then that copy stays.
    const now = await library.get(clip.id);
    if (!needsArticle(now)) return { kind: 'skipped', reason: 'It already has its article.', requested: true };
    if (library.fileCapture(page).key !== clip.key) throw new AppFailure('internal', 'The article would be filed under another address.');
    await library.save(page);
    // Its images follow, fetched by the background like a saved link's.
    await queueImages(clip.id, null, page.pageUrl).catch(() => undefined);
    return { kind: 'fetched' };
  } catch (e) {
    const err = toAppError(e);
    const http = e instanceof HttpFailure ? { status: e.status, retryAfter: e.retryAfter } : {};
    return outcomeOfFailure({ url, code: err.code, message: err.message, ...http }, Date.now());
  }
}

const deps: FetchRunnerDeps = {
  fetchOne,
  save: saveRecord,
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    }),
  yieldTurn: () => new Promise((resolve) => setTimeout(resolve, 0)),
};

/** Runs the loop unless it runs: heartbeat while working, then an alarm for a long wait, none once over. */
function drive(r: FetchRunner): void {
  if (looping) return void (kicked = true);
  kicked = false;
  void browser.alarms.create(LINK_FETCH_ALARM, { periodInMinutes: 1 });
  const beat = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), HEARTBEAT_MS);
  looping = r
    .run()
    .then(async (end) => {
      if (end.kind === 'sleep') await browser.alarms.create(LINK_FETCH_ALARM, { when: Math.max(end.until, Date.now() + 1_000), periodInMinutes: 1 });
      else await browser.alarms.clear(LINK_FETCH_ALARM);
    })
    .catch(() => undefined)
    .finally(() => {
      clearInterval(beat);
      looping = null;
      // Resumed or given links while the loop was ending: go on.
      if (kicked && r.current.state === 'running') drive(r);
    });
}

/** The policy runs use (test builds may shorten the gap between two requests to one site: `debugFetchPolicy`). */
let policy = DEFAULT_FETCH_POLICY;

/** Test builds only: the gap between two requests to one site for runs made from now on in this worker (back to 5 s at a restart). */
export function setHostGapForTests(hostGapMs: number): void {
  policy = { ...DEFAULT_FETCH_POLICY, hostGapMs };
}

/** The run in memory, loaded from storage once per background start. */
async function current(): Promise<FetchRunner | null> {
  if (runner) return runner;
  const record = await readRecord();
  if (!record || runner) return runner;
  runner = new FetchRunner(afterRestart(record, Date.now(), policy), deps, { sleepBeyondMs: SLEEP_BEYOND_MS, policy });
  return runner;
}

/** Goes on with a run the user started (at a background start, and when the alarm fires). */
export async function resumeLinkFetch(): Promise<void> {
  const r = await current();
  if (r?.current.state === 'running') drive(r);
  else if (!looping) await browser.alarms.clear(LINK_FETCH_ALARM);
}

/** Imported links without their article, as the index lists them (the placeholder is checked again before each fetch). */
async function waitingLinks(): Promise<FetchItem[]> {
  const { library } = await services();
  const found: FetchItem[] = [];
  for (let offset = 0; ; offset += SCAN_PAGE) {
    const rows = await library.index.list({ offset, limit: SCAN_PAGE });
    for (const row of rows) if (mayAwaitArticle(row) && row.deletedAt === null) found.push({ id: row.id, url: row.pageUrl });
    if (rows.length < SCAN_PAGE) return found;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** Queues every imported link still without its article (into the run going on, or a new one) and runs. */
async function start(): Promise<LinkFetchStatus> {
  const links = await waitingLinks();
  const r = await current();
  if (links.length === 0 && (!r || r.current.state === 'done' || r.current.state === 'cancelled')) {
    throw new AppFailure('not-found', 'No imported link is waiting for its article: there is nothing to fetch.');
  }
  if (r) await r.change((rec) => resumeRun(addItems(rec, links, Date.now())));
  else {
    runner = new FetchRunner(newLinkFetch(links, Date.now()), deps, { sleepBeyondMs: SLEEP_BEYOND_MS, policy });
    await saveRecord(runner.current);
  }
  drive(runner!);
  return statusOf(runner!.current);
}

/** The user's choice and the current or last run (a run a restart interrupted goes on first). */
export async function linkFetchStatus(): Promise<LinkFetchStatus> {
  await resumeLinkFetch();
  return statusOf(runner?.current ?? (await readRecord()));
}

/** Turns fetching after every import on or off. */
export async function setLinkFetchAuto(on: boolean): Promise<LinkFetchStatus> {
  await browser.storage.local.set({ [LINK_FETCH_AUTO_KEY]: on });
  return linkFetchStatus();
}

/** The options page's buttons: start (links already imported), pause, resume, cancel. */
export async function controlLinkFetch(action: 'start' | 'pause' | 'resume' | 'cancel'): Promise<LinkFetchStatus> {
  if (action === 'start') return start();
  const r = await current();
  if (!r) throw new AppFailure('not-found', 'No fetch of imported links has been started.');
  const next = await r.change(action === 'pause' ? pauseRun : action === 'resume' ? resumeRun : (rec) => cancelRun(rec, Date.now()));
  if (next.state === 'running') drive(r);
  return statusOf(next);
}

/** After an import: fetches its links when the user opted in. */
export async function fetchAfterImport(): Promise<void> {
  if (await readAuto()) await start().catch(() => undefined);
}
