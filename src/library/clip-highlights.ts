import { textOfHtml } from '../capture/text';
import type { CatalogEntryV1 } from '../schema/catalog-doc';
import type { HighlightView, LibraryHighlight } from '../schema/highlight';
import type { ClipId, HighlightId } from '../schema/ids';
import { AppFailure } from '../util/result';
import type { Catalogs } from './catalogs';
import type { ClipWriter } from './clip-writer';
import type { ContentStore } from './content-store';
import { applyChange, libraryHighlightsOf, libraryViewOf, liveHighlights, newStored, viewOf, type HighlightChange, type NewHighlight } from './highlights';

/**
 * A library's highlights: listed per clip and library-wide, added and changed through the one
 * write path (`ClipWriter`), so every change is durable when it resolves. Each view says
 * whether its passage is found in the clip's saved text as it is now (`found`), so orphans are
 * listed, never hidden. `library.highlights` is the instance.
 */
export class ClipHighlights {
  constructor(
    private readonly catalogs: Catalogs,
    private readonly content: ContentStore,
    private readonly writer: ClipWriter,
    private readonly now: () => number,
    /** Waits until a capture of this clip still journaled is written into its documents. */
    private readonly settle: (id: ClipId) => Promise<void>,
  ) {}

  /** A clip's highlights (deleted ones left out), oldest first, each checked against the saved text. */
  async list(id: ClipId): Promise<HighlightView[]> {
    const entry = await this.entryFor(id);
    const text = await this.textOf(entry);
    const readOnly = this.catalogs.readOnly(id);
    return liveHighlights(entry).flatMap((h) => viewOf(id, h, text, readOnly) ?? []);
  }

  /**
   * Adds a highlight (made in the reader, `target`, or on the live page, `page`). Idempotent
   * by id: a highlight already there is answered as it is. Durable when this resolves.
   */
  async add(id: ClipId, h: NewHighlight): Promise<HighlightView> {
    if (!h.target && !h.page) throw new AppFailure('bad-request', 'A highlight needs the passage it marks.');
    const entry = await this.entryFor(id);
    const text = await this.textOf(entry);
    if (!entry.highlights?.[h.id]) {
      const at = this.now();
      await this.writer.change(id, (e) => {
        e.highlights ??= {};
        if (!e.highlights[h.id]) e.highlights[h.id] = newStored(h, text ?? '', at);
      });
    }
    return this.view(id, h.id, text);
  }

  /** Changes a highlight's colour or note, deletes it, or undoes its delete. Durable when this resolves. */
  async change(id: ClipId, highlightId: HighlightId, change: HighlightChange): Promise<HighlightView> {
    await this.entryFor(id);
    const at = this.now();
    await this.writer.change(id, (e) => applyChange(e, highlightId, change, at));
    return this.view(id, highlightId, await this.textOf(this.catalogs.entry(id)!));
  }

  /** Every live highlight in the library, newest first, `limit` at a time (`before`, `beforeId`: the last one seen, `nextPage`). */
  async inLibrary(limit: number, before?: number, beforeId?: string): Promise<{ highlights: LibraryHighlight[]; more: boolean }> {
    const all = libraryHighlightsOf(this.catalogs.entries(), before, beforeId);
    const texts = new Map<ClipId, string | null>();
    const out: LibraryHighlight[] = [];
    for (const { entry, h } of all.slice(0, limit)) {
      if (!texts.has(entry.id)) texts.set(entry.id, await this.textOf(entry));
      const view = viewOf(entry.id, h, texts.get(entry.id)!, this.catalogs.readOnly(entry.id));
      if (view) out.push(libraryViewOf(entry, view));
    }
    return { highlights: out, more: all.length > limit };
  }

  private async view(id: ClipId, highlightId: HighlightId, text: string | null): Promise<HighlightView> {
    const stored = this.catalogs.entry(id)?.highlights?.[highlightId];
    const view = stored ? viewOf(id, stored, text, this.catalogs.readOnly(id)) : null;
    if (!view) throw new AppFailure('not-found', 'That highlight is not in this clip.');
    return view;
  }

  /** A clip's entry (a capture still journaled is written first). */
  private async entryFor(id: ClipId): Promise<CatalogEntryV1> {
    await this.settle(id);
    const entry = this.catalogs.entry(id);
    if (!entry) throw new AppFailure('not-found', 'That clip is not in this library (it may have been deleted on another device).');
    return entry;
  }

  /** The saved text of a clip, or null when its article is not on this device yet (or cannot be read). */
  private async textOf(entry: CatalogEntryV1): Promise<string | null> {
    try {
      return textOfHtml(await this.content.read(entry.content.shard, entry.content.rev));
    } catch {
      return null;
    }
  }
}
