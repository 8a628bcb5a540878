import { useEffect, useRef, useState } from 'preact/hooks';
import { HIGHLIGHTS_CHANGED_CHANNEL, type HighlightColor, type HighlightView } from '../../src/schema/highlight';
import { newHighlightId } from '../../src/schema/ids';
import type { HighlightTarget } from '../../src/schema/selectors';
import { background } from '../messaging';

/** A change to one highlight, as `changeHighlight` takes it. */
export interface HighlightEdit {
  readonly color?: HighlightColor;
  readonly note?: string;
  /** The note as the editor loaded it, so words written elsewhere meanwhile are kept (`changeHighlight`). */
  readonly noteBase?: string;
  readonly deleted?: boolean;
}

/** What `useClipHighlights` gives the reader. Every action answers null, or the error message to show. */
export interface ClipHighlights {
  /** The clip's highlights (deleted ones left out), or null until first read. */
  readonly highlights: HighlightView[] | null;
  /** Why they could not be read, if so. */
  readonly error: string | null;
  add(target: HighlightTarget, color: HighlightColor, note: string): Promise<{ highlight: HighlightView } | { error: string }>;
  change(highlightId: string, edit: HighlightEdit): Promise<string | null>;
}

/** `list` with `h` in place of the highlight with its id (added at the end when new). */
function upsert(list: HighlightView[] | null, h: HighlightView): HighlightView[] {
  const rest = (list ?? []).filter((x) => x.id !== h.id);
  return [...rest, h];
}

/**
 * One clip's highlights, live: read with `clipHighlights`, read again whenever the
 * background announces a change to this clip on `HIGHLIGHTS_CHANGED_CHANNEL` (a highlight
 * made on the live page, another browser's edit), and updated at once from the answer of
 * each change made here.
 */
export function useClipHighlights(clipId: string): ClipHighlights {
  const [highlights, setHighlights] = useState<HighlightView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef(clipId);
  current.current = clipId;

  useEffect(() => {
    let alive = true;
    let running = false;
    let again = false;
    setHighlights(null);
    setError(null);
    const load = async () => {
      if (running) return void (again = true);
      running = true;
      try {
        do {
          again = false;
          const res = await background('clipHighlights', { clipId });
          if (!alive) return;
          if (res.ok) (setHighlights(res.value.highlights), setError(null));
          else setError(res.error.message);
        } while (again && alive);
      } finally {
        running = false;
      }
    };
    const channel = new BroadcastChannel(HIGHLIGHTS_CHANGED_CHANNEL);
    channel.onmessage = (e: MessageEvent<{ clipId?: unknown } | null>) => {
      // `null`: any clip may have changed (a catalog reconciled whole after a sync).
      if (e.data?.clipId === clipId || e.data?.clipId === null) void load();
    };
    void load();
    return () => {
      alive = false;
      channel.close();
    };
  }, [clipId]);

  const add: ClipHighlights['add'] = async (target, color, note) => {
    // The id is made here, so the transport's re-send of this call adds the highlight once.
    const res = await background('addHighlight', { clipId, highlightId: newHighlightId(), target, color, note });
    if (!res.ok) return { error: res.error.message };
    if (current.current === clipId) setHighlights((list) => upsert(list, res.value.highlight));
    return res.value;
  };

  const change: ClipHighlights['change'] = async (highlightId, edit) => {
    const res = await background('changeHighlight', { clipId, highlightId, ...edit });
    if (!res.ok) return res.error.message;
    if (current.current !== clipId) return null;
    if (edit.deleted) setHighlights((list) => (list ?? []).filter((x) => x.id !== highlightId));
    else setHighlights((list) => upsert(list, res.value.highlight));
    return null;
  };

  return { highlights, error, add, change };
}
