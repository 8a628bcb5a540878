import type { ClipIndex } from '../index-db/clip-index';
import { CATALOG_SLOTS, catalogSlot, type CatalogDocV1, type CatalogEntryV1 } from '../schema/catalog-doc';
import type { ClipSummary } from '../schema/clip-summary';
import type { ClipId } from '../schema/ids';
import { readingProgressOf } from '../schema/reading-progress';
import { normalizeUrl } from '../url/normalize';
import { str, strOrNull, type Catalogs } from './catalogs';
import { shownTags } from './tags';

const slotMarker = (slot: number) => `catalog:${slot}`;
/** A marker no catalog's heads equal: the index holds rows not made from this catalog. */
const PREVIEW_MARKER = 'preview';

/**
 * The one function that turns documents into an index row: a clip's catalog entry. Every
 * row the index holds comes from here (or, for a capture still journaled, from the entry
 * the journal record describes).
 */
export function rowOf(e: CatalogEntryV1): ClipSummary {
  const url = str(e.url);
  return {
    id: e.id,
    key: str(e.key),
    kind: e.kind,
    url,
    pageUrl: safeNormalize(str(e.pageUrl)),
    title: str(e.title) || url,
    siteName: strOrNull(e.siteName),
    byline: strOrNull(e.byline),
    excerpt: strOrNull(e.excerpt),
    publishedTime: strOrNull(e.publishedTime),
    savedAt: e.savedAt,
    capturedAt: e.capturedAt,
    wordCount: e.content?.wordCount ?? 0,
    readAt: e.readAt ?? null,
    archivedAt: e.archivedAt ?? null,
    deletedAt: e.deletedAt ?? null,
    favoriteAt: typeof e.favoriteAt === 'number' ? e.favoriteAt : null,
    // One spelling per tag (two devices' "Work" and "work" are one chip, removed at once).
    tags: shownTags(e.tags),
    // The visible note (a row is made for every search hit and list write: Automerge's getConflicts per row cost ~25 µs).
    hasNote: typeof e.note === 'string' && e.note.trim() !== '',
    ...progressOf(e),
  };
}

/** The row's `progress` (absent when never read, or when what a device wrote is not a progress). */
function progressOf(e: CatalogEntryV1): { progress?: number } {
  const p = readingProgressOf(e.progress);
  return p ? { progress: p.percent } : {};
}

/**
 * The live row of the clip saved for a page URL, if any: the clip filed under the URL's key
 * (`keyOwner`: the catalogs' key map; without it, the index's row for the key, which is the same
 * clip when the index is current), else a row captured from that URL. Null for a URL that does
 * not parse, or a deleted clip.
 */
export async function liveRowForUrl(index: Pick<ClipIndex, 'get' | 'findByKey' | 'findByUrl'>, rawUrl: string, keyOwner?: (key: string) => ClipId | undefined): Promise<ClipSummary | null> {
  let url: string;
  try {
    url = normalizeUrl(rawUrl);
  } catch {
    return null;
  }
  const id = keyOwner ? keyOwner(url) : undefined;
  const row = id ? await index.get(id) : ((keyOwner ? undefined : await index.findByKey(url)) ?? (await index.findByUrl(url)));
  return row && row.deletedAt === null ? row : null;
}

/**
 * The library's clip of the page at `pageUrl` (normalised) filed under another key: a page saved
 * from the browser under its same-site canonical link, found by an import of its own address.
 * Read from the index (its rows keep each clip's page address), then checked against the
 * catalogs: a clip listed for its page, not a saved selection of it. Undefined when none.
 */
export async function clipAtPageUrl(index: Pick<ClipIndex, 'findByUrl'>, catalogs: Catalogs, pageUrl: string): Promise<ClipId | undefined> {
  const row = await index.findByUrl(pageUrl).catch(() => undefined);
  const e = row ? catalogs.entry(row.id) : undefined;
  if (!e || e.kind === 'selection' || safeNormalize(str(e.pageUrl)) !== pageUrl) return undefined;
  catalogs.ensureKeyMap();
  return catalogs.isListed(e) ? e.id : undefined;
}

function safeNormalize(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    return url;
  }
}

/**
 * Awaits an index write that follows a durable batch (the documents hold the change): a failure
 * (the index's database full) is logged, not thrown, so the change is not reported as failed
 * ("nothing was saved") when it was saved. The catalog's marker was not advanced, so the next
 * reconcile (after the catalog's `heads-changed`, or the next start) writes the row.
 */
export async function afterCommit(write: Promise<void>): Promise<void> {
  await write.catch((e: unknown) => console.warn('Commonplace: a saved change could not be listed yet; the list catches up at its next reconcile.', e));
}

/** What a reconcile did: rows written and removed, and the clips whose entries changed (null: not known, a catalog was read whole). */
export interface Reconciled {
  readonly updated: number;
  readonly removed: number;
  readonly changed: ClipId[] | null;
}

/**
 * The only writer of the derived index. Beside the rows it records, per catalog, the heads
 * the index was last reconciled with: a write that follows a catalog change advances that
 * marker in the same transaction when the index was current, so a crash in between leaves
 * a stale marker and the next start reconciles that catalog. Callers hold the write lock.
 */
export class IndexRows {
  private readonly markers = new Map<number, string>();
  /**
   * Per slot, the entries (Automerge's objects) whose rows the index holds, valid while the
   * slot's marker is `heads`: a later reconcile compares objects and rewrites only the rows
   * of entries a change touched (a synced edit costs one row, not the slot's ~600).
   */
  private readonly seen = new Map<number, { heads: string; clips: CatalogDocV1['clips'] }>();
  /** Whether the index holds a preview (read once, then kept in step with our own writes). */
  private previewHeld: boolean | undefined;
  /** Hears the clips whose rows were written or removed (null: not known which, maybe all), after each write. */
  onWritten: ((ids: ClipId[] | null) => void) | null = null;

  constructor(
    readonly index: ClipIndex,
    private readonly catalogs: Catalogs,
  ) {}

  /** Writes a row. `before`: the heads of its catalog before the change this row follows, if it changed the catalog. */
  async write(row: ClipSummary, before: string | null = null): Promise<void> {
    try {
      await this.writeRow(row, before);
    } finally {
      this.onWritten?.([row.id]);
    }
  }

  private async writeRow(row: ClipSummary, before: string | null): Promise<void> {
    if (before === null) return this.index.put(row);
    const slot = catalogSlot(row.id);
    const now = this.catalogs.heads(slot);
    const advance = (await this.marker(slot)) === before;
    await this.index.put(row, advance ? { [slotMarker(slot)]: now } : undefined);
    if (!advance) return;
    this.markers.set(slot, now);
    // The index held the rows of the entries seen at `before`, and this change touched this row's entry only.
    const seen = this.seen.get(slot);
    if (seen?.heads === before) this.seen.set(slot, { heads: now, clips: this.catalogs.clipsOf(slot) });
    else this.seen.delete(slot);
  }

  /**
   * Writes the rows of entries one catalog change added or changed (`before`: that slot's heads
   * before the change), then advances the slot's marker when the index was current. Rows first:
   * a crash in between leaves a stale marker, and the next start reconciles that catalog.
   */
  async writeSlot(slot: number, rows: readonly ClipSummary[], before: string): Promise<void> {
    await this.index.putMany(rows);
    this.onWritten?.(rows.map((r) => r.id));
    const now = this.catalogs.heads(slot);
    if ((await this.marker(slot)) !== before) return;
    await this.index.setMeta(slotMarker(slot), now);
    this.markers.set(slot, now);
    const seen = this.seen.get(slot);
    if (seen?.heads === before) this.seen.set(slot, { heads: now, clips: this.catalogs.clipsOf(slot) });
    else this.seen.delete(slot);
  }

  /**
   * Brings the index in line with the catalogs: a catalog whose heads match its marker is
   * skipped; in any other, the rows of entries that changed since the index last saw them are
   * rewritten (all of the catalog's rows when that is not known), all in memory: no article
   * is loaded. Rows no catalog lists are removed — except those `keep` names (new clips still
   * journaled, which have no entry yet).
   */
  async reconcile(force: boolean, keep: (id: ClipId) => boolean): Promise<Reconciled> {
    const done = await this.reconcileRows(force, keep);
    await this.dropPreview();
    return done;
  }

  private async reconcileRows(force: boolean, keep: (id: ClipId) => boolean): Promise<Reconciled> {
    if (force) this.seen.clear();
    const stale: number[] = [];
    for (let slot = 0; slot < CATALOG_SLOTS; slot++) if (force || (await this.marker(slot)) !== this.catalogs.heads(slot)) stale.push(slot);
    // Which clips lost their key to another since the last reconcile (null: the key map was rebuilt, so check them all).
    const displaced = this.catalogs.takeKeyChanges();
    if (stale.length === 0 && displaced !== null && displaced.size === 0) return { updated: 0, removed: 0, changed: [] };
    let changed: ClipId[] | null = [];
    const whole: number[] = [];
    const removed = new Set<string>();
    let updated = 0;
    for (const slot of stale) {
      const heads = this.catalogs.heads(slot);
      const clips = this.catalogs.clipsOf(slot);
      const seen = this.seen.get(slot);
      const marker = await this.marker(slot);
      let rows: ClipSummary[];
      if (seen && seen.heads === marker && Object.keys(seen.clips).every((id) => clips[id])) {
        rows = [];
        for (const [id, e] of Object.entries(clips)) {
          if (seen.clips[id] === e) continue;
          changed?.push(e.id);
          // A second entry for a key another entry already holds (the same page saved offline on two devices) is not listed.
          if (this.catalogs.isListed(e)) rows.push(rowOf(e));
          else if (!keep(e.id)) removed.add(e.id);
        }
      } else {
        whole.push(slot);
        changed = null;
        rows = Object.values(clips).filter((e) => this.catalogs.isListed(e)).map(rowOf);
      }
      await this.index.putMany(rows);
      updated += rows.length;
      await this.index.setMeta(slotMarker(slot), heads);
      this.markers.set(slot, heads);
      this.seen.set(slot, { heads, clips });
    }
    for (const id of displaced ?? []) if (!keep(id)) removed.add(id);
    if (whole.length > 0 || displaced === null) {
      const ids = await this.index.ids();
      const wholeSet = new Set(whole);
      // A row stays only for a listed entry (or a clip `keep` names). Checked in the catalogs read whole
      // and, once the key map was rebuilt, everywhere: the winner of a key may have arrived in another
      // catalog (its rivals leave the list wherever they are), and a row no catalog holds is a stray
      // (versions before 2026-12-03 could leave one: a save killed between its row and its journal record).
      for (const id of ids as Set<ClipId>) {
        if ((displaced !== null && !wholeSet.has(catalogSlot(id))) || keep(id)) continue;
        const e = this.catalogs.entry(id);
        if (!e || !this.catalogs.isListed(e)) removed.add(id);
      }
    }
    await this.index.remove([...removed]);
    if (updated > 0 || removed.size > 0) this.onWritten?.(changed === null ? null : [...new Set([...changed, ...(removed as Set<ClipId>)])]);
    return { updated, removed: removed.size, changed };
  }

  /**
   * Lists rows that no catalog of this library holds yet (a list document's, while joining
   * another library: `rows` is their JSON text in UTF-8, checked by the list's readers, `parseListRows`),
   * as the index's preview: a few records, not one write per row, and kept
   * apart from the rows. Every marker is cleared in the same transaction, so the next
   * reconcile, of whichever library opens next, reads every catalog whole, and once every
   * catalog's rows are written it drops the preview: a join that fails or a crash leaves
   * nothing behind, and a row the catalogs do not hold (a stale or forged list) goes with it.
   */
  async preview(rows: Uint8Array): Promise<void> {
    const cleared = Object.fromEntries(Array.from({ length: CATALOG_SLOTS }, (_, slot) => [slotMarker(slot), PREVIEW_MARKER]));
    for (let slot = 0; slot < CATALOG_SLOTS; slot++) this.markers.set(slot, PREVIEW_MARKER);
    this.seen.clear();
    this.previewHeld = true;
    await this.index.putPreview(rows, cleared);
  }

  /** Drops the preview once no catalog's marker is the preview's (every catalog's rows are written). */
  private async dropPreview(): Promise<void> {
    this.previewHeld ??= await this.index.hasPreview();
    if (!this.previewHeld) return;
    for (let slot = 0; slot < CATALOG_SLOTS; slot++) if ((await this.marker(slot)) === PREVIEW_MARKER) return;
    await this.index.clearPreview();
    this.previewHeld = false;
  }

  /** Drops every row and marker, then rebuilds from the catalogs (`extra`: rows of clips still journaled). */
  async rebuild(extra: readonly ClipSummary[]): Promise<number> {
    await this.index.clear();
    this.markers.clear();
    this.seen.clear();
    this.previewHeld = false;
    const keep = new Set(extra.map((r) => r.id));
    await this.reconcile(true, (id) => keep.has(id));
    await this.index.putMany(extra);
    return this.index.count();
  }

  /** The heads a catalog's rows were last reconciled with (read once, then kept in step with our own writes). */
  private async marker(slot: number): Promise<string> {
    let m = this.markers.get(slot);
    if (m === undefined) {
      m = (await this.index.getMeta(slotMarker(slot))) ?? '';
      this.markers.set(slot, m);
    }
    return m;
  }
}
