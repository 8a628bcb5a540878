/**
 * Review (import job): an import running while the user joins another library (options page,
 * "Join a library"). The join retires the library the job writes to (its next batch is refused,
 * `interrupted`, nothing written) and the background switches to the joined one a moment later.
 * The job took that refusal as the end: it failed, told the user to "do it again", and deleted
 * the uploaded file (there is no retry: the file had to be chosen again), although the joined
 * library, which holds every batch written before, was there to take the rest.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportOutcome } from '../../../src/library/import-entry';
import { AppFailure } from '../../../src/util/result';
import { pocketRows, pocketZip } from '../import/fixtures';

interface FakeLibrary {
  readonly name: string;
  retired: boolean;
  readonly written: string[];
  importBatch(items: ReadonlyArray<{ id?: string; page: { pageUrl: string } }>): Promise<ImportOutcome[]>;
}

function fakeLibrary(name: string): FakeLibrary {
  const lib: FakeLibrary = {
    name,
    retired: false,
    written: [],
    importBatch: async (items) => {
      await new Promise((r) => setTimeout(r, 1));
      if (lib.retired) throw new AppFailure('interrupted', 'This browser has just joined another library, and this change was made while it did: it was not saved. Do it again.');
      lib.written.push(...items.map((i) => i.page.pageUrl));
      return items.map((i) => ({ kind: 'imported' as const, clip: i.id as never }));
    },
  };
  return lib;
}

const state = { current: fakeLibrary('old') };
const files = new Map<string, Uint8Array>();

vi.mock('wxt/browser', async () => ({ browser: (await import('./jobs-browser')).browser }));
vi.mock('../../../extension/background/services', () => ({ services: async () => ({ library: state.current }) }));
vi.mock('../../../extension/background/capture', () => ({ extractHtml: async () => null }));
vi.mock('../../../extension/background/sanitize-article', () => ({ sanitizeArticle: async () => null }));
vi.mock('../../../extension/background/link-fetch-job', () => ({ fetchAfterImport: async () => undefined }));
vi.mock('../../../src/import/file-store', () => ({
  getImportFile: async (_idb: unknown, id: string) => (files.has(id) ? { id, name: 'pocket.zip', bytes: files.get(id)! } : null),
  deleteImportFile: async (_idb: unknown, id: string) => void files.delete(id),
}));

const fb = await import('./jobs-browser');
const { startImport, importStatus } = await import('../../../extension/background/import-job');

beforeEach(() => {
  fb.resetFakeBrowser();
  files.clear();
  state.current = fakeLibrary('old');
});

describe('an import while the browser joins another library', () => {
  it('goes on into the joined library (nothing lost, nothing reported imported that is not there) instead of failing and deleting its upload', async () => {
    const rows = pocketRows(450);
    files.set('upload-1', pocketZip(rows, 100));
    const old = state.current;
    const joined = fakeLibrary('joined');
    // The join lands after the first batch: the old library refuses every write from then on,
    // and the background serves the joined library a little later (its start takes a moment).
    const first = old.importBatch;
    old.importBatch = async (items) => {
      const out = await first(items);
      old.retired = true;
      setTimeout(() => (state.current = joined), 30);
      return out;
    };

    await startImport('upload-1', 'pocket.zip');
    let job = await importStatus();
    for (let i = 0; i < 400 && job?.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 5));
      job = await importStatus();
    }
    // Written before the join: in the old library, which the join merged into the joined one.
    expect(old.written).toHaveLength(200);
    expect(job).toMatchObject({ state: 'done', imported: 450, failedCount: 0 });
    expect(joined.written).toHaveLength(250);
  });
});
