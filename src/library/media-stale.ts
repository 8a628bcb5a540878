/**
 * Leftover media parts: a clip's images or snapshot replaced by a device that did not hold the
 * media documents the old parts are in ("text only on this device", or a document that had not
 * arrived) could not delete them there. The replacement records them in the catalog entry
 * (`media.stale`, docs/schema.md); the device that made each of those documents deletes the
 * parts there and takes its shard off the record (`ClipMedia.sweepStale`), and sync carries the
 * deletion to every device holding the document. Only the maker clears its shard, so a device
 * that holds a copy still missing the old parts never marks them gone too early.
 */
import { ImmutableString } from '@automerge/automerge/slim';
import type { CatalogEntryV1 } from '../schema/catalog-doc';
import { str } from './catalogs';
import { mediaRefsOf } from './media-refs';
import { MAX_STALE, type ClipMediaRefs, type MediaItemV1, type MediaKind, type StaleMedia } from '../schema/media-doc';

/** What was replaced: its kind, version and time (the old reference's), and the shards it may still be in. */
export interface Leftover {
  readonly kind: MediaKind;
  readonly rev: string;
  readonly at: number;
  readonly shards: readonly string[];
}

/** The entry's leftover records, read as plain values (strings from `ImmutableString`s). */
export function staleOf(media: ClipMediaRefs | null | undefined): Leftover[] {
  const list = media?.stale;
  if (!Array.isArray(list)) return [];
  return list.flatMap((r) => {
    const kind = str(r?.kind);
    if ((kind !== 'image' && kind !== 'snapshot') || typeof r.at !== 'number' || !Array.isArray(r.shards)) return [];
    return [{ kind, rev: str(r.rev), at: r.at, shards: r.shards.map(str) }];
  });
}

/**
 * Adds a record of `left` to the entry's `media` (inside an Automerge change), appended to the
 * list so concurrent records from other devices merge; the oldest beyond `MAX_STALE` go.
 */
export function recordStale(media: ClipMediaRefs, left: Leftover): void {
  if (left.shards.length === 0) return;
  media.stale ??= [];
  media.stale.push({ kind: new ImmutableString(left.kind), rev: new ImmutableString(left.rev), at: left.at, shards: left.shards.map((s) => new ImmutableString(s)) } as unknown as StaleMedia);
  if (media.stale.length > MAX_STALE) media.stale.splice(0, media.stale.length - MAX_STALE);
}

/** Takes the shards in `done` off every record (inside an Automerge change); a record left with none goes, and the list when empty. */
export function clearStale(media: ClipMediaRefs, done: ReadonlySet<string>): void {
  const list = media.stale;
  if (!list) return;
  for (let j = list.length - 1; j >= 0; j--) {
    const shards = list[j]!.shards;
    for (let k = shards.length - 1; k >= 0; k--) if (done.has(str(shards[k]))) shards.splice(k, 1);
    if (shards.length === 0) list.splice(j, 1);
  }
  if (list.length === 0) delete media.stale;
}

/** Whether a stored part is one that a record of `left` names (images by version and time, a snapshot by its id). */
export function isLeftover(item: MediaItemV1, left: readonly Leftover[]): boolean {
  return left.some((r) => item.kind === r.kind && str(item.rev) === r.rev && (r.kind === 'snapshot' || item.at === r.at));
}

/** Whether a stored part is the clip's current images or snapshot (never deleted as a leftover, whatever a record says). */
export function isCurrent(item: MediaItemV1, entry: CatalogEntryV1): boolean {
  const media = mediaRefsOf(entry);
  const images = media?.images;
  const snapshot = media?.snapshot;
  if (item.kind === 'image') return !!images && str(item.rev) === str(images.rev) && item.at === images.at;
  return !!snapshot && str(item.rev) === str(snapshot.id);
}

/** The clips with leftovers in shards `mine` selects (this device's own media documents), at most `max`. */
export function clipsToSweep(entries: Iterable<CatalogEntryV1>, mine: (shard: string) => boolean, max: number): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (out.length >= max) break;
    if (e.media?.stale?.length && staleOf(e.media).some((r) => r.shards.some(mine))) out.push(e.id);
  }
  return out;
}
