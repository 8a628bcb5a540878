/**
 * Review (full-page copies): the copy is taken from whatever the tab shows when the producer
 * runs, and `snapshotClip` (extension/background/snapshots.ts) never compares the copy's own URL
 * (`shot.url`, answered by the content script) with the clip's page. "Save full page" saves the
 * article, then copies the tab; the queued copy ("every page") checks the tab's URL once, before
 * the copy starts. A user who clicks on to the next page meanwhile (the save takes a moment; a
 * copy several seconds) gets the next page's copy filed under the first page's clip, and the
 * reader's "Full page" link shows another page.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', async () => ({ browser: (await import('./jobs-browser')).browser }));

const A = 'https://news.example/story-a';
const B = 'https://news.example/story-b';
const attached: Array<{ clipId: string; html: Uint8Array; at?: number }> = [];
/** What the tab shows when the copy is made (the user clicked on to B meanwhile). */
let tabShowsWhenCopied = B;

vi.mock('../../../extension/snapshot/snapshot-tab', async () => {
  const fb = await import('./jobs-browser');
  return {
    snapshotTab: async (tabId: number) => {
      // The tab moved on while the copy was starting: the producer copies what it shows now.
      fb.tabs.set(tabId, { id: tabId, url: tabShowsWhenCopied });
      const html = `<html><body>copy of ${tabShowsWhenCopied}</body></html>`;
      return { html, bytes: html.length, resources: { inlined: 0, skipped: 0, failed: 0 }, truncated: false, url: tabShowsWhenCopied, title: 'x' };
    },
  };
});
const clip = { id: 'clip-a', kind: 'page', title: 'Story A', url: A, pageUrl: A };
vi.mock('../../../extension/background/services', () => ({
  services: async () => ({
    library: {
      save: async () => ({ clip, created: true }),
      settled: async () => undefined,
      media: {
        refs: () => undefined,
        attachSnapshot: async (clipId: string, html: Uint8Array, bytes: number, left: number) => {
          const at = Date.now();
          attached.push({ clipId, html, at });
          return { bytes, htmlBytes: html.byteLength, left, at };
        },
        // The copy stored last for the clip, as the queue checks before taking one (`copyTaken`).
        snapshotRef: (clipId: string) => {
          const last = attached.filter((a) => a.clipId === clipId).at(-1);
          return last?.at === undefined ? null : { at: last.at };
        },
      },
    },
  }),
}));
vi.mock('../../../extension/background/capture', () => ({
  capturePage: async () => ({ kind: 'page', pageUrl: A, title: 'Story A' }),
  captureSelection: async () => null,
  captureLink: async () => null,
}));
vi.mock('../../../extension/background/highlights', () => ({ highlightSelection: async () => null }));
vi.mock('../../../extension/background/image-job', () => ({ queueImages: async () => undefined }));
vi.mock('../../../extension/background/notices', () => ({ notify: async () => undefined }));

const fb = await import('./jobs-browser');
const { saveFullPageInTab } = await import('../../../extension/background/save-actions');
const { queueSnapshotAfterSave, snapshotStatus } = await import('../../../extension/background/snapshot-job');
const { SNAPSHOT_SETTINGS_KEY, DEFAULT_SNAPSHOT_SETTINGS } = await import('../../../src/snapshot/settings');
const { inflateText } = await import('../../../src/library/compress');

beforeEach(() => {
  fb.resetFakeBrowser();
  attached.length = 0;
  fb.tabs.set(7, { id: 7, url: A });
});

async function attachedPages(): Promise<string[]> {
  return Promise.all(attached.map(async (a) => (await inflateText(a.html)).replace(/.*copy of ([^<]+)<.*/s, '$1')));
}

describe("a full-page copy is the clip's own page", () => {
  it('"Save full page" does not keep the copy of another page the tab went on to under the saved clip', async () => {
    tabShowsWhenCopied = B;
    await saveFullPageInTab(7).catch(() => undefined);
    expect(await attachedPages()).not.toContain(B);
  });

  it('a copy queued after a save is not taken from the next page the tab went on to once the check passed', async () => {
    tabShowsWhenCopied = B;
    fb.stored.set(SNAPSHOT_SETTINGS_KEY, { ...DEFAULT_SNAPSHOT_SETTINGS, everyPage: true });
    await queueSnapshotAfterSave({ clip: clip as never, created: true }, 7, A);
    for (let i = 0; i < 200 && (await snapshotStatus('clip-a')).pending; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await attachedPages()).not.toContain(B);
    // The clip says why it has no copy (its tab went on to another page), as when the tab had moved before.
    expect((await snapshotStatus('clip-a')).failed).toMatch(/another page/);
  });
});
