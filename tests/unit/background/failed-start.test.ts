import 'fake-indexeddb/auto';
import { Repo } from '@automerge/automerge-repo/slim';
import { describe, expect, it, vi } from 'vitest';
import { Library } from '../../../src/library/library';

/** browser.storage.local in memory; everything else of `browser` does nothing. */
const local = new Map<string, unknown>();
vi.mock('wxt/browser', async () => {
  const { fakeBrowser, overrides } = await import('../protocol/fake-browser');
  overrides.storage = {
    get: async (keys: unknown) => Object.fromEntries((Array.isArray(keys) ? keys : [keys]).filter((k) => local.has(k as string)).map((k) => [k, local.get(k as string)])),
    set: async (items: unknown) => void Object.entries(items as Record<string, unknown>).forEach(([k, v]) => local.set(k, v)),
    remove: async (keys: unknown) => void (Array.isArray(keys) ? keys : [keys]).forEach((k) => local.delete(k as string)),
  };
  return { browser: new Proxy(fakeBrowser as object, { get: (t, k) => (k === 'storage' ? { local: overrides.storage } : (t as Record<string | symbol, unknown>)[k]) }) };
});

/** The first start fails after the library is open (its sync could not be applied); the next one works. */
let failNext = true;
vi.mock('../../../extension/background/sync', () => ({
  SyncController: class {
    async apply() {
      if (failNext) {
        failNext = false;
        throw new Error('sync settings unreadable');
      }
    }
    stop() {}
  },
}));
// Automerge's Wasm is loaded by the unit tests' setup.
vi.mock('../../../extension/background/automerge-init', () => ({ initAutomerge: async () => undefined }));
vi.mock('../../../extension/background/highlights', () => ({ announce: async () => undefined }));
vi.mock('../../../extension/background/image-job', () => ({ announceSyncedImages: () => undefined }));

const { services } = await import('../../../extension/background/services');

describe('a start that fails after the library is open', () => {
  it('closes that library and shuts its Repo down before the next start opens another over the same storage', async () => {
    const close = vi.spyOn(Library.prototype, 'close');
    const shutdown = vi.spyOn(Repo.prototype, 'shutdown');
    await expect(services()).rejects.toThrow('sync settings unreadable');
    expect(close).toHaveBeenCalledTimes(1);
    expect(shutdown).toHaveBeenCalledTimes(1);
    const second = await services();
    expect(second.library).toBeInstanceOf(Library);
    expect(close).toHaveBeenCalledTimes(1);
  });
});
