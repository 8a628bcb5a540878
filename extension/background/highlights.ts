import { browser } from 'wxt/browser';
import type { contentToBackground, uiToBackground } from '../../src/protocol/protocol';
import type { Handlers, Sender } from '../../src/protocol/rpc';
import { HIGHLIGHTS_CHANGED_CHANNEL, type HighlightColor, type HighlightView } from '../../src/schema/highlight';
import type { SaveOutcome } from '../../src/schema/clip-summary';
import { newHighlightId, type ClipId } from '../../src/schema/ids';
import type { HighlightTarget } from '../../src/schema/selectors';
import { AppFailure, toAppError } from '../../src/util/result';
import { contentOf } from '../messaging';
import { fetchSnapshotResource } from '../snapshot/serve-resources';
import { notify } from './notices';
import { savePageInTab } from './save-actions';
import { services } from './services';
import { refusePrivate } from './capture';
import { clipFromIndex, early } from './early';

type UiHighlightCalls = Pick<typeof uiToBackground, 'clipHighlights' | 'libraryHighlights' | 'addHighlight' | 'changeHighlight' | 'revealHighlight'>;

const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(HIGHLIGHTS_CHANGED_CHANNEL);

/** Numbers each `announce` as it starts; `handedOver`: each tab's number of the last list it was handed. */
let announced = 0;
const handedOver = new Map<number, number>();

/**
 * Tells everything showing these clips that their highlights changed (null: any clip, as after
 * a synced change whose clips are not known): extension pages (the reader) through the
 * broadcast channel, and every tab showing one of the clips' pages, which redraws them. The
 * tabs are looked up once, however many clips changed. `except`: a tab that already drew the
 * change itself. Never throws. Announces run at once, and a list read first may be ready last:
 * a tab is never handed a list from an announce older than the one it was handed (that one
 * started later, so its list holds every change the older one was told of).
 */
export async function announce(clipIds: readonly ClipId[] | null, except?: number): Promise<void> {
  const turn = ++announced;
  try {
    for (const clipId of clipIds ?? [null]) channel?.postMessage({ clipId });
  } catch {
    // the channel is closed only when the worker is going away
  }
  if (clipIds?.length === 0) return;
  const wanted = clipIds === null ? null : new Set(clipIds);
  try {
    const { library } = await services();
    const tabs = await browser.tabs.query({ url: ['http://*/*', 'https://*/*'] });
    const cache = new Map<ClipId, HighlightView[]>();
    for (const tab of tabs) {
      if (tab.id === undefined || tab.id === except || !tab.url) continue;
      const clip = await library.findByUrl(tab.url);
      if (!clip || (wanted !== null && !wanted.has(clip.id))) continue;
      if (!cache.has(clip.id)) cache.set(clip.id, await library.highlights.list(clip.id));
      if ((handedOver.get(tab.id) ?? 0) > turn) continue;
      handedOver.set(tab.id, turn);
      await contentOf(tab.id)('showHighlights', { clipId: clip.id, highlights: cache.get(clip.id)! }).catch(() => undefined);
    }
  } catch (e) {
    console.warn('Commonplace: open pages could not be told about changed highlights', e);
  }
}

/** The page a content script speaks for: its top frame's URL (highlights live in top frames only); `write`: refused in a private window. */
function pageOf(sender: Sender, write = false): { tabId: number; url: string } {
  if (sender.tab?.id === undefined || !sender.url) throw new AppFailure('bad-request', 'Highlights are made on a page in a tab.');
  if (write) refusePrivate(sender.tab);
  if (sender.frameId !== undefined && sender.frameId !== 0) {
    throw new AppFailure('bad-request', 'Highlights in embedded frames are not supported yet: open the frame on its own to highlight it.');
  }
  return { tabId: sender.tab.id, url: sender.url };
}

/**
 * Highlights a passage of the page in `tabId` (described there), saving the page first when
 * it is not in the library. The one path of the toolbar, the menu and the shortcut.
 */
async function highlightPage(tabId: number, url: string, h: { id: ReturnType<typeof newHighlightId>; target: HighlightTarget; color: HighlightColor; note: string }) {
  const { library } = await services();
  let clip = await library.findByUrl(url);
  let savedPage = false;
  if (!clip) {
    clip = (await savePageInTab(tabId)).clip;
    savedPage = true;
  }
  const highlight = await library.highlights.add(clip.id, { id: h.id, target: null, page: h.target, color: h.color, note: h.note });
  return { clip, highlight, savedPage };
}

/** The content script's calls: each acts on the sender's own page. */
export const contentHandlers: Handlers<typeof contentToBackground> = {
  /** A full-page snapshot's resource (extension/snapshot/serve-resources.ts). */
  fetchResource: fetchSnapshotResource,
  pageHighlights: async (_params, sender) => {
    const { url } = pageOf(sender);
    // A page not in the library has no highlights: the index says so without opening the library (early.ts).
    const unsaved = async () => ((await clipFromIndex(url))?.clip === null ? { clipId: null, highlights: [] } : null);
    return early(async ({ library }) => {
      const clip = await library.findByUrl(url);
      return { clipId: clip?.id ?? null, highlights: clip ? await library.highlights.list(clip.id) : [] };
    }, unsaved, false);
  },
  highlightOnPage: async ({ highlightId, target, color, note }, sender) => {
    const { tabId, url } = pageOf(sender, true);
    const { clip, highlight, savedPage } = await highlightPage(tabId, url, { id: highlightId, target, color, note });
    void announce([clip.id], tabId);
    return { highlight, savedPage };
  },
  changePageHighlight: async ({ highlightId, ...change }, sender) => {
    const { tabId, url } = pageOf(sender, true);
    const { library } = await services();
    const clip = await library.findByUrl(url);
    if (!clip) throw new AppFailure('not-found', 'This page is not in your library any more.');
    const highlight = await library.highlights.change(clip.id, highlightId, change);
    void announce([clip.id], tabId);
    return { highlight };
  },
};

/** The UI's highlight calls (the side panel's reader and lists). */
export const uiHighlightHandlers: Handlers<UiHighlightCalls> = {
  clipHighlights: async ({ clipId }) => ({ highlights: await (await services()).library.highlights.list(clipId) }),
  libraryHighlights: async ({ limit, before, beforeId }) => (await services()).library.highlights.inLibrary(limit, before, beforeId),
  addHighlight: async ({ clipId, highlightId, target, color, note }) => {
    const highlight = await (await services()).library.highlights.add(clipId, { id: highlightId, target, page: null, color, note });
    void announce([clipId]);
    return { highlight };
  },
  changeHighlight: async ({ clipId, highlightId, ...change }) => {
    const highlight = await (await services()).library.highlights.change(clipId, highlightId, change);
    void announce([clipId]);
    return { highlight };
  },
  revealHighlight: async ({ clipId, highlightId }) => {
    const { library } = await services();
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    if (tab?.id === undefined || !tab.url) return { found: false };
    const clip = await library.findByUrl(tab.url);
    if (clip?.id !== clipId) return { found: false };
    const res = await contentOf(tab.id)('scrollToHighlight', { highlightId });
    return { found: res.ok && res.value.found };
  },
};

/**
 * The context menu's "Highlight" and the keyboard shortcut: the selection in that frame is
 * described by the content script, then highlighted (yellow, no note) like a toolbar click.
 * Reported in the page; resolves with the clip, as the other menu items do.
 */
export async function highlightSelection(tabId: number, frameId = 0): Promise<SaveOutcome> {
  try {
    if (frameId !== 0) throw new AppFailure('bad-request', 'Highlights in embedded frames are not supported yet: open the frame on its own to highlight it.');
    const tab = await browser.tabs.get(tabId);
    refusePrivate(tab);
    if (!tab.url || !/^https?:/.test(tab.url)) throw new AppFailure('bad-request', 'Commonplace highlights web pages (http and https) only.');
    const described = await contentOf(tabId, frameId)('describeSelection', {});
    if (!described.ok) throw new AppFailure(described.error.code, described.error.message);
    const { clip, savedPage } = await highlightPage(tabId, tab.url, { id: newHighlightId(), target: described.value.target, color: 'yellow', note: '' });
    await announce([clip.id]);
    await notify(tabId, { kind: 'success', message: `Highlighted in “${clip.title}”${savedPage ? ' (the page was saved first)' : ''}.` });
    return { clip, created: savedPage };
  } catch (e) {
    await notify(tabId, { kind: 'error', message: toAppError(e).message });
    throw e;
  }
}
