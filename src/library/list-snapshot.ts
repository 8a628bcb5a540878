import { ImmutableString, save } from '@automerge/automerge/slim';
import type { Repo } from '@automerge/automerge-repo/slim';
import type { ClipIndex } from '../index-db/clip-index';
import { CATALOG_SLOTS } from '../schema/catalog-doc';
import type { ClipSummary } from '../schema/clip-summary';
import { asDocUrl, type DocUrl } from '../schema/ids';
import { LIST_LIMITS, parseListRows } from '../schema/list-rows';
import { CATALOGS_SCHEMA, CATALOGS_SCHEMA_VERSION, LIST_SCHEMA, LIST_SCHEMA_VERSION, type CatalogsDocV1, type ListDocV1, type ListRef } from '../schema/list-doc';
import { fingerprint } from '../sync/ledger';
import { imm, str, type Catalogs } from './catalogs';
import { deflateText, inflateCapped } from './compress';
import type { HandleCache } from './handle-cache';
import { rowOf } from './index-rows';
import type { Persister } from './persist';
import type { LibraryRoot } from './root';

/**
 * When a new list document is made: the listed clips changed in number by at least
 * `minChange` and `share` of the library since the last one, or anything changed and the last
 * one is `maxAgeMs` old. Each one stays on the servers (a stock server deletes nothing), so
 * they are made geometrically rarer as the library grows: a library grown to N clips has made
 * list documents summing about 6× the last one's size. What changed since the last one reaches
 * a joining browser with the catalogs, seconds later.
 */
export const LIST_POLICY = { minChange: 25, share: 0.2, maxAgeMs: 7 * 24 * 3600_000 } as const;

/** The meta key under which a device remembers the newest list and catalog snapshot documents it made (a JSON array). */
const MINE_KEY = 'list/mine';

function parseMine(raw: string | undefined): DocUrl[] {
  try {
    const v: unknown = JSON.parse(raw ?? '[]');
    return Array.isArray(v) ? v.map((u) => (typeof u === 'string' ? asDocUrl(u) : null)).filter((u): u is DocUrl => u !== null) : [];
  } catch {
    return [];
  }
}

/** A root document's list pointer, if it is well formed (it comes from other devices). */
export function listRefOf(rootDoc: unknown): ListRef | null {
  const l = (rootDoc as { list?: Record<keyof ListRef, unknown> } | undefined)?.list;
  if (!l || typeof l !== 'object') return null;
  // Text fields are `ImmutableString`s (plain strings in pointers written before: both are read).
  const doc = asDocUrl(str(l.doc));
  const [device, heads] = [textOf(l.device), textOf(l.heads)];
  if (!doc || device === null || heads === null || typeof l.count !== 'number' || typeof l.at !== 'number') return null;
  const catalogs = asDocUrl(str(l.catalogs));
  return { doc, device, count: l.count, at: l.at, heads, ...(catalogs ? { catalogs } : {}) };
}

/** A text field's value, or null when it is neither a string nor an `ImmutableString`. */
function textOf(v: unknown): string | null {
  return typeof v === 'string' || v instanceof ImmutableString ? str(v) : null;
}

/**
 * The root's `list` as it is written: its text fields as `ImmutableString`s, one Automerge op each.
 * As plain strings they were collaborative texts, one op per character (~110 per pointer), kept in
 * the root's history for every list document ever made: at 1,000 clips, ~1,900 of the root's
 * ~3,100 ops, which a joining browser applies before it can ask for the list (32 ms in a busy
 * service worker).
 */
export function storedListRef(ref: ListRef): ListRef {
  const text = (v: string) => imm(v) as unknown as string;
  return { doc: text(ref.doc) as DocUrl, device: text(ref.device), count: ref.count, at: ref.at, heads: text(ref.heads), ...(ref.catalogs ? { catalogs: text(ref.catalogs) as DocUrl } : {}) };
}

/**
 * Whether the library (`count` listed clips, catalogs at `heads`) has moved far enough from `ref`
 * to make a new list document. Only a device that changed the catalogs itself since (`local`)
 * makes one when there is one already: the device whose clips made the difference, not every
 * device that received them (which would all make one at once).
 */
export function listStale(ref: ListRef | null, count: number, heads: string, now: number, local = true): boolean {
  if (!ref) return count > 0;
  if (!local) return false;
  if (Math.abs(count - ref.count) >= Math.max(LIST_POLICY.minChange, Math.ceil(count * LIST_POLICY.share))) return true;
  return ref.heads !== heads && now - ref.at >= LIST_POLICY.maxAgeMs;
}

/**
 * The rows as a list document holds them: raw DEFLATE of their JSON, without `progress` (a
 * version of Commonplace from before it checks rows strictly and would leave out every row read;
 * the joining browser's catalogs bring it in a moment later).
 */
export function encodeListRows(rows: readonly ClipSummary[]): Promise<Uint8Array> {
  return deflateText(JSON.stringify(rows, (k, v: unknown) => (k === 'progress' ? undefined : v)));
}

/**
 * The JSON text of a list document's `rows`, as UTF-8 bytes (bounded: data that does not
 * inflate, or inflates past `LIST_LIMITS.maxJsonBytes`, throws). Neither decoded nor parsed
 * here: a joining browser stores the bytes as its preview, and the list's readers parse and
 * check them (`parseListRows`). Bytes, not a string: with titles in other scripts the string
 * is UTF-16, twice the size to copy into IndexedDB.
 */
export function inflateListRows(bytes: Uint8Array): Promise<Uint8Array> {
  return inflateCapped(bytes, LIST_LIMITS.maxJsonBytes);
}


/** The catalogs' heads, as one short fingerprint (what tells a list document's age rule that something changed). */
export function catalogsFingerprint(catalogs: Catalogs): string {
  return fingerprint(Array.from({ length: CATALOG_SLOTS }, (_, slot) => catalogs.heads(slot)));
}

/** What `ListSnapshots` works with: the library's documents, its write lock and its way to remove a document. */
export interface ListSnapshotDeps {
  readonly repo: Repo;
  readonly root: LibraryRoot;
  readonly catalogs: Catalogs;
  readonly persister: Persister;
  readonly cache: HandleCache;
  readonly device: string;
  readonly now: () => number;
  /** Runs a task under the library's write lock. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Deletes documents from this device's storage (under the write lock). */
  removeDocuments(ids: readonly string[]): Promise<void>;
  /** Where this device remembers the newest list document it made (the index's meta table). */
  readonly meta: Pick<ClipIndex, 'getMeta' | 'setMeta'>;
}

/**
 * This device's side of the list documents: before each sync pass (`refresh`), a new one when
 * the library has moved far enough from the root's (`listStale`), written with the root's new
 * pointer in one batch; the previous one this device made is then removed from it. Only the
 * device that made the newest carries it to the servers (`own`): another device's is read
 * once, by a browser joining, and not kept.
 */
export class ListSnapshots {
  /** The newest list and catalog snapshot documents this device made (kept in the index's meta table; undefined: not read yet). */
  private mine: DocUrl[] | undefined;

  /** Whether this device wrote a catalog since it last made one (in memory: after a restart, from its next write). */
  private changedHere = false;

  constructor(private readonly d: ListSnapshotDeps) {}

  /** Hears every batch this device writes: one that changed a catalog makes this device the one to make the next list document. */
  noteLocal(handles: ReadonlyArray<{ documentId: string }>): void {
    const catalogs = new Set(this.d.catalogs.all.map((h) => h.documentId as string));
    if (handles.some((h) => catalogs.has(h.documentId))) this.changedHere = true;
  }

  /** The list and catalog snapshot documents this device made and the root points at, which its sync passes carry to every server. */
  own(): DocUrl[] {
    const ref = listRefOf(this.d.root.handle.doc());
    return ref && ref.device === this.d.device ? [ref.doc, ...(ref.catalogs ? [ref.catalogs] : [])] : [];
  }

  /**
   * Makes a new list document when the library moved far enough from the last one (or `force`),
   * then removes from this device the one it made before, once the root names another (this
   * device's newer one, or another device's). True when it made one.
   */
  async refresh(force = false): Promise<boolean> {
    const { repo, root, catalogs, persister, device, now, meta } = this.d;
    const { made, drop } = await this.d.run(async () => {
      if (root.readOnly) return { made: false, drop: [] };
      this.mine ??= parseMine(await meta.getMeta(MINE_KEY));
      const ref = listRefOf(root.handle.doc());
      const kept = { made: false, drop: ref && this.mine.includes(ref.doc) ? [] : this.mine };
      // Before every pass: a device that wrote no catalog since its last one makes none when the root has one (`listStale`), so nothing is counted.
      if (!force && ref && !this.changedHere) return kept;
      catalogs.ensureKeyMap();
      const listed = [...catalogs.entries()].filter((e) => catalogs.isListed(e));
      const heads = catalogsFingerprint(catalogs);
      if (!force && !listStale(ref, listed.length, heads, now(), this.changedHere)) return kept;
      const rows = listed.map(rowOf);
      const list = repo.create<ListDocV1>();
      const bytes = await encodeListRows(rows);
      list.change((doc) => Object.assign(doc, { schema: LIST_SCHEMA, schemaVersion: LIST_SCHEMA_VERSION, createdAt: now(), count: rows.length, rows: bytes }));
      const snapshot = repo.create<CatalogsDocV1>();
      const slots = Object.fromEntries(catalogs.all.map((h, slot) => [String(slot), { doc: h.url as DocUrl, bytes: save(h.doc()) }]));
      snapshot.change((doc) => Object.assign(doc, { schema: CATALOGS_SCHEMA, schemaVersion: CATALOGS_SCHEMA_VERSION, createdAt: now(), slots }));
      root.change((doc) => void (doc.list = storedListRef({ doc: list.url as DocUrl, device, count: rows.length, at: now(), heads, catalogs: snapshot.url as DocUrl })));
      await persister.persist([list, snapshot, root.handle]);
      await this.d.cache.adopt(list);
      await this.d.cache.adopt(snapshot);
      const previous = this.mine;
      this.mine = [list.url as DocUrl, snapshot.url as DocUrl];
      await meta.setMeta(MINE_KEY, JSON.stringify(this.mine));
      this.changedHere = false;
      return { made: true, drop: previous };
    });
    const gone: string[] = [];
    for (const url of drop) if (await this.discard(url).catch(() => false)) gone.push(url);
    if (gone.length > 0 && this.mine && this.mine.some((u) => gone.includes(u))) {
      this.mine = this.mine.filter((u) => !gone.includes(u));
      await meta.setMeta(MINE_KEY, JSON.stringify(this.mine)).catch(() => undefined);
    }
    return made;
  }

  /** Removes a list document this device no longer carries; false when a sync pass holds it now (a later refresh tries again, unless this device made a newer one since). */
  private discard(url: DocUrl): Promise<boolean> {
    return this.d.cache.discard(url, async (id) => {
      await this.d.removeDocuments([id]);
      await this.d.repo.storageSubsystem?.removeDoc(id);
    });
  }
}

