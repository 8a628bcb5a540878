import { describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../../src/library/import-entry';
import { newJob, runJob, type JobDeps } from '../../../src/import/job-runner';
import type { ImportJob } from '../../../src/import/job-state';
import type { ImportBatchItem } from '../../../src/import/to-capture';
import { newClipId } from '../../../src/schema/ids';
import { NOW, pocketRows, pocketZip, utf8, zipOf } from './fixtures';

/**
 * A fake library (importBatch all or nothing, duplicates by URL, a new clip keeps the id it is
 * given) and job storage; `hangAtBatch` stops the world at one batch, before it is written, and
 * `hangAfterBatch` just after it is written, before its progress is saved, as a killed worker.
 */
function world(files: Record<string, Uint8Array>, opts: { hangAtBatch?: number; hangAfterBatch?: number } = {}) {
  const library = new Map<string, ImportBatchItem>();
  const committed: string[] = [];
  let stored: ImportJob | null = null;
  let batches = 0;
  const never = new Promise<never>(() => undefined);
  let hang: () => void = () => undefined;
  /** Resolves once the world has stopped (the hang is reached). */
  const hung = new Promise<void>((resolve) => (hang = resolve));
  const deps: JobDeps = {
    readFile: async (id) => (files[id] ? { id, name: id, bytes: files[id]! } : null),
    deleteFile: async (id) => void delete files[id],
    save: async (job) => void (stored = structuredClone(job)),
    importBatch: async (items) => {
      if (opts.hangAtBatch !== undefined && batches === opts.hangAtBatch) return (hang(), never);
      batches++;
      const outcomes: ImportOutcome[] = [];
      for (const it of items) {
        const held = library.get(it.page.pageUrl);
        if (held) outcomes.push({ kind: 'duplicate', clip: held.id! });
        else {
          library.set(it.page.pageUrl, { ...it, id: it.id ?? newClipId() });
          committed.push(it.page.pageUrl);
          outcomes.push({ kind: 'imported', clip: library.get(it.page.pageUrl)!.id! });
        }
      }
      if (opts.hangAfterBatch !== undefined && batches - 1 === opts.hangAfterBatch) return (hang(), never);
      return outcomes;
    },
    extract: () => Promise.reject(new Error('no articles here')),
    yieldTurn: () => Promise.resolve(),
    now: () => NOW,
  };
  /** The next start: no hang any more. */
  const restart = () => void ((opts.hangAtBatch = undefined), (opts.hangAfterBatch = undefined));
  return { deps, library, committed, stored: () => stored, files, restart, hung };
}

/** 1,050 rows: one repeats an earlier URL, one is a javascript: link. */
function bigZip(): Uint8Array {
  const rows = pocketRows(1_050);
  rows[500] = { ...rows[500]!, url: rows[10]!.url };
  rows[700] = { ...rows[700]!, url: 'javascript:alert(1)' };
  return pocketZip(rows, 400);
}

describe('runJob', () => {
  it('imports every event in batches, counting duplicates and failures, and deletes the file', async () => {
    const w = world({ f: bigZip() });
    const job = await runJob(newJob('f', 'pocket.zip', NOW), w.deps);
    expect(job).toMatchObject({ state: 'done', format: 'pocket-csv', done: 1_050, total: 1_050, imported: 1_048, duplicates: 1, failedCount: 1 });
    expect(job.failed[0]!.reason).toMatch(/javascript/i);
    expect(w.library.size).toBe(1_048);
    expect(w.stored()).toEqual(job);
    expect(w.files.f).toBeUndefined();
  });

  it.each([0, 1, 3, 5])('a job killed in batch %i resumes at that batch × 200 and ends with the same counts, writing nothing twice', async (k) => {
    const bytes = bigZip();
    const clean = await runJob(newJob('f', 'pocket.zip', NOW), world({ f: bytes }).deps);
    const w = world({ f: bytes }, { hangAtBatch: k });
    void runJob(newJob('f', 'pocket.zip', NOW), w.deps);
    await w.hung;
    const left = w.stored()!;
    expect(left).toMatchObject({ state: 'running', done: k * 200 });
    expect(w.committed).toHaveLength(left.imported);
    // The next start: same record, same file, the library as the killed batch left it (nothing of that batch).
    w.restart();
    const resumed = await runJob(left, w.deps);
    expect(resumed).toMatchObject({ state: 'done', done: clean.done, imported: clean.imported, duplicates: clean.duplicates, failedCount: clean.failedCount, now: NOW });
    expect(new Set(w.committed).size).toBe(w.committed.length);
    expect(w.library.size).toBe(clean.imported);
  });

  it.each([0, 2])('a job killed after batch %i was written, before its progress was saved, reruns it and still counts its rows as imported, not duplicates', async (k) => {
    const bytes = bigZip();
    const clean = await runJob(newJob('f', 'pocket.zip', NOW), world({ f: bytes }).deps);
    const w = world({ f: bytes }, { hangAfterBatch: k });
    void runJob(newJob('f', 'pocket.zip', NOW), w.deps);
    await w.hung;
    const left = w.stored()!;
    expect(left).toMatchObject({ state: 'running', done: k * 200 });
    // The batch is in the library, its progress is not recorded.
    expect(w.committed.length).toBeGreaterThan(left.imported);
    w.restart();
    const resumed = await runJob(left, w.deps);
    expect(resumed).toMatchObject({ state: 'done', done: clean.done, imported: clean.imported, duplicates: clean.duplicates, failedCount: clean.failedCount });
    expect(w.library.size).toBe(clean.imported);
    // A row of a pre-existing clip stays a duplicate: only the job's own ids count as its own.
    const again = await runJob(newJob('g', 'pocket.zip', NOW), { ...w.deps, readFile: async () => ({ id: 'g', name: 'g', bytes }) });
    expect(again).toMatchObject({ state: 'done', imported: 0, duplicates: clean.done - clean.failedCount });
  });

  it('ends as failed, with the reason, for a file that is no export and for a damaged Commonplace export', async () => {
    const bad = await runJob(newJob('f', 'notes.csv', NOW), world({ f: utf8('a;b\n1;2\n') }).deps);
    expect(bad).toMatchObject({ state: 'failed', done: 0, imported: 0 });
    expect(bad.error).toMatch(/not Pocket's export|not an export/);
    // A Commonplace export is restored (tests/unit/import/commonplace-*.test.ts); one whose manifest describes no library is refused.
    const own = await runJob(newJob('f', 'commonplace.zip', NOW), { ...world({ f: zipOf({ 'manifest.json': JSON.stringify({ format: 'commonplace-export' }) }) }).deps, sanitize: async (h) => h });
    expect(own).toMatchObject({ state: 'failed', format: 'commonplace' });
    expect(own.error).toMatch(/does not describe a Commonplace export/);
    const gone = await runJob(newJob('x', 'pocket.zip', NOW), world({}).deps);
    expect(gone.error).toMatch(/no longer stored/);
  });

  it('a write that fails ends the job as failed, keeping what was written', async () => {
    const w = world({ f: bigZip() });
    let n = 0;
    const job = await runJob(newJob('f', 'pocket.zip', NOW), { ...w.deps, importBatch: async (items) => (n++ === 2 ? Promise.reject(new Error('Disk full.')) : w.deps.importBatch(items)) });
    expect(job).toMatchObject({ state: 'failed', done: 400, imported: 400 });
    expect(job.error).toContain('Disk full.');
  });
});
