// @vitest-environment jsdom
/**
 * Found in a bug hunt: an import that filled in the article of a clip saved before with only an
 * importer's stand-in was reported as "1 skipped as a duplicate": the item was not skipped, its
 * article was put in. The job now counts it apart (`filledIn`) and the report says so. A job
 * record written before the count existed (stored, or broadcast by an older background) still
 * reads, and shows no such line.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ImportJobSchema, type ImportJob } from '../../../src/import/job-state';
import { mountPoint, wait } from './list-dom';

let job: unknown = null;
vi.mock('../../../extension/messaging', () => ({ background: vi.fn(async (method: string) => (method === 'importStatus' ? { ok: true, value: { job } } : new Promise(() => undefined))) }));
vi.doMock('../../../extension/ui/LinkFetch', () => ({ LinkFetch: () => null }));
const { ImportSection } = await import('../../../extension/ui/ImportSection');

let root: HTMLElement;
beforeEach(() => void (root = mountPoint()));
const $ = (id: string) => root.querySelector(`[data-testid=${id}]`) as HTMLElement | null;
const settle = () => wait(20);
/** A finished job's record as an older background wrote it: no `filledIn`. */
const OLD: Omit<ImportJob, 'filledIn'> = { id: 'j', name: 'a.zip', format: 'commonplace', fingerprint: 'f', now: 1, total: 3, done: 3, imported: 1, duplicates: 1, failed: [], failedCount: 0, state: 'done', startedAt: 1, endedAt: 2 };

describe('the import report', () => {
  it('says how many articles were filled in for clips saved before, apart from the duplicates', async () => {
    job = { ...OLD, filledIn: 2 };
    await act(() => render(h(ImportSection, { onImported: () => undefined }), root));
    await settle();
    expect($('import-filled')?.textContent).toBe('2 articles filled in for clips saved before');
    expect($('import-duplicates')?.textContent).toBe('1 skipped as a duplicate');
    expect($('import-report')!.textContent).toBe('1 item imported, 2 articles filled in for clips saved before, 1 skipped as a duplicate, 0 could not be imported.');
  });

  it('reads a record written before the count existed, and says nothing of filled-in articles', async () => {
    expect(ImportJobSchema.safeParse(OLD).success).toBe(true);
    job = OLD;
    await act(() => render(h(ImportSection, { onImported: () => undefined }), root));
    await settle();
    expect($('import-report')!.textContent).toBe('1 item imported, 1 skipped as a duplicate, 0 could not be imported.');
    expect($('import-filled')).toBeNull();
  });
});
