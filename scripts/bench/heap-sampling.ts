/**
 * Allocation sampling of the background (bench:library `--heap-sampling <file>`): which code
 * allocates the memory the background's heap holds between two collections, garbage included.
 *
 * `HeapProfiler.startSampling` with objects collected by minor and major GCs kept, so the profile
 * counts everything allocated in the window (not only what survives); written as a
 * `.heapprofile` DevTools opens, and summed per function (self) and per frame on the stack
 * (inclusive) for the log.
 */
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'puppeteer-core';

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/**
 * Starts sampling every `intervalBytes` allocated (default 32 KB), garbage included. With
 * `survivors`, what a young collection freed is left out: the profile then holds what was promoted
 * (live, or old garbage that only a full collection frees), the part that lifts the heap between
 * two full collections.
 */
export async function startHeapSampling(cdp: CDPSession, intervalBytes = 32_768, survivors = false): Promise<void> {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.startSampling', {
    samplingInterval: intervalBytes,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: !survivors,
  } as never);
}

/** Stops sampling, writes the profile to `file` and returns the top `top` functions by self and by inclusive bytes. */
export async function stopHeapSampling(cdp: CDPSession, file: string, top = 25): Promise<string> {
  const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as unknown as { profile: { head: SamplingNode } };
  writeFileSync(file, JSON.stringify(profile));
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  const nameOf = (n: SamplingNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
  const walk = (n: SamplingNode, onStack: Set<string>): number => {
    const name = nameOf(n);
    self.set(name, (self.get(name) ?? 0) + n.selfSize);
    total += n.selfSize;
    const seen = new Set(onStack).add(name);
    let sum = n.selfSize;
    for (const c of n.children) sum += walk(c, seen);
    if (!onStack.has(name)) incl.set(name, (incl.get(name) ?? 0) + sum);
    return sum;
  };
  walk(profile.head, new Set());
  const mb = (b: number) => (b / 2 ** 20).toFixed(1);
  const list = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `    ${mb(v).padStart(8)} MB  ${k}`).join('\n');
  return `allocated ${mb(total)} MB in the window (sampled)\n  by function (self):\n${list(self)}\n  by frame on the stack (inclusive):\n${list(incl)}`;
}
