import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { uiToBackground } from '../../../src/protocol/protocol';
import { createClient, createServer, type Envelope } from '../../../src/protocol/rpc';
import { openLibrary, page } from '../library/helpers';

const state = vi.hoisted(() => ({ services: null as unknown }));

vi.mock('wxt/browser', async () => ({ browser: (await import('./fake-browser')).fakeBrowser }));
vi.mock('../../../extension/background/services', () => ({ services: async () => state.services }));

const { searchClips } = await import('../../../extension/background/search');
const { searchDeep } = await import('../../../extension/background/deep-search');

describe('search answers that must pass their own response schema', () => {
  it('a search whose text has more than 50 ignored filter words still answers its results (the problems are capped), not "Malformed search response"', async () => {
    const lib = await openLibrary();
    await lib.library.save(page({ title: 'A story about rivers', html: '<p>The river is wide.</p>', text: 'The river is wide.' }));
    await lib.library.settled();
    state.services = { library: lib.library };
    const server = createServer('background', uiToBackground, { search: searchClips } as never, () => true);
    const call = createClient('background', uiToBackground, async (e: Envelope) => server.handle(e, { id: 'me', url: 'chrome-extension://me/sidepanel.html' }));

    // The same search without the pasted words answers (the index built on the first search; asked until ready).
    let plain = await call('search', { query: 'river', offset: 0, limit: 20 });
    for (let i = 0; i < 50 && plain.ok && plain.value.status === 'rebuilding'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      plain = await call('search', { query: 'river', offset: 0, limit: 20 });
    }
    expect(plain.ok && plain.value.hits.map((h) => h.clip.title)).toEqual(['A story about rivers']);

    // Text pasted into the search box with many "word:" pieces the parser takes for filters with no
    // usable value (`is: `, `state: `…): each one is a problem ("… is ignored: …"), 60 of them here,
    // all within the 512 characters the parser reads. SearchPageSchema allows 50.
    const query = `${Array.from({ length: 60 }, () => 'is: ').join('')}river`;
    expect(query.length).toBeLessThan(512);
    const res = await call('search', { query, offset: 0, limit: 20 });
    expect(res.ok ? 'answered' : res.error.message).toBe('answered');
    expect(res.ok && res.value.hits.map((h) => h.clip.title)).toEqual(['A story about rivers']);
  });

  it('a deep search step with the same pasted text answers its step, not "Malformed searchDeep response"', async () => {
    const lib = await openLibrary();
    await lib.library.save(page({ title: 'A story about rivers', html: '<p>The river is wide.</p>', text: 'The river is wide.' }));
    await lib.library.settled();
    state.services = { library: lib.library };
    const server = createServer('background', uiToBackground, { searchDeep } as never, () => true);
    const call = createClient('background', uiToBackground, async (e: Envelope) => server.handle(e, { id: 'me', url: 'chrome-extension://me/sidepanel.html' }));
    const plain = await call('searchDeep', { query: 'river', cursor: null });
    expect(plain.ok).toBe(true);
    const res = await call('searchDeep', { query: `${Array.from({ length: 60 }, () => 'is: ').join('')}river`, cursor: null });
    expect(res.ok ? 'answered' : res.error.message).toBe('answered');
  });
});
