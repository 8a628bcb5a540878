/**
 * Importing a second file while one runs: the options page stores the upload in IndexedDB
 * (`putImportFile`, the whole file, often tens or hundreds of MB) and only then asks the
 * background to `startImport` it. A refused start must not leave that copy behind: nothing
 * else ever deletes an upload that no job names (only a job's end deletes its own file).
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const local: Record<string, unknown> = {};
vi.mock('wxt/browser', () => ({
  browser: {
    storage: {
      local: {
        get: async (key: string) => (key in local ? { [key]: structuredClone(local[key]) } : {}),
        set: async (items: Record<string, unknown>) => void Object.assign(local, structuredClone(items)),
      },
    },
  },
}));
vi.mock('../../../extension/background/services', () => ({ services: async () => ({}) }));
vi.mock('../../../extension/background/capture', () => ({ extractHtml: async () => ({}) }));
vi.mock('../../../extension/background/sanitize-article', () => ({ sanitizeArticle: async (html: string) => html }));
vi.mock('../../../extension/background/link-fetch-job', () => ({ fetchAfterImport: async () => undefined }));
// The first import is a long one: it runs for the whole test.
vi.mock('../../../src/import/job-runner', async (orig) => ({
  ...(await orig<typeof import('../../../src/import/job-runner')>()),
  runJob: () => new Promise(() => undefined),
}));

const { startImport } = await import('../../../extension/background/import-job');
const { getImportFile, putImportFile } = await import('../../../src/import/file-store');

describe('a second import while one runs', () => {
  beforeEach(() => {
    for (const k of Object.keys(local)) delete local[k];
  });

  it('is refused without leaving its uploaded file stored for ever', async () => {
    // The options page stores the first upload, the background starts it.
    await putImportFile(indexedDB, { id: 'first', name: 'pocket.zip', bytes: new Uint8Array([1, 2, 3]) });
    const job = await startImport('first', 'pocket.zip');
    expect(job.state).toBe('running');

    // A second options page (or one that opened before `importStatus` answered) uploads another file.
    const big = new Uint8Array(1024 * 1024).fill(7);
    await putImportFile(indexedDB, { id: 'second', name: 'omnivore.zip', bytes: big });
    await expect(startImport('second', 'omnivore.zip')).rejects.toThrow(/Another import is still running/);

    // Nobody will ever import or delete it: no job names it.
    const left = await getImportFile(indexedDB, 'second');
    expect(left?.bytes.byteLength ?? 0, 'bytes of the refused upload still stored').toBe(0);
  });
});
