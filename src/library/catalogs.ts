import { getHeads, ImmutableString } from '@automerge/automerge/slim';
import type { DocHandle, Repo } from '@automerge/automerge-repo/slim';
import { CATALOG_SCHEMA_VERSION, CATALOG_SLOTS, catalogSlot, type CatalogDocV1, type CatalogEntryV1 } from '../schema/catalog-doc';
import type { ClipSummary } from '../schema/clip-summary';
import type { ClipId, DocUrl } from '../schema/ids';
import { migrationState } from '../schema/migrations';
import { AppFailure } from '../util/result';

/**
 * The library's catalogs: 16 small documents that together list every clip with its
 * metadata, state and a pointer to its article (`CatalogEntryV1`). All of them stay loaded
 * (a few MB at 10,000 clips): the index, de-duplication and every edit read them, and a
 * device that has them can list the whole library before any article has arrived.
 */
export class Catalogs {
  private readonly byKey = new Map<string, ClipId>();
  private keyMapHeads = '';

  private constructor(
    private readonly handles: ReadonlyArray<DocHandle<CatalogDocV1>>,
    /** Rows of new clips still journaled (no entry yet): they de-duplicate after every clip the catalogs know. */
    private readonly journaledNew: () => ReadonlyMap<ClipId, ClipSummary>,
  ) {}

  /** Makes the 16 empty catalogs of a new library (the caller persists them with the root). */
  static create(repo: Repo): Array<DocHandle<CatalogDocV1>> {
    return Array.from({ length: CATALOG_SLOTS }, (_, slot) => {
      const h = repo.create<CatalogDocV1>();
      h.change((d) => {
        d.schema = 'commonplace/catalog';
        d.schemaVersion = CATALOG_SCHEMA_VERSION;
        d.slot = slot;
        d.clips = {};
      });
      return h;
    });
  }

  /** Loads the catalogs the root names (all 16 must be there). */
  static async open(repo: Repo, urls: Readonly<Record<string, DocUrl>>, journaledNew: () => ReadonlyMap<ClipId, ClipSummary>): Promise<Catalogs> {
    const handles = await Promise.all(
      Array.from({ length: CATALOG_SLOTS }, async (_, slot) => {
        const url = urls[String(slot)];
        if (!url) throw new AppFailure('storage-failed', `The library's catalog ${slot} is missing from its root document.`);
        try {
          return await repo.find<CatalogDocV1>(url);
        } catch {
          throw new AppFailure('storage-failed', `The library's catalog ${slot} (${url}) could not be loaded from this browser's storage.`);
        }
      }),
    );
    return new Catalogs(handles, journaledNew);
  }

  /** The catalog document of a slot. */
  handle(slot: number): DocHandle<CatalogDocV1> {
    return this.handles[slot]!;
  }

  /** The catalog document a clip belongs to. */
  handleOf(id: ClipId): DocHandle<CatalogDocV1> {
    return this.handles[catalogSlot(id)]!;
  }

  get all(): ReadonlyArray<DocHandle<CatalogDocV1>> {
    return this.handles;
  }

  /** A clip's entry, or undefined. */
  entry(id: ClipId): CatalogEntryV1 | undefined {
    return this.handleOf(id).doc().clips[id];
  }

  /** Every entry, deleted ones included. */
  *entries(): Iterable<CatalogEntryV1> {
    for (const h of this.handles) yield* Object.values(h.doc().clips);
  }

  /** Entries of one slot. */
  slotEntries(slot: number): CatalogEntryV1[] {
    return Object.values(this.handles[slot]!.doc().clips);
  }

  /** Whether a newer version wrote this clip's catalog: read, never written. */
  readOnly(id: ClipId): boolean {
    return migrationState(this.handleOf(id).doc().schemaVersion, CATALOG_SCHEMA_VERSION) === 'too-new';
  }

  /** The heads of one slot's catalog, as the index records it was reconciled with. */
  heads(slot: number): string {
    return JSON.stringify(getHeads(this.handles[slot]!.doc()));
  }

  /** Heads of every catalog (the key map is current while these are unchanged). */
  private allHeads(): string {
    return this.handles.map((h) => getHeads(h.doc()).join(',')).join(';');
  }

  /** Changes a clip's catalog in memory (the caller persists it). Returns the slot's heads before. */
  change(id: ClipId, fn: (clips: CatalogDocV1['clips']) => void): string {
    const slot = catalogSlot(id);
    const before = this.heads(slot);
    const keyMapWasCurrent = this.keyMapHeads === this.allHeads();
    this.handles[slot]!.change((d) => fn(d.clips));
    if (keyMapWasCurrent) this.keyMapHeads = this.allHeads();
    return before;
  }

  /** The clip a de-duplication key is filed under: the oldest entry wins, ties by id, so merged libraries agree. */
  clipForKey(key: string): ClipId | undefined {
    if (this.keyMapHeads !== this.allHeads()) this.rebuildKeyMap();
    return this.byKey.get(key);
  }

  /**
   * Whether this entry is the one listed for its key. Two devices that saved the same page
   * offline leave two entries with one key; every device lists (and updates) the same one, and
   * the other stays in its catalog, not lost, only not listed.
   */
  isListed(e: CatalogEntryV1): boolean {
    const winner = this.byKey.get(str(e.key));
    return winner === undefined || winner === e.id;
  }

  /** Brings the key map up to date (call once before many `isListed`). */
  ensureKeyMap(): void {
    if (this.keyMapHeads !== this.allHeads()) this.rebuildKeyMap();
  }

  /** A new clip, still journaled, takes its key. */
  claimKey(key: string, id: ClipId): void {
    if (this.keyMapHeads !== this.allHeads()) this.rebuildKeyMap();
    this.byKey.set(key, id);
  }

  /** Rebuilds key → clip from the catalogs, then the journaled new clips. */
  rebuildKeyMap(): void {
    this.keyMapHeads = this.allHeads();
    this.byKey.clear();
    const all = [...this.entries()].sort((a, b) => a.savedAt - b.savedAt || (a.id < b.id ? -1 : 1));
    for (const e of all) {
      const key = str(e.key);
      if (!this.byKey.has(key)) this.byKey.set(key, e.id);
    }
    for (const [id, row] of this.journaledNew()) if (!this.byKey.has(row.key)) this.byKey.set(row.key, id);
  }
}

/** The text of an `ImmutableString` (or a plain string from another writer); '' for anything else. */
export function str(v: unknown): string {
  return v instanceof ImmutableString ? v.val : typeof v === 'string' ? v : '';
}

/** `str`, keeping null. */
export function strOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : str(v);
}

/** Wraps a string as an `ImmutableString` (one Automerge op, not one per character); null stays null. */
export function imm(s: string): ImmutableString;
export function imm(s: string | null): ImmutableString | null;
export function imm(s: string | null): ImmutableString | null {
  return s === null ? null : new ImmutableString(s);
}
