import type { CatalogEntryV1 } from '../schema/catalog-doc';
import { CaptureRecordSchema, type CaptureRecord } from '../schema/capture-record';
import type { ClipSummary, ClipView } from '../schema/clip-summary';
import type { ClipId, ContentShardId } from '../schema/ids';
import type { JournalStorage } from '../storage/journal';
import { newEntry, toView } from './clip-record';
import type { WriteWatcher } from './index-coverage';
import { rowOf } from './index-rows';

/**
 * The capture journal: a save is durable once its record is (one strict write of the
 * capture, `append`), and the documents are written after (`drain`, phase two). A process
 * killed in between leaves the record, which the next start loads (`load`) and writes.
 * This module holds the whole lifecycle — append, drain, replay — and what the library
 * knows of records not yet written: the records, oldest first; the index rows of new
 * clips with no root entry yet; and the documents this process made for them.
 */
export class CaptureJournal {
  private readonly records = new Map<string, CaptureRecord>();
  private readonly newRows = new Map<ClipId, ClipSummary>();
  private held = false;
  /** Records this version cannot read (another version's, or damaged): left in storage untouched. */
  unreadable = 0;

  constructor(
    private readonly storage: JournalStorage,
    /** Told before a record is written (the index's coverage record goes first: index-coverage.ts). */
    private readonly watcher: WriteWatcher | null = null,
  ) {}

  get size(): number {
    return this.records.size;
  }

  /** Replay: takes in the journal an earlier process left; `inRoot` tells which clips the root already lists. */
  async load(inRoot: (id: ClipId) => boolean): Promise<void> {
    for (const { key, record } of await this.storage.journalEntries()) {
      const r = parseRecord(record);
      if (!r || r.key !== key) {
        this.unreadable++;
        continue;
      }
      this.records.set(key, r);
      if (!inRoot(r.clipId)) this.newRows.set(r.clipId, rowOfRecord(r, this.newRows.get(r.clipId) ?? null));
    }
  }

  /**
   * Appends a record, then lists it: `index` (the row's index write) runs once the record is
   * durable, never before, so a process killed before the record lands leaves nothing (no row
   * for a clip that is nowhere else, no row saying what the documents do not hold). Resolves
   * once both are done; a failed record write is thrown (nothing was saved, nothing listed).
   * A failed row write is not: the capture is durable, and its documents' write lists it again.
   */
  async append(record: CaptureRecord, row: ClipSummary, isNew: boolean, index: () => Promise<void>): Promise<void> {
    const done = this.watcher ? await this.watcher.beginWrite() : null;
    try {
      await this.storage.appendJournal(record.key, storedRecord(record));
    } finally {
      done?.();
    }
    this.records.set(record.key, record);
    if (isNew) this.newRows.set(record.clipId, row);
    await index().catch((e: unknown) => console.warn('Commonplace: a saved capture could not be listed yet; it is listed once its documents are written.', e));
  }

  /**
   * Phase two: writes journaled captures into the documents with `write` (which discards
   * each record in the same batch), oldest first. A capture that fails stays journaled, and
   * so do later ones for the same clip (their order matters); others go on. Throws the
   * first failure once it is done. Callers hold the library's write lock.
   */
  async drain(write: (record: CaptureRecord) => Promise<void>): Promise<void> {
    if (this.records.size === 0 || this.held) return;
    const blocked = new Set<ClipId>();
    let failure: { error: unknown } | null = null;
    for (const record of [...this.records.values()]) {
      if (blocked.has(record.clipId)) continue;
      try {
        await write(record);
        this.records.delete(record.key);
        this.newRows.delete(record.clipId);
      } catch (error) {
        blocked.add(record.clipId);
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  /**
   * Tests only (reached through the test build's `debugHoldDocumentWrites`): while held,
   * records are not written into the documents, so a test can stop the background between
   * a save's answer and its documents. Not stored: a restarted background writes them.
   */
  hold(held: boolean): void {
    this.held = held;
  }

  /** Whether a capture of this clip is journaled and not yet written. */
  has(id: ClipId): boolean {
    for (const r of this.records.values()) if (r.clipId === id) return true;
    return false;
  }

  /** The newest record for a clip. */
  latest(id: ClipId): CaptureRecord | undefined {
    let found: CaptureRecord | undefined;
    for (const r of this.records.values()) if (r.clipId === id) found = r;
    return found;
  }

  /** Rows of new clips not yet in the root: kept through reconciliation, put back by a rebuild. */
  newClipRows(): ReadonlyMap<ClipId, ClipSummary> {
    return this.newRows;
  }
}

/**
 * The record as stored: the article's HTML and text as UTF-8 bytes. Why: a page with one
 * character outside Latin-1 makes the browser store its whole string at two bytes per
 * character, and the journal write is on the path the user waits for (a 114 KB article:
 * ~3.5 ms strict instead of ~6 ms).
 */
export function storedRecord(r: CaptureRecord): unknown {
  const utf8 = new TextEncoder();
  return { ...r, page: { ...r.page, html: utf8.encode(r.page.html), text: utf8.encode(r.page.text) } };
}

/** A stored record, checked: null when it is not one this version can replay (the caller leaves it in storage). */
export function parseRecord(value: unknown): CaptureRecord | null {
  const v = value as { page?: { html?: unknown; text?: unknown } } | null;
  let candidate = value;
  if (v && typeof v === 'object' && v.page && typeof v.page === 'object') {
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    const decode = (x: unknown) => (x instanceof Uint8Array ? utf8.decode(x) : x);
    try {
      candidate = { ...v, page: { ...v.page, html: decode(v.page.html), text: decode(v.page.text) } };
    } catch {
      return null;
    }
  }
  const parsed = CaptureRecordSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

let sequence = 0;
/** Journal keys sort in the order captures were made: time, then a per-process sequence. */
export function journalKey(at: number): string {
  sequence = (sequence + 1) % 1e9;
  return `${Math.max(0, Math.floor(at)).toString(36).padStart(10, '0')}-${sequence.toString(36).padStart(6, '0')}`;
}

/** The catalog entry the record describes (what writing it would make), its article not yet stored. */
function draftOf(r: CaptureRecord, base: ClipSummary | null): CatalogEntryV1 {
  const e = newEntry(r.clipId, r.page, r.filing, r.at, { shard: '' as ContentShardId, rev: r.key, bytes: 0 });
  if (base) {
    e.savedAt = base.savedAt;
    e.readAt = base.readAt;
    e.archivedAt = base.archivedAt;
    e.favoriteAt = base.favoriteAt;
    if (base.progress !== undefined) e.progress = { offset: 0, percent: base.progress, at: 0 };
    e.tags = Object.fromEntries(base.tags.map((t) => [t, true as const]));
  }
  return e;
}

/**
 * The index row the clip will have once the record is written: for a new clip, its new
 * entry's; for a re-capture, `base` (the row before) with the capture applied and the clip
 * restored if it was deleted (as a save does).
 */
export function rowOfRecord(r: CaptureRecord, base: ClipSummary | null): ClipSummary {
  return rowOf(draftOf(r, base));
}

/** The reader's view of a clip whose capture is durable in the journal but not yet in the documents. */
export function viewOfRecord(r: CaptureRecord, base: ClipSummary | null): ClipView {
  return toView(draftOf(r, base), r.page.html, r.page.text, false);
}
