import { useEffect, useRef } from 'preact/hooks';
import { INDEX_CHANGED_CHANNEL } from '../../src/index-db/list-query';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { background } from '../messaging';

/** A clip as the background has it now: its row (tags, states) and its note. */
export interface ClipNow {
  readonly clip: ClipSummary;
  readonly note: string;
}

/** `now`: the clip; `askedAt`: when it was asked for (`performance.now()`), to tell an answer older than a save. */
export type ClipFollower = (now: ClipNow, askedAt: number) => void;

/** Quiet time after an index broadcast before the followed clips are asked for (a burst is one ask). */
const FOLLOW_MS = 250;

const followers = new Map<string, Set<ClipFollower>>();
let channel: BroadcastChannel | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let running = false;
let again = false;

async function refresh(): Promise<void> {
  if (running) return void (again = true);
  running = true;
  try {
    do {
      again = false;
      for (const clipId of [...followers.keys()]) {
        const askedAt = performance.now();
        const res = await background('getClipNote', { clipId: clipId as never });
        if (!res.ok) continue;
        for (const fn of followers.get(clipId) ?? []) fn({ clip: res.value.clip, note: res.value.note }, askedAt);
      }
    } while (again && followers.size > 0);
  } finally {
    running = false;
  }
}

function changed(): void {
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    void refresh();
  }, FOLLOW_MS);
}

/**
 * Follows one clip as the background changes it, by sync or from another page (the popup and
 * the side panel): on every index write announced on `INDEX_CHANGED_CHANNEL` (a synced change
 * is reconciled into the index, a local one written there), once a burst is over, each followed
 * clip is asked for (`getClipNote`: its row and note, no article), one call per clip however
 * many followers. Returns the function that stops following.
 */
export function followClip(clipId: string, fn: ClipFollower): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const set = followers.get(clipId) ?? new Set<ClipFollower>();
  set.add(fn);
  followers.set(clipId, set);
  if (!channel) {
    channel = new BroadcastChannel(INDEX_CHANGED_CHANNEL);
    channel.onmessage = changed;
  }
  return () => {
    set.delete(fn);
    if (set.size === 0) followers.delete(clipId);
    if (followers.size === 0 && channel) {
      channel.close();
      channel = null;
      if (timer) clearTimeout(timer);
      timer = null;
    }
  };
}

/** `followClip` for a component: follows `clipId` while mounted, calling the latest `fn`. */
export function useFollowClip(clipId: string, fn: ClipFollower): void {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => (clipId ? followClip(clipId, (now, askedAt) => latest.current(now, askedAt)) : undefined), [clipId]);
}

/**
 * A clip's row (tags, read, archived, favourite) kept as the background has it: `local` is what
 * a local edit answered (the tag editor, the state buttons), and a follow answer asked before the
 * last local answer is dropped, so an older read never undoes a newer edit; a newer one replaces
 * the row when it differs (a change by sync, or from the popup or the side panel). The row's
 * owner (the reader, the popup) follows it once for every control showing it.
 */
export function useFollowedRow(clipId: string | null, set: (row: ClipSummary) => void): (row: ClipSummary) => void {
  const answeredAt = useRef(0);
  const shown = useRef<string | null>(null);
  const local = (row: ClipSummary) => {
    answeredAt.current = performance.now();
    shown.current = JSON.stringify(row);
    set(row);
  };
  useFollowClip(clipId ?? '', (now, askedAt) => {
    if (!clipId || askedAt < answeredAt.current) return;
    const json = JSON.stringify(now.clip);
    if (json === shown.current) return;
    shown.current = json;
    set(now.clip);
  });
  return local;
}
