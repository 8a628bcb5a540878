/**
 * The side panel's first paint waits for every module its entry imports statically (a module
 * graph evaluates as one). Zod and the protocol's schemas are loaded lazily, on the first
 * message: built at start-up they cost the list ~50 ms of its 100 ms at 10,000 clips (issue 12).
 * This follows the entry's static, non-type imports and fails on any path to src/schema/zod.ts.
 * (It failed when the list's row check, clip-summary-guard.ts, took its kinds and id pattern
 * from the zod schemas.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleRefs, parse, resolveLocal, ROOT } from './repo';

function fileOf(base: string): string | null {
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) if (/\.[tj]sx?$/.test(c) && existsSync(join(ROOT, c))) return c;
  return null;
}

/** Every local file reached from `entry` by static imports and re-exports that are not type-only, with the path that reached it. */
function staticGraph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const ref of moduleRefs(parse(file))) {
      if (ref.typeOnly || (ref.kind !== 'import' && ref.kind !== 'export')) continue;
      const base = resolveLocal(file, ref.specifier);
      const target = base === null ? null : fileOf(base);
      if (target === null || seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      queue.push(target);
    }
  }
  return seen;
}

describe('the side panel’s first paint', () => {
  it('imports no zod statically: the schemas load with the first message', () => {
    const graph = staticGraph('entrypoints/sidepanel/main.tsx');
    expect(graph.size).toBeGreaterThan(10);
    expect(graph.get('src/schema/zod.ts')?.join(' → ') ?? null).toBeNull();
  });

  it('loads none of the capture’s or the search’s text machinery (the rows need none of it)', () => {
    // It did once: the stand-in articles' writer (reached through reading-time.ts → fetch-outcome.ts)
    // took escapeHtml from src/capture/text.ts, and its text rules came along: 5 KB more to load
    // before the list's first rows (measured in the built panel-shared chunk).
    const graph = staticGraph('entrypoints/sidepanel/main.tsx');
    for (const heavy of ['src/capture/text.ts', 'src/capture/text-rules.ts', 'src/search/normalize.ts', 'src/search/query.ts']) {
      expect(graph.get(heavy)?.join(' → ') ?? null, heavy).toBeNull();
    }
  });
});

