/**
 * Review (image job): a clip whose images were started three times without finishing is given
 * up, and every image is recorded as "saving was interrupted three times (the browser
 * stopped)". But a start also counts when the write failed (the disk full, a write refused):
 * then the reader blamed the browser for stopping, and the way out (free some space, save the
 * page again) was never said.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppFailure } from '../../../src/util/result';
import { missingImageNote } from '../../../src/images/left-reasons';

const writes: Array<{ count: number; reason: string | null; missing?: Record<string, string> } | 'refused'> = [];
const library = {
  settled: async () => undefined,
  get: async () => ({ deletedAt: null, html: '<p>Text <img src="https://site.example/a.png" alt="a"> <img src="https://site.example/b.png" alt="b"></p>' }),
  media: {
    articleRev: () => 'rev-1',
    refs: () => null,
    images: async () => ({ ref: null }),
    attachImages: async (_id: string, _rev: string, _saved: unknown[], left: { count: number; reason: string | null; missing?: Record<string, string> }) => {
      // The disk is full: every write of the clip's images is refused.
      if (writes.filter((w) => w === 'refused').length < 3) {
        writes.push('refused');
        throw new AppFailure('storage-full', 'The disk is full: free some space.');
      }
      writes.push(left);
      return {};
    },
  },
};

vi.mock('wxt/browser', async () => ({ browser: (await import('./jobs-browser')).browser }));
vi.mock('../../../extension/background/services', () => ({ services: async () => ({ library }) }));
vi.mock('../../../extension/background/thumbnails', () => ({ refreshThumbnail: async () => undefined }));
vi.mock('../../../extension/images/canvas-codec', () => ({ canvasCodec: {} }));
// Whatever the images are, their write is what fails.
vi.mock('../../../extension/images/fetch-image', () => ({ imageFetcher: () => async () => null }));

const fb = await import('./jobs-browser');
const { queueImages, imagesPending } = await import('../../../extension/background/image-job');

beforeEach(() => {
  fb.resetFakeBrowser();
  writes.length = 0;
  vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
});
afterEach(() => vi.useRealTimers());

describe('images given up after their writes kept failing', () => {
  it('say they could not be stored, not that the browser stopped', async () => {
    const queued = queueImages('clip-1', 7, 'https://site.example/a');
    await vi.advanceTimersByTimeAsync(50);
    await queued;
    // Three tries, a minute apart, then the clip is given up and its reasons recorded.
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(61_000);
    const pending = imagesPending('clip-1');
    await vi.advanceTimersByTimeAsync(50);
    expect(await pending).toBe(false);
    const recorded = writes.filter((w) => w !== 'refused');
    expect(recorded).toHaveLength(1);
    const left = recorded[0]!;
    expect(left.count).toBe(2);
    expect(left.reason).not.toMatch(/browser stopped/);
    expect(left.reason).toMatch(/could not be stored/);
    for (const code of Object.values(left.missing ?? {})) expect(missingImageNote(code)).toMatch(/could not be stored/);
  });
});
