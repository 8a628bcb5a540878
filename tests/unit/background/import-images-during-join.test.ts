/**
 * Review (import job): the user joins another library (options page, "Join a library") while a
 * Commonplace export with images is imported, and the join lands after a batch's clips were
 * written and before their images. The join merges the clips into the joined library and
 * retires the old one; the images were then refused there (`interrupted`) and dropped without a
 * word: the job ended "done", nothing failed, and the clips had no images. They must end up with
 * their clips, in the joined library. A real join through the project's sync server, on the same
 * Repo as the background's switch (services.ts `switchLibrary`).
 */
import 'fake-indexeddb/auto';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ImportBatchItem } from '../../../src/import/to-capture';
import { Library } from '../../../src/library/library';
import { exportWithImage, sanitizer } from '../import/commonplace-helpers';
import { device, until, useSyncServer } from '../sync/helpers';

const state: { current: Library | null } = { current: null };
const files = new Map<string, Uint8Array>();

vi.mock('wxt/browser', async () => ({ browser: (await import('./jobs-browser')).browser }));
vi.mock('../../../extension/background/services', () => ({ services: async () => ({ library: state.current }) }));
vi.mock('../../../extension/background/capture', () => ({ extractHtml: async () => null }));
vi.mock('../../../extension/background/sanitize-article', () => ({ sanitizeArticle: async (html: string, base: string) => sanitizer.sanitizeCapture(html, base) }));
vi.mock('../../../extension/background/link-fetch-job', () => ({ fetchAfterImport: async () => undefined }));
vi.mock('../../../src/import/file-store', () => ({
  getImportFile: async (_idb: unknown, id: string) => (files.has(id) ? { id, name: 'commonplace-export.zip', bytes: files.get(id)! } : null),
  deleteImportFile: async (_idb: unknown, id: string) => void files.delete(id),
}));

const fb = await import('./jobs-browser');
const { startImport, importStatus } = await import('../../../extension/background/import-job');

const server = useSyncServer('cp-import-join-');

describe('a join between an import batch and its images', () => {
  it('restores the images into the joined library, where the join put their clips', async () => {
    fb.resetFakeBrowser();
    const { bytes, id } = await exportWithImage();
    files.set('upload-1', bytes);
    const other = await device();
    other.connect(server().url);
    await until('the other browser synced', () => other.engine.status().state === 'synced');
    const mine = await device();
    mine.connect(server().url);
    await until('this browser connected', () => mine.engine.status().servers[0]?.state === 'connected');
    state.current = mine.library;

    // The user clicks "Join a library" while the batch is written: the join is queued behind it,
    // so it lands before the job restores the batch's images. The background then switches to
    // the joined library on the same Repo, as services.ts's switchLibrary does.
    const write = mine.library.importBatch.bind(mine.library);
    let switched: Promise<void> = Promise.resolve();
    mine.library.importBatch = (items: readonly ImportBatchItem[]) => {
      const out = write(items);
      switched = mine.library.join(other.url).then(async (joined) => {
        mine.engine.stop();
        mine.library.close();
        await joined.persist();
        state.current = (await Library.open({ repo: mine.repo, index: mine.index, storage: mine.storage, device: 'this-browser' }, other.url)).library;
      });
      return out;
    };

    await startImport('upload-1', 'commonplace-export.zip');
    let job = await importStatus();
    await until('the import ended', async () => (job = await importStatus())?.state !== 'running', 30_000);
    await switched;
    const joined = state.current!;
    expect(joined).not.toBe(mine.library);
    expect(job).toMatchObject({ state: 'done', imported: 1, failedCount: 0 });
    expect(joined.rowsOf([id])).toHaveLength(1);
    const images = await joined.media.images(id);
    expect(images.state).toBe('saved');
    expect(images.images).toHaveLength(1);
    other.engine.stop();
    joined.close();
  }, 60_000);
});
