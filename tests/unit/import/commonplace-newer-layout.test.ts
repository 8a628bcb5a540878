/**
 * Found in review: only the manifest's `formatVersion` was checked, so an export whose library a
 * newer Commonplace wrote (a root, catalog or content document of a newer layout version, in a
 * zip of the same format) was imported as if it were this version's: whatever that version keeps
 * and this one does not know was dropped without a word (and an article in a content document
 * of a layout this version cannot read would have come back as a bare link). Now a newer root or
 * catalog refuses the file before anything is written, and a clip whose article is in a newer
 * content document is a failure saying to update, as a newer `formatVersion` does.
 */
import * as A from '@automerge/automerge/slim';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoSource } from '../../../src/export/repo-source';
import { newJob, runJob } from '../../../src/import/job-runner';
import { sampleLibrary } from '../export/fixtures';
import { exportToMemory } from '../export/helpers';
import { openLibrary } from '../library/helpers';
import { restoreWorld, rezip } from './commonplace-helpers';
import { NOW } from './fixtures';

let exported: Awaited<ReturnType<typeof exportToMemory>>;

beforeAll(async () => {
  const lib = await sampleLibrary();
  exported = await exportToMemory(repoSource(lib.repo, lib.url));
});

/** The export with every document of `kind` given a layout version 5 past its own, and a field this version does not know. */
function newer(kind: 'root' | 'catalog' | 'content'): Uint8Array {
  const files = exported.manifest.documentFiles.filter((d) => d.kind === kind).map((d) => d.file);
  return rezip(exported.bytes, (all) =>
    Object.fromEntries(
      files.map((file) => {
        const doc = A.change(A.load<Record<string, unknown>>(all[file]!), (d) => {
          d.schemaVersion = Number(d.schemaVersion) + 5;
          d.keptByTheNewerVersion = { what: 'this version does not know' };
        });
        return [file, A.save(doc)];
      }),
    ),
  );
}

async function importInto(bytes: Uint8Array) {
  const fresh = await openLibrary();
  const job = await runJob(newJob('f', 'commonplace-export.zip', NOW), restoreWorld(fresh, bytes).deps);
  return { job, fresh };
}

describe('a Commonplace export whose library a newer Commonplace wrote', () => {
  it.each(['root', 'catalog'] as const)('a newer %s: the file is refused, asking for an update; nothing is written', async (kind) => {
    const { job, fresh } = await importInto(newer(kind));
    expect(job).toMatchObject({ state: 'failed', format: 'commonplace', imported: 0, done: 0 });
    expect(job.error).toMatch(/newer Commonplace.*layout version.*Update Commonplace, then import the file again\. Nothing was imported\./);
    expect(fresh.library.counts().live).toBe(0);
  });

  it('a newer content document: its clips are failures saying to update, not links without their articles', async () => {
    const { job, fresh } = await importInto(newer('content'));
    expect(job).toMatchObject({ state: 'done', imported: 0, failedCount: job.done });
    expect(job.done).toBeGreaterThan(0);
    for (const f of job.failed) expect(f.reason).toMatch(/content document is layout version .*Update Commonplace, then import this file again/);
    expect(fresh.library.counts().live).toBe(0);
  });

  it('the same export as written imports whole', async () => {
    const { job } = await importInto(exported.bytes);
    expect(job).toMatchObject({ state: 'done', failedCount: 0 });
    expect(job.imported).toBe(job.done);
  });
});
