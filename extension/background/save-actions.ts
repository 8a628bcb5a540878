import { browser } from 'wxt/browser';
import type { ExtractedPage } from '../../src/schema/capture';
import type { MenuClick, MenuItemId } from '../../src/protocol/schemas';
import type { SaveOutcome } from '../../src/schema/clip-summary';
import { PAGE_LEFT } from '../../src/snapshot/snapshot-queue';
import { AppFailure, toAppError } from '../../src/util/result';
import { captureLink, capturePage, captureSelection, isPlainTextFallback } from './capture';
import { highlightSelection } from './highlights';
import { queueImages } from './image-job';
import { notify } from './notices';
import { services } from './services';
import { queueSnapshotAfterSave } from './snapshot-job';
import { snapshotClip } from './snapshots';

/**
 * Extract, then write: the one path every capture takes (popup, menu, shortcut). A page or
 * selection saved from a tab, or a saved link's article, has its images queued (image-job.ts)
 * before the answer, and saved after it: the save never waits for them.
 */
async function save(extract: Promise<ExtractedPage>, tabId?: number, full = false): Promise<SaveOutcome> {
  const page = await extract;
  const { library } = await services();
  const outcome = await library.save(page);
  // A link that kept the article saved from a tab (save-capture.ts) brings no images: the article's are its own.
  if (outcome.kept) return outcome;
  // A saved link's images are fetched by the background (no tab shows that page).
  const imageTab = page.kind === 'link' ? null : tabId;
  const hadImages = !outcome.created && !!library.media.refs(outcome.clip.id)?.images;
  if (imageTab !== undefined) await queueImages(outcome.clip.id, imageTab, page.pageUrl, hadImages).catch(() => undefined);
  // Likewise the full-page copy kept with every page (when the user asked for one): queued before the answer, taken after it.
  if (tabId !== undefined && !full) await queueSnapshotAfterSave(outcome, tabId, page.pageUrl).catch(() => undefined);
  return outcome;
}

export const savePageInTab = (tabId: number) => save(capturePage(tabId), tabId);

/**
 * The popup's "Save page" (`savePage`): the popup shows how it went. One that fails after the
 * popup was closed (it says the save continues) is reported as a menu save's is, not lost.
 */
export async function savePageForPopup(tabId: number, popupOpen: () => boolean): Promise<SaveOutcome> {
  try {
    return await savePageInTab(tabId);
  } catch (e) {
    if (!popupOpen()) await notify(tabId, { kind: 'error', message: toAppError(e).message });
    throw e;
  }
}

/**
 * "Save full page": the article saved as always, then a full-page copy of the tab kept with it.
 * Resolves once both are durable; a copy that fails, or is of another page than the one saved
 * (the tab went on meanwhile), leaves the saved article and says why.
 */
export async function saveFullPageInTab(tabId: number): Promise<SaveOutcome> {
  const extract = capturePage(tabId);
  const outcome = await save(extract, tabId, true);
  const kept = await snapshotClip(outcome.clip.id, tabId, (await extract).pageUrl).catch((e: unknown) => {
    throw new AppFailure(toAppError(e).code, `The article was saved, but the full-page copy was not: ${toAppError(e).message}`);
  });
  if (!kept) throw new AppFailure('interrupted', `The article was saved. ${PAGE_LEFT}`);
  return outcome;
}

/** One handler per context-menu save item (also reachable through `simulateMenuClick`). */
const menuHandlers: Record<Exclude<MenuItemId, 'highlight-selection'>, (click: MenuClick) => Promise<SaveOutcome>> = {
  'save-page': (c) => save(capturePage(c.tabId), c.tabId),
  'save-full-page': (c) => saveFullPageInTab(c.tabId),
  'save-selection': async (c) => {
    const page = await captureSelection(c.tabId, c.frameId ?? 0, c.selectionText, c.frameUrl);
    const outcome = await save(Promise.resolve(page), c.tabId);
    return isPlainTextFallback(page) ? { ...outcome, plainText: true } : outcome;
  },
  'save-link': (c) => {
    if (!c.linkUrl) throw new AppFailure('bad-request', 'No link was given to save.');
    if (c.incognito) throw new AppFailure('private-window', "Commonplace doesn't save from private windows, so nothing you read privately is written to disk.");
    return save(captureLink(c.linkUrl));
  },
};

const PLAIN_TEXT = " as plain text only: the selection's frame could not be read, so its formatting, links and images were left out";
const savedMessage = (o: SaveOutcome, full = false) =>
  o.kept
    ? `“${o.clip.title}” is already saved in Commonplace as you saw it on the page; that copy is kept.`
    : `${o.created ? 'Saved' : 'Updated'} “${o.clip.title}” in Commonplace${full ? ', with a full-page copy' : ''}${o.plainText ? PLAIN_TEXT : ''}.`;

/**
 * Runs a save that has no popup to report to, and reports it in the page (or on the
 * badge). Resolves with the outcome; throws the failure after reporting it.
 */
export async function saveWithNotice(tabId: number | undefined, run: () => Promise<SaveOutcome>, full = false): Promise<SaveOutcome> {
  try {
    const outcome = await run();
    await notify(tabId, { kind: 'success', message: savedMessage(outcome, full) });
    return outcome;
  } catch (e) {
    await notify(tabId, { kind: 'error', message: toAppError(e).message });
    throw e;
  }
}

export function runMenuClick(click: MenuClick): Promise<SaveOutcome> {
  // Highlighting reports itself (its message is not a save's).
  if (click.menuItemId === 'highlight-selection') return highlightSelection(click.tabId, click.frameId ?? 0);
  const handler = menuHandlers[click.menuItemId];
  return saveWithNotice(click.tabId, () => handler(click), click.menuItemId === 'save-full-page');
}

/** The highlight shortcut: highlights the selection in the given tab, or the active tab of the focused window. */
export async function runHighlightCommand(tabId?: number): Promise<SaveOutcome> {
  const id = tabId ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
  if (id === undefined) throw new AppFailure('not-found', 'No tab is active to highlight in.');
  return highlightSelection(id);
}

/** The keyboard shortcut: saves the given tab, or the active tab of the focused window. */
export async function runSaveCommand(tabId?: number): Promise<SaveOutcome> {
  const id = tabId ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
  if (id === undefined) throw new AppFailure('not-found', 'No tab is active to save.');
  return saveWithNotice(id, () => savePageInTab(id));
}
