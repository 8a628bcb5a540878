import { useEffect, useRef } from 'preact/hooks';
import type { TextModel } from '../../src/capture/text-model';
import { NAVIGATE_EVENT } from './use-hash-route';
import { firstVisibleOffset, loadReadingPosition, openingOffset, percentRead, saveReadingPosition, scrollToOffset, type ReadingPoint } from './reading-position';

/** How long after opening a layout change (images arriving) moves the view back to the position, unless the user scrolled. */
const SETTLE_MS = 3_000;
const SAVE_EVERY_MS = 250;
/** How long the view rests before its position goes to the library (synced): one write per pause in reading, not per scroll. */
const REPORT_AFTER_MS = 1_500;

/** Sends a clip's position and how far it was read to the library (`setReadingProgress`); a refusal is left (the local position stands). */
export type ReportProgress = (offset: number, percent: number) => void;

/** The top of the reading area: below the reader's sticky bar. */
const viewTop = () => Math.max(0, document.querySelector('.reader-bar')?.getBoundingClientRect().bottom ?? 0);

/**
 * Opens `clipId` where it was left, on this device or another (`synced`, the clip's `position`:
 * the later of the two), and remembers where it is left: at once on this device
 * (reading-position.ts), and after each pause in reading, with how far it has been read, in
 * the library (`report`), which syncs it. Does nothing to the scroll when `skip` (the route
 * names a highlight to show instead).
 */
export function useReadingPosition(clipId: string, model: TextModel | null, skip: boolean, synced: ReadingPoint | null, report: ReportProgress): void {
  // Read when the text is ready (the clip, and so `synced`, came first); later changes do not move the view.
  const latest = useRef({ synced, report });
  latest.current = { synced, report };
  useEffect(() => {
    if (!model) return;
    let userMoved = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reportTimer: ReturnType<typeof setTimeout> | undefined;
    let unreported: { offset: number; percent: number } | null = null;
    const target = skip ? 0 : openingOffset(loadReadingPosition(clipId), latest.current.synced);
    // Where our own scrolls left the window: a scroll event elsewhere is the user's.
    let ownY = -1;
    const restore = () => {
      if (userMoved || target <= 0) return;
      scrollToOffset(model, target, viewTop());
      ownY = window.scrollY;
    };
    if (!skip) (target > 0 ? restore() : (window.scrollTo({ top: 0 }), (ownY = window.scrollY)));
    const flush = () => {
      if (reportTimer !== undefined) clearTimeout(reportTimer);
      reportTimer = undefined;
      if (unreported) latest.current.report(unreported.offset, unreported.percent);
      unreported = null;
    };
    const save = () => {
      timer = undefined;
      if (!model.root.isConnected) return;
      const offset = window.scrollY <= 0 ? 0 : firstVisibleOffset(model, viewTop());
      saveReadingPosition(clipId, offset);
      // Only a scroll of the user's starts a save, so this is the user's place.
      unreported = { offset, percent: percentRead(model, window.innerHeight) };
      if (reportTimer !== undefined) clearTimeout(reportTimer);
      reportTimer = setTimeout(flush, REPORT_AFTER_MS);
    };
    // Leaving (the panel closed, or navigating to another view, before its hash scrolls the
    // window): a scroll not yet saved is saved now, and what is unreported goes.
    const leave = () => {
      if (timer !== undefined) (clearTimeout(timer), save());
      flush();
    };
    const onScroll = () => (timer ??= setTimeout(save, SAVE_EVERY_MS));
    const moved = (e: Event) => {
      // A key typed in the note or tag box is not a move.
      if (e.type === 'keydown' && (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) return;
      userMoved = true;
    };
    // Images placed after the text push it down: keep the position until the user moves.
    const resized = new ResizeObserver(() => restore());
    if (model.root instanceof Element) resized.observe(model.root);
    const stopFollowing = setTimeout(() => resized.disconnect(), SETTLE_MS);
    const inputs = ['wheel', 'keydown', 'pointerdown', 'touchstart'] as const;
    for (const e of inputs) addEventListener(e, moved, { passive: true });
    // The user's scrolls are saved (and stop the following); the restore's own are not.
    // Set while the panel navigates: a hash change to the list scrolls the window to the top
    // before the reader is gone, and that scroll is not the user's. Cleared two frames later,
    // for a navigation that keeps this reader (from one highlight to another).
    let left = false;
    const onUserScroll = () => {
      if (left || (!userMoved && window.scrollY === ownY)) return;
      userMoved = true;
      onScroll();
    };
    addEventListener('scroll', onUserScroll, { passive: true });
    addEventListener('pagehide', leave);
    const navigating = () => {
      left = true;
      leave();
      requestAnimationFrame(() => requestAnimationFrame(() => (left = false)));
    };
    addEventListener(NAVIGATE_EVENT, navigating);
    return () => {
      clearTimeout(stopFollowing);
      resized.disconnect();
      for (const e of inputs) removeEventListener(e, moved);
      removeEventListener('scroll', onUserScroll);
      removeEventListener('pagehide', leave);
      removeEventListener(NAVIGATE_EVENT, navigating);
      leave();
    };
  }, [clipId, model, skip]);
}
