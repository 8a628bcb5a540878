import type { DocHandle, Repo } from '@automerge/automerge-repo/slim';
import type { CaptureRecord } from '../schema/capture-record';
import { CLIP_SCHEMA_VERSION, type ClipDocV1 } from '../schema/clip-doc';
import type { ClipSummary } from '../schema/clip-summary';
import type { ClipId, DocUrl } from '../schema/ids';
import type { LibraryEntryV1 } from '../schema/library-doc';
import { clipMigrations, migrate, migrationState } from '../schema/migrations';
import { AppFailure } from '../util/result';
import { Mutex } from '../util/mutex';
import type { CaptureJournal } from './capture-journal';
import { applyCapture, initClip } from './clip-record';
import type { HandleCache } from './handle-cache';
import { rowOf, type IndexRows } from './index-rows';
import type { BatchExtras, Persister } from './persist';
import type { LibraryRoot } from './root';

/** One change to a clip: to its document, to its root entry, or both (written in one batch). */
export interface ClipChange {
  readonly clip?: (d: ClipDocV1) => void;
  readonly root?: (entry: LibraryEntryV1) => void;
}

/**
 * The one path every change to a clip goes through: the write lock, the journal drained
 * first (so every write sees every save before it), the entry looked up, the document
 * loaded (and migrated, or refused when a newer version wrote it), the change made, the
 * clip document and root entry written in one durable batch, the row derived (`rowOf`) and
 * indexed. Resolves only once the change is durable.
 */
export class ClipWriter {
  private readonly mutex = new Mutex();

  constructor(
    private readonly repo: Repo,
    private readonly root: LibraryRoot,
    private readonly cache: HandleCache,
    private readonly persister: Persister,
    private readonly rows: IndexRows,
    private readonly journal: CaptureJournal,
  ) {}

  /**
   * Runs `task` alone, after every write queued before it. `write`: the task changes the
   * library, so a read-only library refuses it, and the journal is drained before it.
   */
  run<T>(task: () => Promise<T>, write = true): Promise<T> {
    return this.mutex.run(async () => {
      if (write) {
        this.assertWritable();
        await this.drain().catch(() => undefined);
      }
      return task();
    });
  }

  /** Changes one clip through the one path. */
  change(id: ClipId, change: ClipChange): Promise<ClipSummary> {
    return this.run(() => this.apply(id, change));
  }

  /** Writes journaled captures into the documents (the caller holds the lock). */
  drain(): Promise<void> {
    return this.journal.drain((r) => this.writeCapture(r));
  }

  /** Upgrades the root in storage if it is older than this version (at open, inside the lock). */
  migrateRoot(): Promise<void> {
    return this.run(async () => {
      if (!this.root.readOnly && this.root.migrate()) await this.persister.persist([this.root.handle]);
    }, false);
  }

  /** Upgrades a clip document in storage if it is older than this version. */
  migrateClip(id: ClipId): Promise<void> {
    return this.run(async () => {
      const entry = this.root.requireEntry(id, this.journal.has(id));
      await this.cache.use<ClipDocV1, void>(entry.doc, async (h) => {
        if (this.migrated(h)) await this.persister.persist([h]);
      });
    });
  }

  /** Refuses (read-only) a clip whose document a newer version wrote: a re-capture of it could never be written. */
  async assertClipWritable(id: ClipId): Promise<void> {
    const entry = this.root.requireEntry(id, false);
    await this.cache.use<ClipDocV1, void>(entry.doc, (h) => {
      if (migrationState(h.doc().schemaVersion, CLIP_SCHEMA_VERSION) === 'too-new') throw tooNewClip();
    });
  }

  private async apply(id: ClipId, change: ClipChange, extras: BatchExtras = {}): Promise<ClipSummary> {
    const entry = this.root.requireEntry(id, this.journal.has(id));
    let before: string | null = null;
    const row = await this.cache.use<ClipDocV1, ClipSummary>(entry.doc, async (h) => {
      const handles: Array<DocHandle<unknown>> = [];
      if (change.clip) {
        this.migrated(h);
        h.change(change.clip);
        handles.push(h);
      }
      if (change.root) {
        before = this.root.change((d) => change.root!(d.clips[id]!));
        handles.push(this.root.handle);
      }
      await this.persister.persist(handles, extras);
      return rowOf(id, this.root.entries()[id]!, h.doc());
    });
    await this.rows.write(row, before);
    return row;
  }

  /** Brings a loaded clip document to this version's layout; refuses one a newer version wrote. */
  private migrated(h: DocHandle<ClipDocV1>): boolean {
    const state = migrationState(h.doc().schemaVersion, CLIP_SCHEMA_VERSION);
    if (state === 'too-new') throw tooNewClip();
    if (state !== 'needs-migration') return false;
    h.change((d) => void migrate(d as unknown as Record<string, unknown>, clipMigrations, CLIP_SCHEMA_VERSION));
    return true;
  }

  /** Phase two of a save: one capture into the clip document and the root, its record discarded in the same batch. */
  private async writeCapture(r: CaptureRecord): Promise<void> {
    const { clipId: id, at, filing, page } = r;
    if (this.root.entries()[id]) {
      const restore = this.root.entries()[id]!.deletedAt !== null;
      await this.apply(
        id,
        { clip: (d) => applyCapture(d, page, filing, at), root: restore ? (e) => void (e.deletedAt = null) : undefined },
        { discard: [r.key] },
      );
      return;
    }
    // A new clip. After a restart its journaled document never held anything: a new one is made, the old removed.
    const handle = this.journal.handle(id) ?? this.repo.create<ClipDocV1>();
    handle.change((d) => initClip(d, id, page, filing, at));
    const entry: LibraryEntryV1 = { doc: handle.url as DocUrl, key: filing.key, addedAt: at, deletedAt: null };
    const before = this.root.change((d) => void (d.clips[id] = entry));
    const orphan = handle.url === r.doc ? [] : [r.doc.slice('automerge:'.length)];
    await this.persister.persist([handle, this.root.handle], { discard: [r.key], remove: orphan });
    await this.cache.adopt(handle);
    await this.rows.write(rowOf(id, entry, handle.doc()), before);
  }

  private assertWritable(): void {
    if (this.root.readOnly) {
      throw new AppFailure('read-only', 'This library was written by a newer version of Commonplace. Update the extension to change it; reading still works.');
    }
  }
}

const tooNewClip = () => new AppFailure('read-only', 'This clip was changed by a newer version of Commonplace. Update the extension to edit it; reading still works.');
