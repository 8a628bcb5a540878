/**
 * The clip benchmark never hangs (scripts/bench-clip.ts): over a tiny corpus in
 * Readability's layout with pages that would stop a naive run, it finishes in bounded
 * time and accounts for every page, ok or failed with a reason.
 *
 * The corpus (a temp dir): the three pages of tests/fixtures/bench/corpus —
 * - normal-article: an ordinary article;
 * - dialogs-on-load: alert(), confirm() and prompt() from a script in its head, while it loads;
 * - beforeunload: a beforeunload handler (Chromium asks only after a user gesture; the
 *   benchmark's own evaluations in the page count as one, so the dialog does come, when
 *   the next page is opened) —
 * and two generated here, whose subresource a server of this test never answers:
 * - stalled-image: an <img> at the end of the article: the DOM is complete, `load` never
 *   fires; the benchmark clips it after --load-timeout (ok, loadTimedOut);
 * - never-loads: a <script src> in its head: the document never gets past its head, so the
 *   extension's content script never runs there and the save cannot finish: it must fail
 *   with a timeout reason after --page-timeout, and the run must go on.
 *
 * Needs the Chromium test build (`npx wxt build -b chrome --mode test`); runs the benchmark
 * with --no-build. Chromium only (skipped when COMMONPLACE_BROWSERS leaves it out).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtExtension, REPO_ROOT } from './harness/build-output';
import { browsersUnderTest } from './harness/driver';

const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'bench', 'corpus');
const PAGE_TIMEOUT_MS = 6_000;
const LOAD_TIMEOUT_MS = 1_500;
/**
 * The whole run, browser start and build copy included, must end within this: a hang never ends.
 * 60 s was too near the run's own time on a loaded two-core machine (54.6 s in stop 63's full run;
 * killed at 61.3 s, its summary already printed, in stop 64's), under the hook's 120 s.
 */
const RUN_BOUND_MS = 110_000;

/** The page entries of the JSON the benchmark writes (the fields this test reads). */
interface PageOut {
  name: string;
  status: 'ok' | 'failed';
  reason?: string;
  clipMs: number | null;
  similarity: number;
  runsDone: number;
  pageMs: number;
  loadTimedOut?: boolean;
  dialogs?: { type: string; message: string; action: string }[];
}
interface BenchOut {
  pages: PageOut[];
  failures: { page: string; reason: string }[];
  summary: { pages: number; ok: number; failures: number; runs: number; pageTimeoutMs: number };
}

/** Answers nothing, ever: every request to it stays pending until the server closes. */
async function startStallServer(): Promise<{ origin: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req) => void requests.push(req.url ?? ''));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** One page folder of the corpus: source.html plus the expected files bench-clip scores against. */
function writePage(corpus: string, name: string, head: string, article: string): void {
  const dir = join(corpus, name);
  mkdirSync(dir, { recursive: true });
  const paragraphs = [
    'The harbour master keeps a book of every ship that enters the roads, with the hour of its arrival, its draught and the berth it was given, and the book goes back two hundred years.',
    'On the quay the cranes stand idle in the evening, and the fishermen mend their nets under the lamps while the tide turns and the water begins to run out past the breakwater.',
    'When the fog comes in the horn on the pier sounds every thirty seconds, and the ferry waits outside for the channel buoys to show before it feels its way in at walking pace.',
  ].map((p) => `<p>${p}</p>`);
  writeFileSync(
    join(dir, 'source.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>${head}</head>
<body><header><nav><a href="/">Home</a></nav></header><article><h1>${name}</h1>
${paragraphs.join('\n')}
${article}</article><footer>Footer text</footer></body></html>\n`,
  );
  writeFileSync(join(dir, 'expected.html'), `<div id="readability-page-1" class="page"><div>\n${paragraphs.join('\n')}\n</div></div>\n`);
  writeFileSync(join(dir, 'expected-metadata.json'), `${JSON.stringify({ title: name, byline: null, dir: null, lang: 'en', siteName: null, readerable: true }, null, 2)}\n`);
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  stderr: string;
}

/** Runs scripts/bench-clip.ts with tsx; SIGTERM (the benchmark then closes its browser), then SIGKILL, past `limitMs`. */
function runBench(args: string[], limitMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'scripts', 'bench-clip.ts'), ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    const term = setTimeout(() => child.kill('SIGTERM'), limitMs);
    const kill = setTimeout(() => child.kill('SIGKILL'), limitMs + 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(term);
      clearTimeout(kill);
      resolve({ code, signal, ms: Date.now() - t0, stdout, stderr });
    });
  });
}

describe.skipIf(!browsersUnderTest().includes('chromium'))('bench:clip never hangs', () => {
  let work = '';
  let stall: Awaited<ReturnType<typeof startStallServer>> | undefined;
  let run: Run;
  let out: BenchOut;
  let corpusNames: string[];

  beforeAll(async () => {
    builtExtension('chromium'); // a clear error when the test build is missing
    work = mkdtempSync(join(tmpdir(), 'cp-bench-e2e-'));
    const corpus = join(work, 'corpus');
    cpSync(FIXTURES, corpus, { recursive: true });
    stall = await startStallServer();
    writePage(corpus, 'stalled-image', '', `<img src="${stall.origin}/stalled.png" alt="">`);
    writePage(corpus, 'never-loads', `<script src="${stall.origin}/never.js"></script>`, '');
    corpusNames = ['beforeunload', 'dialogs-on-load', 'never-loads', 'normal-article', 'stalled-image'];

    const json = join(work, 'out.json');
    run = await runBench([corpus, '--no-build', '--runs', '1', '--page-timeout', String(PAGE_TIMEOUT_MS), '--load-timeout', String(LOAD_TIMEOUT_MS), '--json', json], RUN_BOUND_MS);
    if (run.code !== 0) throw new Error(`bench-clip exited ${run.code ?? run.signal} after ${run.ms} ms\n--- stderr\n${run.stderr}\n--- stdout\n${run.stdout}`);
    out = JSON.parse(readFileSync(json, 'utf8')) as BenchOut;
  });

  afterAll(async () => {
    await stall?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('finishes within a bounded time', () => {
    expect(run.signal).toBeNull();
    expect(run.ms).toBeLessThan(RUN_BOUND_MS);
    for (const p of out.pages) expect(p.pageMs, p.name).toBeLessThan(PAGE_TIMEOUT_MS + 5_000);
  });

  it('accounts for every page of the corpus, in the JSON and the printed summary', () => {
    expect(out.pages.map((p) => p.name).sort()).toEqual(corpusNames);
    expect(out.summary.pages).toBe(corpusNames.length);
    expect(out.summary.ok + out.summary.failures).toBe(corpusNames.length);
    expect(out.summary.ok).toBe(out.pages.filter((p) => p.status === 'ok').length);
    for (const p of out.pages) {
      expect(['ok', 'failed'], p.name).toContain(p.status);
      expect(p.runsDone, p.name).toBe(1);
    }
    expect(run.stdout).toMatch(/^ {2}pages {16}5$/m);
    for (const name of corpusNames) expect(run.stdout).toContain(name);
  });

  it('records each failure with its reason, and goes on after it', () => {
    const failed = out.pages.filter((p) => p.status === 'failed');
    expect(out.failures).toEqual(failed.map((p) => ({ page: p.name, reason: p.reason })));
    for (const p of failed) {
      expect(p.reason, p.name).toMatch(/\S/);
      expect(p.clipMs, p.name).toBeNull();
      expect(p.similarity, p.name).toBe(0);
    }
    expect(run.stdout).toContain(`Failed pages (${failed.length} of ${corpusNames.length})`);

    const never = out.pages.find((p) => p.name === 'never-loads')!;
    expect(never.status).toBe('failed');
    expect(never.reason).toMatch(new RegExp(`timed out after ${PAGE_TIMEOUT_MS} ms`));
    expect(never.loadTimedOut).toBe(true);
    // The pages after it were run in a fresh tab, and saved.
    expect(out.pages.find((p) => p.name === 'normal-article')!.status).toBe('ok');
    expect(stall!.requests).toContain('/never.js');
  });

  it('clips normal pages, and pages whose load never ends once the load wait is over', () => {
    const normal = out.pages.find((p) => p.name === 'normal-article')!;
    expect(normal).toMatchObject({ status: 'ok' });
    expect(normal.clipMs).toBeGreaterThan(0);
    expect(normal.similarity).toBeGreaterThan(0.9);
    const stalled = out.pages.find((p) => p.name === 'stalled-image')!;
    expect(stalled).toMatchObject({ status: 'ok', loadTimedOut: true });
    expect(stalled.similarity).toBeGreaterThan(0.9);
  });

  it('answers dialogs as a user would: alert, confirm and prompt dismissed, beforeunload accepted', () => {
    const dialogs = out.pages.find((p) => p.name === 'dialogs-on-load')!;
    expect(dialogs.status).toBe('ok');
    expect(dialogs.dialogs?.map((d) => `${d.type}:${d.action}`)).toEqual(['alert:dismissed', 'confirm:dismissed', 'prompt:dismissed']);
    expect(dialogs.similarity).toBeGreaterThan(0.9);
    const leaving = out.pages.find((p) => p.name === 'beforeunload')!;
    expect(leaving.status).toBe('ok');
    expect(leaving.dialogs?.map((d) => `${d.type}:${d.action}`)).toEqual(['beforeunload:accepted']);
  });
});
