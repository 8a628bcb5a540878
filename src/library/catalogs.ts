import { getHeads, ImmutableString } from '@automerge/automerge/slim';
import type { DocHandle, Repo } from '@automerge/automerge-repo/slim';
import { CATALOG_SCHEMA_VERSION, CATALOG_SLOTS, catalogSlot, type CatalogDocV1, type CatalogEntryV1 } from '../schema/catalog-doc';
import type { CaptureKind, Filing } from '../schema/capture';
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
  /**
   * Per slot, the `clips` object the key map was last brought up to date with. Automerge keeps
   * the identity of every entry a change did not touch, so comparing objects finds what a
   * change added without reading heads or sorting the whole library again.
   */
  private readonly keyed: Array<CatalogDocV1['clips'] | undefined> = [];
  /** Clips that lost their key since `takeKeyChanges` last ran (see there). */
  private displaced = new Set<ClipId>();
  private keyMapRebuilt = true;

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

  /**
   * The entries of one slot as they are now, keyed by clip id. Automerge keeps the identity of
   * every entry (and of this object) that a change did not touch: comparing two of these tells
   * which entries changed in between.
   */
  clipsOf(slot: number): CatalogDocV1['clips'] {
    return this.handles[slot]!.doc().clips;
  }

  /** Counts of the clips listed (a second entry for the same page, from an offline merge, is not counted). */
  counts(): { live: number; deleted: number } {
    let live = 0;
    let deleted = 0;
    this.ensureKeyMap();
    for (const e of this.entries()) {
      if (!this.isListed(e)) continue;
      if (e.deletedAt === null) live++;
      else deleted++;
    }
    return { live, deleted };
  }

  /** How many entries the catalogs hold, deleted and unlisted ones (a second entry for one page) included. */
  entryCount(): number {
    let n = 0;
    for (const _ of this.entries()) n++;
    return n;
  }

  /** Whether a newer version wrote this clip's catalog: read, never written. */
  readOnly(id: ClipId): boolean {
    return migrationState(this.handleOf(id).doc().schemaVersion, CATALOG_SCHEMA_VERSION) === 'too-new';
  }

  /** The heads of one slot's catalog, as the index records it was reconciled with. */
  heads(slot: number): string {
    return JSON.stringify(getHeads(this.handles[slot]!.doc()));
  }

  /** Changes a clip's catalog in memory (the caller persists it). Returns the slot's heads before. */
  change(id: ClipId, fn: (clips: CatalogDocV1['clips']) => void): string {
    const slot = catalogSlot(id);
    const before = this.heads(slot);
    this.handles[slot]!.change((d) => fn(d.clips));
    return before;
  }

  /** The clip a de-duplication key is filed under: the oldest entry wins, ties by id, so merged libraries agree. */
  clipForKey(key: string): ClipId | undefined {
    this.ensureKeyMap();
    const id = this.byKey.get(key);
    // A claim by a new clip whose save was taken back (no entry, no journal record) is void.
    if (id !== undefined && !this.entry(id) && !this.journaledNew().has(id)) {
      this.rebuildKeyMap();
      return this.byKey.get(key);
    }
    return id;
  }

  /**
   * The clip a capture filed as `filing` updates: the one holding its key, else (a page, not a
   * selection) the one filed under the page's own address. A link imported, or a page saved
   * when it named no canonical link, is filed there; "Save page" files under the page's
   * same-site canonical link, and must update that clip rather than add a second one.
   */
  clipForPage(filing: Pick<Filing, 'key' | 'pageUrl'>, kind: CaptureKind): ClipId | undefined {
    const byKey = this.clipForKey(filing.key);
    return byKey !== undefined || kind === 'selection' || filing.pageUrl === filing.key ? byKey : this.clipForKey(filing.pageUrl);
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

  /**
   * Brings the key map up to date (call once before many `isListed`): only the slots whose
   * `clips` changed are read, and only their new entries can take a key. Anything else (an
   * entry gone; a key changed, when a page saved under its canonical link updates the clip
   * filed under its address) rebuilds it whole.
   */
  ensureKeyMap(): void {
    for (let slot = 0; slot < this.handles.length; slot++) {
      const cur = this.clipsOf(slot);
      const prev = this.keyed[slot];
      if (cur === prev) continue;
      if (!prev) return this.rebuildKeyMap();
      for (const id of Object.keys(prev)) {
        if (!cur[id] || str(cur[id].key) !== str(prev[id]!.key)) return this.rebuildKeyMap();
      }
      for (const id of Object.keys(cur)) {
        if (prev[id]) continue;
        const e = cur[id]!;
        const key = str(e.key);
        const held = this.byKey.get(key);
        if (held === e.id) continue;
        const rival = held === undefined ? undefined : this.entry(held);
        // A catalog entry beats a claim by a clip still journaled; between entries the oldest wins, ties by id.
        if (held === undefined || !rival || e.savedAt < rival.savedAt || (e.savedAt === rival.savedAt && e.id < rival.id)) {
          // The clip that held the key is listed no more: the index must drop its row.
          if (held !== undefined) this.displaced.add(held);
          this.byKey.set(key, e.id);
        }
      }
      this.keyed[slot] = cur;
    }
  }

  /**
   * What changed in the key map since the last call: the clips that lost their key to another
   * (so their rows leave the list), or `null` when the map was rebuilt whole (anything may
   * have moved). The index consumes this when it reconciles.
   */
  takeKeyChanges(): ReadonlySet<ClipId> | null {
    this.ensureKeyMap();
    const out = this.keyMapRebuilt ? null : this.displaced;
    this.displaced = new Set();
    this.keyMapRebuilt = false;
    return out;
  }

  /** A new clip, still journaled, takes its key. */
  claimKey(key: string, id: ClipId): void {
    this.ensureKeyMap();
    this.byKey.set(key, id);
  }

  /** Rebuilds key → clip from the catalogs, then the journaled new clips. */
  rebuildKeyMap(): void {
    this.keyMapRebuilt = true;
    for (let slot = 0; slot < this.handles.length; slot++) this.keyed[slot] = this.clipsOf(slot);
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
