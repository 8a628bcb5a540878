/**
 * The browser's own share of the side panel's first list render: how late a page of the
 * extension with nothing in it (one empty module script, `floor.html`, added to a copy of the
 * build) runs its first line, against sidepanel.html's first rows, in the same headless browser,
 * each opened in a new tab, in turns. Empty library. Medians of `--runs` openings of each
 * (default 21), in ms since navigation.
 *
 *   tsx scripts/bench/page-floor.ts [--runs N] [--no-build]
 *
 * What it is for: bench:library's `listRenderMs` target (≤ 100 ms) is measured from navigation
 * start. If an empty page's first line already comes late, that part is the browser's, and no
 * change to the panel's code can take it off (docs/benchmarks.md, Stop 43).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { buildExtension, launch, log, sleep, type Session } from './browser';
import { median } from './stats';

const args = process.argv.slice(2);
const flag = (k: string) => {
  const i = args.indexOf(`--${k}`);
  return i < 0 ? null : (args[i + 1] ?? '');
};
const runs = Number(flag('runs') ?? 21);

const ext = buildExtension(args.includes('--no-build'));
// The floor page: the same head as the panel's (charset, viewport, the same CSP), one module script.
writeFileSync(
  join(ext, 'floor.html'),
  `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>floor</title>
<script type="module" src="/floor.js"></script></head><body><div id="app"></div></body></html>
`,
);
writeFileSync(join(ext, 'floor.js'), `window.__cpListRenderedAt = performance.now();\n`);

const timelineOf = `(() => {
  const o = {};
  const nav = performance.getEntriesByType('navigation')[0];
  for (const k of ['fetchStart', 'responseEnd', 'domInteractive', 'domContentLoadedEventEnd']) o[k] = nav[k];
  o.rendered = window.__cpListRenderedAt ?? null;
  return o;
})()`;

async function open(s: Session, path: string): Promise<Record<string, number>> {
  const p: Page = await s.browser.newPage();
  await p.goto(`${s.base}${path}`, { waitUntil: 'domcontentloaded' });
  await p.waitForFunction('window.__cpListRenderedAt !== undefined', { timeout: 10_000 });
  const t = (await p.evaluate(timelineOf)) as Record<string, number>;
  await p.close();
  return t;
}

const s = await launch(ext);
try {
  await sleep(1_000);
  const seen: Record<string, Record<string, number[]>> = { 'floor.html': {}, 'sidepanel.html': {} };
  for (let r = 0; r < runs; r++) {
    for (const path of r % 2 ? ['floor.html', 'sidepanel.html'] : ['sidepanel.html', 'floor.html']) {
      const t = await open(s, path);
      for (const [k, v] of Object.entries(t)) if (typeof v === 'number') (seen[path]![k] ??= []).push(v);
      await sleep(400);
    }
  }
  const keys = ['fetchStart', 'responseEnd', 'domInteractive', 'domContentLoadedEventEnd', 'rendered'];
  const line = (k: string) =>
    `  ${k.padEnd(26)}${Object.values(seen).map((m) => (m[k] ? median(m[k]!).toFixed(1) : '—').padStart(16)).join('')}`;
  log(`medians over ${runs} openings each, ms since navigation (rendered: the floor's first line, the panel's first rows)`);
  log(`  ${''.padEnd(26)}${Object.keys(seen).map((k) => k.padStart(16)).join('')}`);
  for (const k of keys) log(line(k));
  process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(seen).map(([p, m]) => [p, Object.fromEntries(Object.entries(m).map(([k, v]) => [k, median(v)]))])))}\n`);
} finally {
  await s.close();
}
