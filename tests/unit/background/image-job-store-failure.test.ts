/**
 * Review (image job): `runJob` swallows every error of `saveClipImages` ("its text is saved")
 * and the loop then removes the clip from the queue (`finish`) as if its images were stored.
 * A write refused for a passing reason (the disk full for a moment, or the library being
 * replaced by a join: `attachImages` throws `storage-full` / `interrupted`) thus drops the clip's
 * images for good, and records no reason either: the reader shows the clip as having no saved
 * images, nothing pending, and nothing ever tries again. The clip should stay queued (its tries
 * bound the retries), like the link fetch that now pauses on a full disk instead of failing.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppFailure } from '../../../src/util/result';

vi.mock('wxt/browser', async () => ({ browser: (await import('./jobs-browser')).browser }));
vi.mock('../../../extension/background/services', () => ({ services: async () => ({ library: {} }) }));
vi.mock('../../../extension/background/thumbnails', () => ({ refreshThumbnail: async () => undefined }));
vi.mock('../../../extension/images/canvas-codec', () => ({ canvasCodec: {} }));
vi.mock('../../../extension/images/fetch-image', () => ({ imageFetcher: () => async () => null }));
const attempts: Array<{ clipId: string; giveUp: boolean }> = [];
vi.mock('../../../src/images/save-images', () => ({
  saveClipImages: async (_library: unknown, clipId: string, _deps: unknown, giveUp = false) => {
    attempts.push({ clipId, giveUp });
    // The first write is refused: the disk is full for a moment (then space is freed).
    if (attempts.length === 1) throw new AppFailure('storage-full', 'The disk is full: free some space.');
    return { kind: 'saved', count: 3, left: 0, bytes: 1000 };
  },
}));

const fb = await import('./jobs-browser');
const { queueImages, imagesPending } = await import('../../../extension/background/image-job');

beforeEach(() => {
  fb.resetFakeBrowser();
  attempts.length = 0;
});

async function settle(): Promise<void> {
  for (let i = 0; i < 100; i++) await new Promise((r) => setTimeout(r, 2));
}

describe('images that could not be stored', () => {
  it('are tried again (the clip stays queued) when the write was refused, not dropped as if saved', async () => {
    await queueImages('clip-1', 7, 'https://site.example/a');
    await settle();
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    const tried = attempts.filter((a) => a.clipId === 'clip-1' && !a.giveUp).length;
    // Either still waiting for another try, or tried again and saved.
    expect((await imagesPending('clip-1')) || tried >= 2).toBe(true);
  });
});
