/**
 * The browser's own share of the side panel's first list render: how late a page of the
 * extension with nothing in it (one empty module script, `floor.html`, added to a copy of the
 * build) runs its first line; the same with the panel's stylesheet (`floor-css.html`) and with
 * the panel's shared chunk imported (`floor-shared.html`); against sidepanel.html's first rows. In
 * the same headless browser, each opened in a new tab, in turns. Empty library. Medians of
 * `--runs` openings of each (default 21), in ms since navigation.
 *
 *   tsx scripts/bench/page-floor.ts [--runs N] [--no-build]
 *
 * What it is for: bench:library's `listRenderMs` target (≤ 100 ms) is measured from navigation
 * start. If an empty page's first line already comes late, that part is the browser's, and no
 * change to the panel's code can take it off (docs/benchmarks.md, Stop 43).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { buildExtension, launch, log, sleep, type Session } from './browser';
import { intFlag, median, parseArgs } from './stats';

const { flags } = parseArgs(process.argv.slice(2), ['no-build']);
const runs = intFlag(flags, 'runs', 21);

const ext = buildExtension(flags.has('no-build'));
const floorHtml = (script: string, head = '') => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>floor</title>
<script type="module" src="/${script}"></script>${head}</head><body><div id="app"></div></body></html>
`;
const mark = `window.__cpListRenderedAt = performance.now();\n`;
// The panel's own files, as its built page names them.
const shared = readdirSync(join(ext, 'chunks')).find((f) => f.startsWith('panel-shared-'));
const css = readdirSync(join(ext, 'assets')).find((f) => f.startsWith('sidepanel-') && f.endsWith('.css'));
if (!shared || !css) throw new Error('the build has no panel-shared chunk or side panel stylesheet');
// The floor: the panel's head (charset, viewport), one module script that marks its first line.
writeFileSync(join(ext, 'floor.html'), floorHtml('floor.js'));
writeFileSync(join(ext, 'floor.js'), mark);
// The floor and the panel's stylesheet.
writeFileSync(join(ext, 'floor-css.html'), floorHtml('floor.js', `<link rel="stylesheet" href="/assets/${css}">`));
// The floor and the panel's shared chunk, loaded and run (its module body only: nothing of the panel is drawn).
writeFileSync(join(ext, 'floor-shared.html'), floorHtml('floor-shared.js'));
writeFileSync(join(ext, 'floor-shared.js'), `import '/chunks/${shared}';\n${mark}`);
const PAGES = ['floor.html', 'floor-css.html', 'floor-shared.html', 'sidepanel.html'];

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
  const seen: Record<string, Record<string, number[]>> = Object.fromEntries(PAGES.map((p) => [p, {}]));
  for (let r = 0; r < runs; r++) {
    for (const path of r % 2 ? PAGES : [...PAGES].reverse()) {
      const t = await open(s, path);
      for (const [k, v] of Object.entries(t)) if (typeof v === 'number') (seen[path]![k] ??= []).push(v);
      await sleep(400);
    }
  }
  const keys = ['fetchStart', 'responseEnd', 'domInteractive', 'domContentLoadedEventEnd', 'rendered'];
  const line = (k: string) =>
    `  ${k.padEnd(26)}${Object.values(seen).map((m) => (m[k] ? median(m[k]!).toFixed(1) : '—').padStart(19)).join('')}`;
  log(`medians over ${runs} openings each, ms since navigation (rendered: the floor's first line, the panel's first rows)`);
  log(`  ${''.padEnd(26)}${Object.keys(seen).map((k) => k.padStart(19)).join('')}`);
  for (const k of keys) log(line(k));
  process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(seen).map(([p, m]) => [p, Object.fromEntries(Object.entries(m).map(([k, v]) => [k, median(v)]))])))}\n`);
} finally {
  await s.close();
}
