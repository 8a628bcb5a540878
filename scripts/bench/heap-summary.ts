/**
 * Heap snapshots of the background (bench:library `--heap-snapshot <file>`) and what fills them:
 *
 *   tsx scripts/bench/heap-summary.ts <file.heapsnapshot> [--top N]
 *
 * prints the self size of the heap's objects grouped by type and constructor (or, for strings,
 * arrays and closures, by type), largest first: where the background's memory goes.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CDPSession } from 'puppeteer-core';

/** Writes a heap snapshot of the target `cdp` is attached to (HeapProfiler.takeHeapSnapshot) to `file`. */
export async function writeHeapSnapshot(cdp: CDPSession, file: string): Promise<void> {
  const out = createWriteStream(file);
  const onChunk = (e: { chunk: string }) => void out.write(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await new Promise<void>((resolve) => out.end(resolve));
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size per group (type, and constructor name for objects), largest first. */
export function summarise(file: string, top = 30): Array<{ group: string; count: number; mb: number }> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const width = f.length;
  const [typeAt, nameAt, sizeAt] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')];
  const types = s.snapshot.meta.node_types[0];
  const groups = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + typeAt]!]!;
    const name = s.strings[s.nodes[i + nameAt]!]!;
    const group = type === 'object' || type === 'native' ? `${type} ${name}` : type;
    const g = groups.get(group) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += s.nodes[i + sizeAt]!;
    groups.set(group, g);
  }
  return [...groups]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, top)
    .map(([group, g]) => ({ group, count: g.count, mb: Math.round((g.bytes / 2 ** 20) * 10) / 10 }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx scripts/bench/heap-summary.ts <file.heapsnapshot> [--top N]');
  const top = process.argv.includes('--top') ? Number(process.argv[process.argv.indexOf('--top') + 1]) : 30;
  for (const r of summarise(file, top)) console.log(`${r.mb.toFixed(1).padStart(8)} MB ${String(r.count).padStart(9)}  ${r.group}`);
}
