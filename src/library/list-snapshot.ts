import type { DocumentId, Repo } from '@automerge/automerge-repo/slim';
import type { ClipIndex } from '../index-db/clip-index';
import { CATALOG_SLOTS } from '../schema/catalog-doc';
import { ClipSummarySchema, type ClipSummary } from '../schema/clip-summary';
import { asDocUrl, type ClipId, type DocUrl } from '../schema/ids';
import { LIST_SCHEMA, LIST_SCHEMA_VERSION, type ListDocV1, type ListRef } from '../schema/list-doc';
import { migrationState } from '../schema/migrations';
import { fingerprint } from '../sync/ledger';
import type { Catalogs } from './catalogs';
import { deflateText, inflateTextCapped } from './compress';
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
/** Bounds on a list document read from a server: rows kept, and bytes it may inflate to. */
export const LIST_LIMITS = { maxRows: 200_000, maxJsonBytes: 128 * 1024 * 1024 } as const;

/** The meta key under which a device remembers the newest list document it made. */
const MINE_KEY = 'list/mine';
/** When a fetched list document's chunks are removed again (after any save the Repo had scheduled). */
const LEFTOVER_REMOVAL_MS = 1_000;

/** A root document's list pointer, if it is well formed (it comes from other devices). */
export function listRefOf(rootDoc: unknown): ListRef | null {
  const l = (rootDoc as { list?: Partial<ListRef> } | undefined)?.list;
  if (!l || typeof l !== 'object') return null;
  const doc = typeof l.doc === 'string' ? asDocUrl(l.doc) : null;
  if (!doc || typeof l.device !== 'string' || typeof l.count !== 'number' || typeof l.at !== 'number' || typeof l.heads !== 'string') return null;
  return { doc, device: l.device, count: l.count, at: l.at, heads: l.heads };
}

/** Whether the library (`count` listed clips, catalogs at `heads`) has moved far enough from `ref` to make a new list document. */
export function listStale(ref: ListRef | null, count: number, heads: string, now: number): boolean {
  if (!ref) return count > 0;
  if (Math.abs(count - ref.count) >= Math.max(LIST_POLICY.minChange, Math.ceil(count * LIST_POLICY.share))) return true;
  return ref.heads !== heads && now - ref.at >= LIST_POLICY.maxAgeMs;
}

/** The rows as a list document holds them: raw DEFLATE of their JSON. */
export function encodeListRows(rows: readonly ClipSummary[]): Promise<Uint8Array> {
  return deflateText(JSON.stringify(rows));
}

/**
 * The rows of a list document's `rows`, each checked against the row schema: a malformed row
 * is left out (the catalogs list it later), ids after the first are ignored, and data that
 * does not inflate, inflates past the bound or is not a JSON array throws.
 */
export async function decodeListRows(bytes: Uint8Array): Promise<ClipSummary[]> {
  const raw: unknown = JSON.parse(await inflateTextCapped(bytes, LIST_LIMITS.maxJsonBytes));
  if (!Array.isArray(raw)) throw new Error('The list document holds no list.');
  const seen = new Set<string>();
  const rows: ClipSummary[] = [];
  for (const r of raw.slice(0, LIST_LIMITS.maxRows)) {
    const parsed = ClipSummarySchema.safeParse(r);
    if (!parsed.success || seen.has(parsed.data.id)) continue;
    seen.add(parsed.data.id);
    rows.push(parsed.data);
  }
  return rows;
}

/** The catalogs' heads, as one short fingerprint (what tells a list document's age rule that something changed). */
export function catalogsFingerprint(catalogs: Catalogs): string {
  return fingerprint(Array.from({ length: CATALOG_SLOTS }, (_, slot) => catalogs.heads(slot)));
}

/**
 * Fetches a list document (through the connected servers) and reads its rows; null when there
 * is none to read: no pointer, not found within `timeoutMs`, another schema, a newer version,
 * or damaged. The document is then dropped from this device (it is only read once, here).
 */
export async function fetchListRows(repo: Repo, ref: ListRef | null, timeoutMs: number): Promise<ClipSummary[] | null> {
  if (!ref) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let bytes: Uint8Array | null = null;
  try {
    const handle = await Promise.race([repo.find<ListDocV1>(ref.doc), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    const d = handle.doc() as Partial<ListDocV1>;
    if (d.schema === LIST_SCHEMA && migrationState(d.schemaVersion, LIST_SCHEMA_VERSION) === 'current' && d.rows instanceof Uint8Array) bytes = d.rows;
  } catch {
    // not found in time, or unavailable: the catalogs list the library
  } finally {
    clearTimeout(timer);
    // Dropped before it is decoded (not kept here); a save the Repo had scheduled on its arrival
    // (throttled, ~100 ms) may still land after the delete, so its chunks are removed again later.
    const id = ref.doc.slice('automerge:'.length) as DocumentId;
    if (repo.handles[id]) {
      repo.delete(id);
      setTimeout(() => void repo.storageSubsystem?.removeDoc(id).catch(() => undefined), LEFTOVER_REMOVAL_MS);
    }
  }
  return bytes ? decodeListRows(bytes).catch(() => null) : null;
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
  /** The newest list document this device made (kept in the index's meta table; undefined: not read yet). */
  private mine: string | null | undefined;

  constructor(private readonly d: ListSnapshotDeps) {}

  /** The list document this device made and the root points at, which its sync passes carry to every server. */
  own(): DocUrl | null {
    const ref = listRefOf(this.d.root.handle.doc());
    return ref && ref.device === this.d.device ? ref.doc : null;
  }

  /**
   * Makes a new list document when the library moved far enough from the last one (or `force`),
   * then removes from this device the one it made before, once the root names another (this
   * device's newer one, or another device's). True when it made one.
   */
  async refresh(force = false): Promise<boolean> {
    const { repo, root, catalogs, persister, device, now, meta } = this.d;
    const { made, drop } = await this.d.run(async () => {
      if (root.readOnly) return { made: false, drop: null };
      this.mine ??= (await meta.getMeta(MINE_KEY)) ?? null;
      catalogs.ensureKeyMap();
      const listed = [...catalogs.entries()].filter((e) => catalogs.isListed(e));
      const heads = catalogsFingerprint(catalogs);
      const ref = listRefOf(root.handle.doc());
      if (!force && !listStale(ref, listed.length, heads, now())) return { made: false, drop: this.mine && this.mine !== ref?.doc ? this.mine : null };
      const rows = listed.map(rowOf);
      const bytes = await encodeListRows(rows);
      const handle = repo.create<ListDocV1>();
      handle.change((doc) => {
        doc.schema = LIST_SCHEMA;
        doc.schemaVersion = LIST_SCHEMA_VERSION;
        doc.createdAt = now();
        doc.count = rows.length;
        doc.rows = bytes;
      });
      root.change((doc) => void (doc.list = { doc: handle.url as DocUrl, device, count: rows.length, at: now(), heads }));
      await persister.persist([handle, root.handle]);
      await this.d.cache.adopt(handle);
      const previous = this.mine;
      await meta.setMeta(MINE_KEY, (this.mine = handle.url));
      return { made: true, drop: previous };
    });
    if (drop && (await this.discard(drop as DocUrl).catch(() => false)) && this.mine === drop) {
      this.mine = null;
      await meta.setMeta(MINE_KEY, undefined).catch(() => undefined);
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

/** The rows whose clip `have` does not name (a joining browser's own clips keep their rows). */
export function newRows(rows: readonly ClipSummary[], have: ReadonlySet<string>): ClipSummary[] {
  return rows.filter((r) => !have.has(r.id as ClipId));
}
