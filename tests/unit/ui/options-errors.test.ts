// @vitest-environment jsdom
/**
 * Errors on the options page say what happened where it happened, and the way out.
 */
import 'fake-indexeddb/auto';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mountPoint, wait } from './list-dom';

let answer: (method: string, params: unknown) => unknown = () => new Promise(() => undefined);
vi.mock('../../../extension/messaging', () => ({ background: vi.fn((method: string, params: unknown) => Promise.resolve(answer(method, params))) }));
// The page's other sections are not under test here.
for (const m of ['ExportSection', 'ImageSettings', 'SnapshotSettings', 'SyncSection', 'SearchIndexRepair', 'LinkFetch', 'StorageBreakdown'])
  vi.doMock(`../../../extension/ui/${m}`, () => ({ [m]: () => null }));
vi.mock('../../../src/import/file-store', () => ({
  putImportFile: async () => {
    // What IndexedDB rejects a put with when the disk (or the origin's quota) is full.
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  },
}));

const { Options } = await import('../../../extension/ui/Options');
const { ImportSection } = await import('../../../extension/ui/ImportSection');

let root: HTMLElement;
beforeEach(() => void (root = mountPoint()));
const $ = (id: string) => root.querySelector(`[data-testid=${id}]`) as HTMLElement | null;
const settle = () => wait(20);

describe('the options page', () => {
  it('says the library could not be read in its Library section, not "Loading…" for ever', async () => {
    answer = (method) =>
      method === 'libraryInfo'
        ? { ok: false, error: { code: 'internal', message: 'The library could not be opened: the database is damaged.' } }
        : method === 'importStatus'
          ? { ok: true, value: { job: null } }
          : new Promise(() => undefined);
    await act(() => render(h(Options, {}), root));
    await settle();
    const library = $('library-info')!.textContent ?? '';
    // The answer came (an error): the section must not keep saying it is loading.
    expect(library).not.toContain('Loading…');
    expect(library).toContain('could not be opened');
  });

  it('an import that finds the disk full says so and what to free, not that the file "could not be read"', async () => {
    answer = (method) => (method === 'importStatus' ? { ok: true, value: { job: null } } : new Promise(() => undefined));
    await act(() => render(h(ImportSection, { onImported: () => undefined }), root));
    await settle();
    const input = $('import-file') as HTMLInputElement;
    const file = { name: 'pocket.zip', arrayBuffer: async () => new Uint8Array([1, 2, 3]).buffer };
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
    await settle();
    const text = $('import-message')!.textContent ?? '';
    expect(text).not.toBe('');
    // The file was read; storing it failed for lack of room. The project's words for that (toAppError) say what to do.
    expect(text).not.toMatch(/could not be read/);
    expect(text).toMatch(/free|room|space/i);
  });
});
