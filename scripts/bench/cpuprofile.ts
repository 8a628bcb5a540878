/**
 * Sampling CPU profiles over CDP (service worker or a tab), summarised as self time
 * by function and by area (Automerge WebAssembly, Automerge JS glue, Dexie, zod, …).
 */
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'puppeteer-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export async function startProfile(cdp: CDPSession, intervalUs = 200): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
}

export async function stopProfile(cdp: CDPSession, file?: string): Promise<Profile> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  await cdp.send('Profiler.disable');
  if (file) writeFileSync(file, JSON.stringify(profile));
  return profile;
}

/** Self time (ms) per node id. */
function selfTimes(p: Profile): Map<number, number> {
  const out = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the following interval to sample i.
    const dt = (deltas[i + 1] ?? 0) / 1000;
    out.set(samples[i]!, (out.get(samples[i]!) ?? 0) + dt);
  }
  return out;
}

const base = (url: string) => url.replace(/^.*\//, '') || url;

/** Area of a frame, judged by its script and name. */
function areaOf(fn: string, url: string, stack: string[]): string {
  if (fn === '(idle)') return 'idle';
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(program)') return 'program (native, messaging, IDB glue)';
  if (url.startsWith('wasm://') || /wasm-function|^\$?[a-z_]+::/.test(fn) || url.endsWith('.wasm')) return 'Automerge WebAssembly';
  const joined = stack.join(' ');
  if (/automerge/i.test(joined)) return 'Automerge / automerge-repo JS';
  return `JS ${base(url) || '(native)'}`;
}

/** Self time by function and by area, summed over one or more profiles. */
export interface ProfileTotals {
  wallMs: number;
  byFn: Map<string, number>;
  byArea: Map<string, number>;
  /** script:line → self ms (minified bundles put one module, or a few, per line). */
  byLine: Map<string, number>;
}

export function emptyTotals(): ProfileTotals {
  return { wallMs: 0, byFn: new Map(), byArea: new Map(), byLine: new Map() };
}

export function accumulate(p: Profile, acc: ProfileTotals = emptyTotals()): ProfileTotals {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  acc.wallMs += (p.endTime - p.startTime) / 1000;
  for (const [id, ms] of selfTimes(p)) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber, columnNumber } = n.callFrame;
    const key = `${functionName || '(anonymous)'} ${base(url)}:${lineNumber + 1}:${columnNumber + 1}`;
    acc.byFn.set(key, (acc.byFn.get(key) ?? 0) + ms);
    if (url) {
      const line = `${base(url)}:${lineNumber + 1}`;
      acc.byLine.set(line, (acc.byLine.get(line) ?? 0) + ms);
    }
    // Ancestors' names, to attribute anonymous glue to the library that called it.
    const stack: string[] = [];
    for (let a = parent.get(id), k = 0; a !== undefined && k < 30; a = parent.get(a), k++) stack.push(byId.get(a)!.callFrame.functionName);
    const area = areaOf(functionName, url, stack);
    acc.byArea.set(area, (acc.byArea.get(area) ?? 0) + ms);
  }
  return acc;
}

export function summarise(p: Profile | ProfileTotals, top = 25): string {
  const acc = 'nodes' in p ? accumulate(p) : p;
  const { byFn, byArea } = acc;
  const total = [...byArea.values()].reduce((a, b) => a + b, 0);
  const busy = total - (byArea.get('idle') ?? 0);
  const lines = [`profile ${acc.wallMs.toFixed(0)} ms wall, ${busy.toFixed(0)} ms busy`];
  lines.push('  by area (self ms, share of busy):');
  for (const [k, v] of [...byArea].sort((a, b) => b[1] - a[1])) if (k !== 'idle') lines.push(`    ${k.padEnd(44)} ${v.toFixed(0).padStart(7)}  ${((v / busy) * 100).toFixed(1)}%`);
  lines.push('  by script line (self ms; a minified bundle line is roughly one library):');
  for (const [k, v] of [...acc.byLine].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`    ${k.slice(0, 60).padEnd(60)} ${v.toFixed(0).padStart(7)}  ${((v / busy) * 100).toFixed(1)}%`);
  lines.push(`  top ${top} functions by self time:`);
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).filter(([k]) => !k.startsWith('(idle)')).slice(0, top)) {
    lines.push(`    ${v.toFixed(1).padStart(8)} ms  ${((v / busy) * 100).toFixed(1).padStart(5)}%  ${k.slice(0, 140)}`);
  }
  return lines.join('\n');
}
