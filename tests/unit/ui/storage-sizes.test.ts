// @vitest-environment jsdom
/**
 * The options page's storage lines: sizes people can read at every scale (not "0.0 MB" for a
 * small library, not "305419.9 MB" for a disk, never "NaN MB"), and the "Of which" line read
 * again with the library's info, so it never stays behind "Storage used" after an import.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LibraryInfo } from '../../../src/protocol/schemas';
import { mountPoint, wait } from './list-dom';

let answer: (method: string, params: unknown) => unknown = () => new Promise(() => undefined);
const background = vi.fn((method: string, params: unknown) => Promise.resolve(answer(method, params)));
vi.mock('../../../extension/messaging', () => ({ background }));
vi.mock('../../../extension/ui/use-persistent-storage', () => ({ usePersistentStorage: () => true }));

const { formatBytes } = await import('../../../extension/ui/bytes');
const { LibraryStats } = await import('../../../extension/ui/LibraryStats');

let root: HTMLElement;
beforeEach(() => void (root = mountPoint()));
afterEach(() => void background.mockClear());
const settle = () => wait(10);
const info = (over: Partial<LibraryInfo> = {}): LibraryInfo => ({
  libraryUrl: 'automerge:x',
  clipCount: 3,
  deletedCount: 0,
  indexedCount: 3,
  pendingCaptures: 0,
  storageBytes: 40 * 1024,
  storageQuota: 300 * 1024 ** 3,
  ...over,
});
const usage = (textBytes: number) => ({ ok: true, value: { textBytes, imageBytes: 0, images: 0, snapshotBytes: 0, snapshots: 0, usage: null, quota: null } });

describe('formatBytes', () => {
  it('reads at every scale, and says "unknown" for what is not a size', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MB');
    expect(formatBytes(52.25 * 1024 * 1024)).toBe('52.3 MB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300.0 GB');
    expect(formatBytes(null)).toBe('unknown');
    expect(formatBytes(Number.NaN)).toBe('unknown');
    expect(formatBytes(-1)).toBe('unknown');
  });
});

describe('the options page storage lines', () => {
  it('shows a small library and a large quota in units that say something', async () => {
    answer = (method) => (method === 'storageUsage' ? usage(40 * 1024) : new Promise(() => undefined));
    await act(() => render(h(LibraryStats, { info: info() }), root));
    await settle();
    const text = root.textContent ?? '';
    expect(text).toContain('40.0 KB of 300.0 GB');
    expect(root.querySelector('[data-testid=storage-breakdown]')!.textContent).toContain('text 40.0 KB');
    expect(text).not.toMatch(/0\.0 MB|NaN/);
  });

  it('reads the breakdown again when the library info is read again (after an import)', async () => {
    // Sizes in whole MB: this test is about when the line is read, not how it is written.
    let text = 1024 * 1024;
    answer = (method) => (method === 'storageUsage' ? usage(text) : new Promise(() => undefined));
    await act(() => render(h(LibraryStats, { info: info() }), root));
    await settle();
    expect(root.querySelector('[data-testid=storage-breakdown]')!.textContent).toContain('text 1.0 MB');
    text = 5 * 1024 * 1024;
    await act(() => render(h(LibraryStats, { info: info({ clipCount: 900, storageBytes: 6 * 1024 * 1024 }) }), root));
    await settle();
    expect(root.querySelector('[data-testid=storage-breakdown]')!.textContent).toContain('text 5.0 MB');
    expect(background.mock.calls.filter(([m]) => m === 'storageUsage')).toHaveLength(2);
  });
});
