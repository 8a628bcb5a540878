import type { DocHandle, DocHandleChangePayload } from '@automerge/automerge-repo/slim';
import type { CatalogEntryV1 } from '../schema/catalog-doc';
import type { ClipId } from '../schema/ids';
import type { ClipMediaRefs } from '../schema/media-doc';
import { healMap, hiddenEntries, mergedMap } from './map-conflicts';

const atOf = (ref: unknown): number => (ref && typeof ref === 'object' && typeof (ref as { at?: unknown }).at === 'number' ? (ref as { at: number }).at : -Infinity);
/** Of two versions of one reference (images, snapshot) two devices' concurrent maps hold, the one saved later. */
const later = (theirs: unknown, ours: unknown): boolean => atOf(theirs) > atOf(ours);

/**
 * A catalog entry's `media` (where its images and snapshot are), read through every version two
 * devices made at once: an entry with no `media` yet, given images on one device and a snapshot
 * on another before either saw the other, holds two maps, and Automerge shows only one
 * (map-conflicts.ts). One clip's reads go through this (about 12 µs an entry, measured); loops
 * over the whole library read `e.media` as it is, which `followMediaConflicts` keeps whole (and
 * `scanHiddenMedia`, once, for merges made before it).
 */
export function mediaRefsOf(e: CatalogEntryV1 | null | undefined): ClipMediaRefs | null {
  if (!e) return null;
  const merged = mergedMap<ClipMediaRefs[keyof ClipMediaRefs]>(e, 'media', later) as ClipMediaRefs;
  return e.media || Object.keys(merged).length > 0 ? merged : null;
}

/** How many references of the entry's `media` only a hidden concurrent version holds (or holds a later version of): 0 when none. */
export function hiddenMediaRefs(e: CatalogEntryV1): number {
  return hiddenEntries(e, 'media', later);
}

/**
 * Inside a change to the entry: its `media` map, made when absent, with every reference a hidden
 * concurrent version held copied in first (the later of two wins), so a write never builds on
 * half of what the entry holds.
 */
export function writableMediaRefs(e: CatalogEntryV1): ClipMediaRefs {
  healMap(e, 'media', later);
  e.media ??= {};
  return e.media;
}

/** The clip ids whose `media` map a change made conflicting (Automerge reports it as a `conflict`, or a `put` with `conflict`, at `clips/<id>/media`). */
export function conflictedMedia(patches: ReadonlyArray<{ action: string; path: ReadonlyArray<string | number>; conflict?: boolean }>): string[] {
  const ids = new Set<string>();
  for (const p of patches) {
    if (p.path.length === 3 && p.path[0] === 'clips' && p.path[2] === 'media' && (p.action === 'conflict' || (p.action === 'put' && p.conflict))) ids.add(String(p.path[1]));
  }
  return [...ids];
}

/**
 * Heals, as they arrive, the clips whose `media` a merge made conflicting in the catalogs
 * `handles` (`heal`: one write that runs `writableMediaRefs` on each, through the write path), so
 * the visible map holds every reference again. Returns the function that stops following.
 */
export function followMediaConflicts(handles: ReadonlyArray<DocHandle<unknown>>, heal: (ids: ClipId[]) => Promise<void>): () => void {
  const onChange = ({ patches }: DocHandleChangePayload<unknown>) => {
    const ids = conflictedMedia(patches);
    if (ids.length > 0) void heal(ids as ClipId[]).catch((e) => console.error("Commonplace: a clip's media references from two devices could not be merged; they are read merged meanwhile.", e));
  };
  for (const h of handles) h.on('change', onChange);
  return () => handles.forEach((h) => h.off('change', onChange));
}
