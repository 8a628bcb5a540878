import type { ClipIndex } from '../index-db/clip-index';
import { CATALOG_SLOTS, catalogSlot, type CatalogEntryV1 } from '../schema/catalog-doc';
import type { ClipSummary } from '../schema/clip-summary';
import type { ClipId } from '../schema/ids';
import { normalizeUrl } from '../url/normalize';
import { str, strOrNull, type Catalogs } from './catalogs';

const slotMarker = (slot: number) => `catalog:${slot}`;

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
  };
}

function safeNormalize(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    return url;
  }
}

/**
 * The only writer of the derived index. Beside the rows it records, per catalog, the heads
 * the index was last reconciled with: a write that follows a catalog change advances that
 * marker in the same transaction when the index was current, so a crash in between leaves
 * a stale marker and the next start reconciles that catalog. Callers hold the write lock.
 */
export class IndexRows {
  private readonly markers = new Map<number, string>();

  constructor(
    readonly index: ClipIndex,
    private readonly catalogs: Catalogs,
  ) {}

  /** Writes a row. `before`: the heads of its catalog before the change this row follows, if it changed the catalog. */
  async write(row: ClipSummary, before: string | null = null): Promise<void> {
    if (before === null) return this.index.put(row);
    const slot = catalogSlot(row.id);
    const now = this.catalogs.heads(slot);
    const advance = (await this.marker(slot)) === before;
    await this.index.put(row, advance ? { [slotMarker(slot)]: now } : undefined);
    if (advance) this.markers.set(slot, now);
  }

  /** Takes a row back after its save failed: puts `previous` back, or removes the row; else marks the index stale. */
  async takeBack(id: ClipId, previous: ClipSummary | null): Promise<void> {
    const slot = catalogSlot(id);
    await (previous ? this.index.put(previous) : this.index.remove([id])).catch(() => this.index.setMeta(slotMarker(slot), undefined).catch(() => undefined));
    this.markers.delete(slot);
  }

  /**
   * Brings the index in line with the catalogs: a catalog whose heads match its marker is
   * skipped; the rows of any other are rewritten from its entries (all in memory: no
   * article is loaded), and rows no catalog lists are removed — except those `keep` names
   * (new clips still journaled, which have no entry yet).
   */
  async reconcile(force: boolean, keep: (id: ClipId) => boolean): Promise<{ updated: number; removed: number }> {
    const stale: number[] = [];
    for (let slot = 0; slot < CATALOG_SLOTS; slot++) if (force || (await this.marker(slot)) !== this.catalogs.heads(slot)) stale.push(slot);
    if (stale.length === 0) return { updated: 0, removed: 0 };
    const staleSet = new Set(stale);
    const listed = new Set<string>();
    this.catalogs.ensureKeyMap();
    let updated = 0;
    for (const slot of stale) {
      const heads = this.catalogs.heads(slot);
      // A second entry for a key another entry already holds (the same page saved offline on two devices) is not listed.
      const rows = this.catalogs.slotEntries(slot).filter((e) => this.catalogs.isListed(e)).map(rowOf);
      for (const r of rows) listed.add(r.id);
      await this.index.putMany(rows);
      updated += rows.length;
      await this.index.setMeta(slotMarker(slot), heads);
      this.markers.set(slot, heads);
    }
    const ids = await this.index.ids();
    const removed = [...ids].filter((id) => staleSet.has(catalogSlot(id as ClipId)) && !listed.has(id) && !keep(id as ClipId));
    // The winner of a key may have arrived in another catalog: its rivals leave the list wherever they are.
    for (const e of this.catalogs.entries()) if (ids.has(e.id) && !staleSet.has(catalogSlot(e.id)) && !this.catalogs.isListed(e)) removed.push(e.id);
    await this.index.remove(removed);
    return { updated, removed: removed.length };
  }

  /** Drops every row and marker, then rebuilds from the catalogs (`extra`: rows of clips still journaled). */
  async rebuild(extra: readonly ClipSummary[]): Promise<number> {
    await this.index.clear();
    this.markers.clear();
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
