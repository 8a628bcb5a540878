import type { CDPSession } from 'puppeteer-core';

/**
 * The service worker's memory as CDP `Runtime.getHeapUsage` reports it. `usedSize` is the JS
 * heap alone: the ArrayBuffers' bytes (`backingStorageSize`: IndexedDB values, Automerge's
 * binaries, the search index's sealed posting lists, and those of them already dead until the
 * next collection) and Blink's own heap (`embedderHeapUsedSize`) are outside it, and counted
 * here; Automerge's WebAssembly memory is in none of them (debugState's `wasmBytes`).
 * The two optional fields are reported by Chromium 118 and later.
 */
export interface HeapUsage {
  usedSize: number;
  totalSize: number;
  embedderHeapUsedSize?: number;
  backingStorageSize?: number;
}

/** What the worker holds outside its JS heap, WebAssembly apart: ArrayBuffers and Blink's heap. */
export const outsideHeap = (h: HeapUsage): number => (h.backingStorageSize ?? 0) + (h.embedderHeapUsedSize ?? 0);

/** The background's whole memory in bytes: the JS heap, what is outside it, and Automerge's WebAssembly memory (`wasmBytes`). */
export const backgroundBytes = (h: HeapUsage, wasmBytes: number): number => h.usedSize + outsideHeap(h) + wasmBytes;

/** The background's whole memory and its parts, in MB rounded to 0.1: what the benchmarks print and write for one reading. */
export interface BackgroundBreakdown {
  backgroundMB: number;
  heapUsedMB: number;
  arrayBuffersMB: number;
  embedderHeapMB: number;
  wasmMB: number;
}

/** `backgroundBytes` and its parts, in MB (0.1). */
export function breakdownOf(h: HeapUsage, wasmBytes: number): BackgroundBreakdown {
  const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  return {
    backgroundMB: mb(backgroundBytes(h, wasmBytes)),
    heapUsedMB: mb(h.usedSize),
    arrayBuffersMB: mb(h.backingStorageSize ?? 0),
    embedderHeapMB: mb(h.embedderHeapUsedSize ?? 0),
    wasmMB: mb(wasmBytes),
  };
}

/** One reading of the background: with nothing forced (`now`), then after a forced collection (`afterGc`: what is live). */
export interface BackgroundReading {
  now: HeapUsage;
  afterGc: HeapUsage;
  wasmBytes: number;
}

/**
 * Reads the worker's heap (`cdp`, a session on it) and Automerge's WebAssembly memory
 * (`wasmBytes`, asked between the two), collects garbage, and reads the heap again. Shared by
 * the everyday reading and bench:library's `--rebuild-readings`, so both read the same way.
 */
export async function readBackground(cdp: CDPSession, wasmBytes: () => Promise<number>): Promise<BackgroundReading> {
  const now = (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;
  const wasm = await wasmBytes();
  await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
  const afterGc = (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;
  return { now, afterGc, wasmBytes: wasm };
}
