/**
 * Two redraws of one page's highlights from elsewhere (`announce`: a highlight changed in the
 * side panel, then again, or by sync) run at once in the background, each reading the clip's
 * list and then handing it to the tab. The list read first may be handed over last: the page then
 * drew the older list over the newer one, and kept it until the next change or a reload.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HighlightView } from '../../../src/schema/highlight';
import { overrides } from '../protocol/fake-browser';
import { fakeServices } from '../protocol/fake-services';

const state = vi.hoisted(() => ({ sent: [] as unknown[] }));

vi.mock('wxt/browser', async () => ({ browser: (await import('../protocol/fake-browser')).fakeBrowser }));
vi.mock('../../../extension/background/services', async () => (await import('../protocol/fake-services')).servicesModule());
vi.mock('../../../extension/messaging', () => ({
  contentOf: () => async (method: string, params: { highlights: unknown }) => {
    if (method === 'showHighlights') state.sent.push(params.highlights);
    return { ok: true, value: { drawn: 0, orphans: 0 } };
  },
}));
vi.mock('../../../extension/background/save-actions', () => ({ savePageInTab: async () => ({}) }));
vi.mock('../../../extension/snapshot/serve-resources', () => ({ fetchSnapshotResource: async () => ({ resource: null }) }));

const { announce } = await import('../../../extension/background/highlights');

const CLIP = 'clipclipclipclipclip01';
const list = (note: string) => [{ id: 'hl-1', clipId: CLIP, color: 'yellow', note } as unknown as HighlightView];

describe('announce', () => {
  beforeEach(() => {
    state.sent = [];
    overrides.tabs = { query: async () => [{ id: 7, url: 'https://example.com/story' }] };
  });

  it('never hands a tab a list read before the one it was handed last', async () => {
    // The first read is slow (its document was being loaded), the second is not.
    const reads = [
      { value: list('old'), wait: 60 },
      { value: list('new'), wait: 0 },
    ];
    let n = 0;
    fakeServices.current = {
      library: {
        findByUrl: async () => ({ id: CLIP }),
        highlights: {
          list: async () => {
            const r = reads[n++]!;
            await new Promise((res) => setTimeout(res, r.wait));
            return r.value;
          },
        },
      },
    };
    await Promise.all([announce([CLIP as never]), new Promise((r) => setTimeout(r, 5)).then(() => announce([CLIP as never]))]);
    expect(state.sent.at(-1)).toEqual(list('new'));
  });
});
