// @vitest-environment jsdom
/**
 * The reader's "Full page (…)" link gave the snapshot's size in decimal megabytes with one
 * decimal: a 40 KB snapshot (a short page, its images left out) read "Full page (0.0 MB)", and the
 * options page counts in binary units. It now uses the options page's `formatBytes`.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { mountPoint, wait } from './list-dom';

let bytes = 40_000;
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string) => (method === 'snapshotInfo' ? { ok: true, value: { bytes, savedAt: 1 } } : new Promise(() => undefined))),
}));
vi.mock('../../../extension/ext-url', () => ({ extUrl: (path: string) => `chrome-extension://x${path}` }));
const { SnapshotLink } = await import('../../../extension/ui/SnapshotLink');

describe('the full-page link', () => {
  it('gives the snapshot’s size in the unit that fits it', async () => {
    for (const [size, shown] of [[40_000, '39.1 KB'], [2_500_000, '2.4 MB']] as const) {
      bytes = size;
      const root = mountPoint();
      await act(() => render(h(SnapshotLink, { clipId: `c${size}` }), root));
      await wait(10);
      expect(root.querySelector('[data-testid=snapshot-link]')?.textContent).toBe(`Full page (${shown})`);
    }
  });
});
