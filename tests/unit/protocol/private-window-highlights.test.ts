import { beforeEach, describe, expect, it, vi } from 'vitest';
import { describeText } from '../../../src/anchoring/anchor';
import { textOfHtml } from '../../../src/capture/text';
import { contentToBackground } from '../../../src/protocol/protocol';
import { createClient, createServer, type Envelope, type Sender } from '../../../src/protocol/rpc';
import { newHighlightId, type ClipId } from '../../../src/schema/ids';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { openLibrary, page } from '../library/helpers';
import { overrides } from './fake-browser';
import { fakeServices } from './fake-services';

const state = vi.hoisted(() => ({ target: null as unknown }));

vi.mock('wxt/browser', async () => ({ browser: (await import('./fake-browser')).fakeBrowser }));
vi.mock('../../../extension/background/services', async () => (await import('./fake-services')).servicesModule());
// The page's content script: describes the selection it was asked about, shows toasts.
vi.mock('../../../extension/messaging', () => ({
  contentOf: () => async (method: string) => (method === 'describeSelection' ? { ok: true, value: { target: state.target } } : { ok: true, value: { shown: true, drawn: 0, orphans: 0, found: false } }),
}));
// Saving a page in a private window is refused (capture.ts `readableTab`); the tests' pages are saved already.
vi.mock('../../../extension/background/save-actions', () => ({
  savePageInTab: async () => {
    throw new Error('not expected: the page is saved already');
  },
}));
vi.mock('../../../extension/snapshot/serve-resources', () => ({ fetchSnapshotResource: async () => ({ resource: null }) }));

const { contentHandlers, highlightSelection } = await import('../../../extension/background/highlights');

const URL_ = 'https://example.com/story';
const ARTICLE = '<p>The river rises in the hills above the town.</p>';

function targetFor(passage: string): HighlightTarget {
  const text = textOfHtml(ARTICLE);
  const start = text.indexOf(passage);
  const d = describeText(text, start, start + passage.length);
  if (!d.ok) throw new Error(d.error.message);
  return { ...d.value, range: null };
}

/** The page is in the library already (saved from a normal window). */
async function savedPage() {
  const lib = await openLibrary();
  const { clip } = await lib.library.save(page({ pageUrl: URL_, canonicalUrl: URL_, html: ARTICLE, text: textOfHtml(ARTICLE) }));
  await lib.library.settled();
  fakeServices.current = { library: lib.library };
  return { lib, clipId: clip.id as ClipId };
}

/** The background's content server, as entrypoints/background.ts makes it, called by a content script with `sender`. */
function contentClient(sender: Sender) {
  const server = createServer('background', contentToBackground, contentHandlers, () => true);
  return createClient('background', contentToBackground, async (e: Envelope) => server.handle(e, sender));
}

/** The content script of the same page, open in a private window's tab. */
const privateTab: Sender = { id: 'me', url: URL_, tab: { id: 7, incognito: true }, frameId: 0 };

describe('highlights from a private window ("nothing you read privately is written to disk")', () => {
  beforeEach(() => {
    for (const k of Object.keys(overrides)) delete overrides[k];
    // No other tab shows the page (highlights.ts `announce`).
    overrides.tabs = { query: async () => [] };
  });

  it('highlightOnPage from a tab in a private window is refused (private-window) and writes no highlight', async () => {
    const { lib, clipId } = await savedPage();
    const call = contentClient(privateTab);
    const res = await call('highlightOnPage', { highlightId: newHighlightId(), target: targetFor('hills above the town'), color: 'yellow', note: 'read privately' });
    expect(res.ok ? 'written' : res.error.code).toBe('private-window');
    expect(await lib.library.highlights.list(clipId)).toEqual([]);
  });

  it('changePageHighlight from a tab in a private window is refused and leaves the note as it was', async () => {
    const { lib, clipId } = await savedPage();
    const id = newHighlightId();
    await lib.library.highlights.add(clipId, { id, target: targetFor('The river rises'), page: null, color: 'yellow', note: '' });
    const call = contentClient(privateTab);
    const res = await call('changePageHighlight', { highlightId: id, note: 'something I read privately' });
    expect(res.ok ? 'written' : res.error.code).toBe('private-window');
    const [h] = await lib.library.highlights.list(clipId);
    expect(h!.note).toBe('');
  });

  it('the Highlight menu item and shortcut in a private window are refused and write no highlight', async () => {
    const { lib, clipId } = await savedPage();
    state.target = targetFor('hills above the town');
    overrides.tabs = { query: async () => [], get: async () => ({ id: 7, url: URL_, incognito: true }) };
    await expect(highlightSelection(7, 0)).rejects.toMatchObject({ code: 'private-window' });
    expect(await lib.library.highlights.list(clipId)).toEqual([]);
  });
});
