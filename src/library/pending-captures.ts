import type { DocHandle } from '@automerge/automerge-repo/slim';
import type { ClipRow } from '../index-db/clip-index';
import type { ClipDocV1 } from '../schema/clip-doc';
import type { ClipId } from '../schema/ids';
import { parseRecord, rowOfRecord, type CaptureRecord } from './capture-journal';

/**
 * What the library knows of captures that are durable in the journal but not yet
 * written into the documents (see `Library.save`): the records, oldest first; the index
 * rows of new clips that have no root entry yet; and the documents this process made
 * for them. Empty except for the moment between a save's answer and its documents'
 * write, or while storage refuses writes.
 */
export class PendingCaptures {
  private readonly records = new Map<string, CaptureRecord>();
  private readonly newRows = new Map<ClipId, ClipRow>();
  private readonly handles = new Map<ClipId, DocHandle<ClipDocV1>>();
  /** Records this version cannot read: left in storage untouched. */
  unreadable = 0;

  get size(): number {
    return this.records.size;
  }

  /** Takes in the journal left by an earlier process; `inRoot` tells which clips the root already lists. */
  load(entries: ReadonlyArray<{ key: string; record: unknown }>, inRoot: (id: ClipId) => boolean): void {
    for (const { key, record } of entries) {
      const r = parseRecord(record);
      if (!r || r.key !== key) {
        this.unreadable++;
        continue;
      }
      this.records.set(key, r);
      if (!inRoot(r.clipId)) this.newRows.set(r.clipId, rowOfRecord(r, this.newRows.get(r.clipId) ?? null));
    }
  }

  /** A journaled capture: its row is kept while its clip is not in the root (`isNew`), with the document made for it. */
  add(record: CaptureRecord, row: ClipRow, isNew: boolean, handle: DocHandle<ClipDocV1> | null): void {
    this.records.set(record.key, record);
    if (isNew) this.newRows.set(record.clipId, row);
    if (handle) this.handles.set(record.clipId, handle);
  }

  /** The records, oldest first (a copy: writing them removes them). */
  list(): CaptureRecord[] {
    return [...this.records.values()];
  }

  /** A record is in the documents now; its clip is in the root. */
  written(record: CaptureRecord): void {
    this.records.delete(record.key);
    this.newRows.delete(record.clipId);
    this.handles.delete(record.clipId);
  }

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

  /** The row of a new clip not yet in the root. */
  newRow(id: ClipId): ClipRow | undefined {
    return this.newRows.get(id);
  }

  /** Rows of new clips not yet in the root: kept through reconciliation, put back by a rebuild. */
  newClipRows(): ReadonlyMap<ClipId, ClipRow> {
    return this.newRows;
  }

  /** The document this process made for a new clip, if it did. */
  handle(id: ClipId): DocHandle<ClipDocV1> | undefined {
    return this.handles.get(id);
  }
}
