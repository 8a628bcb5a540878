import type { ClipIndex } from '../index-db/clip-index';
import type { ClipSummary } from '../schema/clip-summary';
import type { ClipDocV1 } from '../schema/clip-doc';
import type { ClipId } from '../schema/ids';
import type { LibraryEntryV1 } from '../schema/library-doc';
import { normalizeUrl } from '../url/normalize';
import type { LibraryRoot } from './root';

const ROOT_HEADS = 'rootHeads';
const REINDEX_BATCH = 100;

/**
 * The one function that turns documents into an index row: the clip document's metadata
 * plus the root entry's state. Every row the index holds comes from here (or, for a
 * capture still journaled, from the draft the journal record describes).
 */
export function rowOf(id: ClipId, entry: LibraryEntryV1, doc: ClipDocV1): ClipSummary {
  return {
    id,
    doc: entry.doc,
    key: entry.key,
    kind: doc.kind,
    url: doc.url,
    pageUrl: safeNormalize(doc.pageUrl),
    title: doc.title || doc.url,
    siteName: doc.siteName ?? null,
    byline: doc.byline ?? null,
    excerpt: doc.excerpt ?? null,
    publishedTime: doc.publishedTime ?? null,
    savedAt: doc.savedAt,
    capturedAt: doc.capturedAt,
    wordCount: doc.content?.wordCount ?? 0,
    readAt: doc.readAt ?? null,
    archivedAt: doc.archivedAt ?? null,
    deletedAt: entry.deletedAt ?? null,
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
 * The only writer of the derived index. It records, beside the rows, the root heads the
 * index was last reconciled with: a write that follows a root change advances that marker
 * in the same transaction when the index was current, so a crash in between leaves a
 * stale marker, and the next start reconciles. Callers hold the library's write lock.
 */
export class IndexRows {
  private reconciledHeads: string | null = null;

  constructor(
    readonly index: ClipIndex,
    private readonly root: LibraryRoot,
  ) {}

  /** Writes a row. `rootBefore`: the root's heads before the change this row follows, if it changed the root. */
  async write(row: ClipSummary, rootBefore: string | null = null): Promise<void> {
    if (rootBefore === null) return this.index.put(row);
    const now = this.root.heads();
    const advance = (await this.marker()) === rootBefore;
    await this.index.put(row, advance ? { [ROOT_HEADS]: now } : undefined);
    if (advance) this.reconciledHeads = now;
  }

  /** Takes a row back after its save failed: puts `previous` back, or removes the row; else marks the index stale. */
  async takeBack(id: ClipId, previous: ClipSummary | null): Promise<void> {
    await (previous ? this.index.put(previous) : this.index.remove([id])).catch(() => this.index.setMeta(ROOT_HEADS, undefined).catch(() => undefined));
    this.reconciledHeads = null;
  }

  /**
   * Brings the index in line with the root. Cheap when nothing changed (compares the root's
   * heads with the marker); otherwise loads only the clips whose rows are missing or stale,
   * a batch at a time. Rows of clips for which `keep` is true (new clips still journaled,
   * which have no root entry yet) stay.
   */
  async reconcile(force: boolean, load: (id: ClipId) => Promise<ClipSummary>, keep: (id: ClipId) => boolean): Promise<{ updated: number; removed: number; missing: number }> {
    const heads = this.root.heads();
    if (!force && (await this.marker()) === heads) return { updated: 0, removed: 0, missing: 0 };
    const stamps = await this.index.stamps();
    const stale: ClipId[] = [];
    const patch: ClipSummary[] = [];
    for (const [id, entry] of Object.entries(this.root.entries())) {
      const s = stamps.get(id);
      stamps.delete(id);
      if (!force && s && s.doc === entry.doc && s.deletedAt === entry.deletedAt) continue;
      if (!force && s && s.doc === entry.doc) {
        const row = await this.index.get(id);
        if (row) {
          patch.push({ ...row, deletedAt: entry.deletedAt });
          continue;
        }
      }
      stale.push(id as ClipId);
    }
    const removed = [...stamps.keys()].filter((id) => !keep(id as ClipId));
    await this.index.remove(removed);
    await this.index.putMany(patch);
    let missing = 0;
    for (let i = 0; i < stale.length; i += REINDEX_BATCH) {
      const rows = await Promise.all(stale.slice(i, i + REINDEX_BATCH).map((id) => load(id).catch(() => null)));
      const found = rows.filter((r): r is ClipSummary => r !== null);
      missing += rows.length - found.length;
      await this.index.putMany(found);
    }
    if (missing === 0) {
      await this.index.setMeta(ROOT_HEADS, heads);
      this.reconciledHeads = heads;
    }
    return { updated: stale.length - missing + patch.length, removed: removed.length, missing };
  }

  /** Drops every row and the marker, then rebuilds from the root (`extra`: rows of clips still journaled). */
  async rebuild(load: (id: ClipId) => Promise<ClipSummary>, extra: readonly ClipSummary[]): Promise<number> {
    await this.index.clear();
    this.reconciledHeads = null;
    const keep = new Set(extra.map((r) => r.id));
    await this.reconcile(true, load, (id) => keep.has(id));
    await this.index.putMany(extra);
    return this.index.count();
  }

  /** The root heads the index was last reconciled with (read once, then kept in step with our own writes). */
  private async marker(): Promise<string> {
    if (this.reconciledHeads === null) this.reconciledHeads = (await this.index.getMeta(ROOT_HEADS)) ?? '';
    return this.reconciledHeads;
  }
}
