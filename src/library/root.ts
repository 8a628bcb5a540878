import { getHeads } from '@automerge/automerge/slim';
import type { DocHandle, Repo } from '@automerge/automerge-repo/slim';
import type { ClipSummary } from '../schema/clip-summary';
import { asDocUrl, type ClipId, type DocUrl } from '../schema/ids';
import { LIBRARY_SCHEMA_VERSION, type LibraryDoc, type LibraryEntryV1 } from '../schema/library-doc';
import { libraryMigrations, migrate, migrationState } from '../schema/migrations';
import { AppFailure } from '../util/result';

/**
 * The library's root document: the one document every device keeps loaded. It maps clip
 * ids to their documents and de-duplication keys (`LibraryDocV1`). This class reads it,
 * changes it in memory (the caller persists), and keeps the key → clip map that
 * de-duplicates saves current, also when the root changes through sync.
 */
export class LibraryRoot {
  private readonly byKey = new Map<string, ClipId>();
  private keyMapHeads = '';

  private constructor(
    readonly handle: DocHandle<LibraryDoc>,
    /** Rows of new clips still journaled (no root entry yet): they de-duplicate after every clip the root knows. */
    private readonly journaledNew: () => ReadonlyMap<ClipId, ClipSummary>,
  ) {}

  /**
   * Finds the root document `url`, or creates an empty one when `url` is null (the caller
   * persists it and records its URL). Migrations are not run here: see `migrate`, which the
   * library runs inside its write lock.
   */
  static async open(repo: Repo, url: DocUrl | null, now: number, journaledNew: () => ReadonlyMap<ClipId, ClipSummary>): Promise<{ root: LibraryRoot; created: boolean }> {
    if (url) {
      let handle: DocHandle<LibraryDoc>;
      try {
        handle = await repo.find<LibraryDoc>(url);
      } catch {
        throw new AppFailure('storage-failed', `The library document ${url} could not be loaded from this browser's storage.`);
      }
      return { root: new LibraryRoot(handle, journaledNew), created: false };
    }
    const handle = repo.create<LibraryDoc>();
    handle.change((d) => {
      d.schema = 'commonplace/library';
      d.schemaVersion = LIBRARY_SCHEMA_VERSION;
      d.createdAt = now;
      d.clips = {};
    });
    return { root: new LibraryRoot(handle, journaledNew), created: true };
  }

  get url(): DocUrl {
    return this.handle.url as DocUrl;
  }

  /** Written by a newer Commonplace: read, never written. */
  get readOnly(): boolean {
    return migrationState(this.handle.doc().schemaVersion, LIBRARY_SCHEMA_VERSION) === 'too-new';
  }

  /** Upgrades an older root in memory; true when it changed (the caller, holding the write lock, persists it). */
  migrate(): boolean {
    if (migrationState(this.handle.doc().schemaVersion, LIBRARY_SCHEMA_VERSION) !== 'needs-migration') return false;
    this.handle.change((d) => void migrate(d as unknown as Record<string, unknown>, libraryMigrations, LIBRARY_SCHEMA_VERSION));
    return true;
  }

  /** Entries, deleted ones included. */
  entries(): Readonly<Record<string, LibraryEntryV1>> {
    return this.handle.doc().clips;
  }

  /** The entry of a clip, or a failure that says why there is none. */
  requireEntry(id: ClipId, journaled: boolean): LibraryEntryV1 {
    const entry = this.entries()[id];
    if (!entry && journaled) {
      throw new AppFailure('storage-failed', "This clip is saved, but writing it into the library failed (the browser's storage refused it). Commonplace retries; free some disk space if this persists.");
    }
    if (!entry || !asDocUrl(entry.doc)) throw new AppFailure('not-found', 'That clip is not in this library (it may have been deleted on another device).');
    return entry;
  }

  /** The root's heads, as the string the index records it was reconciled with. */
  heads(): string {
    return JSON.stringify(getHeads(this.handle.doc()));
  }

  /** Changes the root in memory (the caller persists it), keeping the key map current. Returns the heads before. */
  change(fn: (d: LibraryDoc) => void): string {
    const before = this.heads();
    const keyMapWasCurrent = this.keyMapHeads === before;
    this.handle.change(fn);
    if (keyMapWasCurrent) this.keyMapHeads = this.heads();
    return before;
  }

  /** The clip a de-duplication key is filed under (the oldest entry wins, so merged libraries agree). */
  clipForKey(key: string): ClipId | undefined {
    if (this.keyMapHeads !== this.heads()) this.rebuildKeyMap();
    return this.byKey.get(key);
  }

  /** A new clip, still journaled, takes its key (the root does not list it yet). */
  claimKey(key: string, id: ClipId): void {
    if (this.keyMapHeads !== this.heads()) this.rebuildKeyMap();
    this.byKey.set(key, id);
  }

  /** Rebuilds key → clip from the root, then the journaled new clips. */
  rebuildKeyMap(): void {
    this.keyMapHeads = this.heads();
    this.byKey.clear();
    const entries = Object.entries(this.entries()).sort((a, b) => a[1].addedAt - b[1].addedAt || (a[0] < b[0] ? -1 : 1));
    for (const [id, e] of entries) if (!this.byKey.has(e.key)) this.byKey.set(e.key, id as ClipId);
    for (const [id, row] of this.journaledNew()) if (!this.byKey.has(row.key)) this.byKey.set(row.key, id);
  }
}
