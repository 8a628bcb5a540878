import { useEffect } from 'preact/hooks';
import type { TextModel } from '../../src/capture/text-model';
import { firstVisibleOffset, loadReadingPosition, saveReadingPosition, scrollToOffset } from './reading-position';

/** How long after opening a layout change (images arriving) moves the view back to the position, unless the user scrolled. */
const SETTLE_MS = 3_000;
const SAVE_EVERY_MS = 250;

/** The top of the reading area: below the reader's sticky bar. */
const viewTop = () => Math.max(0, document.querySelector('.reader-bar')?.getBoundingClientRect().bottom ?? 0);

/**
 * Opens `clipId` where it was left and remembers where it is left (reading-position.ts). Does
 * nothing to the scroll when `skip` (the route names a highlight to show instead).
 */
export function useReadingPosition(clipId: string, model: TextModel | null, skip: boolean): void {
  useEffect(() => {
    if (!model) return;
    let userMoved = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const target = skip ? 0 : loadReadingPosition(clipId);
    // Where our own scrolls left the window: a scroll event elsewhere is the user's.
    let ownY = -1;
    const restore = () => {
      if (userMoved || target <= 0) return;
      scrollToOffset(model, target, viewTop());
      ownY = window.scrollY;
    };
    if (!skip) (target > 0 ? restore() : (window.scrollTo({ top: 0 }), (ownY = window.scrollY)));
    const save = () => {
      timer = undefined;
      if (!model.root.isConnected) return;
      saveReadingPosition(clipId, window.scrollY <= 0 ? 0 : firstVisibleOffset(model, viewTop()));
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
    const onUserScroll = () => {
      if (!userMoved && window.scrollY === ownY) return;
      userMoved = true;
      onScroll();
    };
    addEventListener('scroll', onUserScroll, { passive: true });
    addEventListener('pagehide', save);
    return () => {
      clearTimeout(stopFollowing);
      resized.disconnect();
      for (const e of inputs) removeEventListener(e, moved);
      removeEventListener('scroll', onUserScroll);
      removeEventListener('pagehide', save);
      if (timer !== undefined) clearTimeout(timer);
      if (userMoved) save();
    };
  }, [clipId, model, skip]);
}
