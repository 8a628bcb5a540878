import type { DocHandle, Repo } from '@automerge/automerge-repo/slim';
import { ImmutableString } from '@automerge/automerge/slim';
import { CATALOG_SLOTS, type CatalogEntryV1 } from '../schema/catalog-doc';
import { asDocUrl, type ClipId, type DocUrl } from '../schema/ids';
import { isRetiredMedia, LIBRARY_SCHEMA_VERSION, type LibraryDoc } from '../schema/library-doc';
import { migrationState } from '../schema/migrations';
import { AppFailure } from '../util/result';
import { Catalogs } from './catalogs';
import type { IndexRows } from './index-rows';
import { adoptCatalogs, fetchListText } from './list-fetch';
import { listRefOf } from './list-snapshot';
import type { Persister } from './persist';
import type { LibraryRoot } from './root';

/** How long a join waits for the library's list document before going on without it (the catalogs list every clip too, later). */
const LIST_FETCH_MS = 5_000;
/** How long a join waits for the catalog snapshot document before receiving the catalogs through sync instead. */
const CATALOGS_FETCH_MS = 20_000;

/** Fields of a catalog entry held as `ImmutableString`s (re-made when an entry is copied into another document). */
const IMMUTABLE = ['key', 'url', 'pageUrl', 'canonicalUrl', 'title', 'byline', 'siteName', 'lang', 'publishedTime', 'excerpt'] as const;

/** How a join runs: its time limit, where the list document's rows go, and who hears its steps (the benchmark's timeline). */
export interface JoinOptions {
  readonly timeoutMs?: number;
  /** This browser's index rows: the list document's rows are listed there early (`IndexRows.preview`), and taken back if the join fails. */
  readonly rows?: IndexRows;
  /** Clips whose rows a failed join's reconcile keeps (captures still journaled). */
  readonly keep?: (id: ClipId) => boolean;
  readonly onStep?: (step: 'root' | 'list' | 'previewed' | 'adopted' | 'not-adopted' | 'catalogs') => void;
}

/** A library joined in memory: what was merged, and the one batch that makes it durable. */
export interface JoinedLibrary {
  readonly merged: number;
  /** Writes the joined library's root and catalogs (with what was merged into them) in one batch. */
  persist(): Promise<void>;
}

/**
 * Joins another library (by its root URL, fetched through the connected sync servers) and
 * merges this library into it, losing nothing: every catalog entry of ours is copied into
 * the other library's catalog of the same slot (an id that is already there is left as it
 * is: the same clip, synced before), and every content document of ours is listed in its
 * root (the documents themselves are shared, not copied: sync carries them).
 * The merge is made in memory; `persist` writes it in one batch, and the caller makes `url`
 * this browser's library only after that (so a crash in between leaves this library as it was,
 * and the merge is made again by the next join). In between, the caller may already open the
 * joined library on the same Repo to list it.
 *
 * With `rows`, the rows of the library's list document (`ListDocV1`), when it has one, are
 * listed in this browser's index (as their JSON text, parsed where the list is read) as soon
 * as it has arrived: one document, so the joining browser lists every clip before the 16 catalogs have come (they cost about 1 ms per clip to
 * receive). It is fetched and listed first, alone, so that receiving the catalogs does not hold
 * it up. A join that fails takes those rows back (a reconcile of this browser's own catalogs).
 */
export async function joinLibrary(
  repo: Repo,
  persister: Persister,
  ours: { root: LibraryRoot; catalogs: Catalogs },
  url: DocUrl,
  opts: JoinOptions = {},
): Promise<JoinedLibrary> {
  try {
    return await join(repo, persister, ours, url, opts);
  } catch (e) {
    // Rows the list document listed go (their markers were cleared: every catalog is read whole).
    await opts.rows?.reconcile(false, opts.keep ?? (() => false)).catch(() => undefined);
    throw e;
  }
}

async function join(repo: Repo, persister: Persister, ours: { root: LibraryRoot; catalogs: Catalogs }, url: DocUrl, opts: JoinOptions): Promise<JoinedLibrary> {
  const { timeoutMs = 30_000, rows: index, onStep } = opts;
  if (!asDocUrl(url)) throw new AppFailure('bad-request', 'That is not a library URL. It looks like automerge: followed by letters and digits; copy it from the other browser\'s options page.');
  if (url === ours.root.url) throw new AppFailure('bad-request', 'This browser already uses that library.');
  // A find with no server connected yet is answered "unavailable" at once: wait for one first.
  const deadline = Date.now() + timeoutMs;
  while (repo.peers.length === 0) {
    if (Date.now() > deadline) throw new AppFailure('not-found', 'No sync server answered, so the library could not be fetched. Check that sync is on and the server is reachable, then try again. Your own library is unchanged.');
    await new Promise((r) => setTimeout(r, 100));
  }
  const root = await findWithin<LibraryDoc>(repo, url, Math.max(1_000, deadline - Date.now()));
  const doc = root.doc();
  if (doc.schema !== 'commonplace/library') throw new AppFailure('bad-request', 'That URL names a document that is not a Commonplace library.');
  const state = migrationState(doc.schemaVersion, LIBRARY_SCHEMA_VERSION);
  if (state === 'too-new') throw new AppFailure('read-only', 'That library was written by a newer version of Commonplace. Update this browser\'s extension first, then join.');
  if (state === 'needs-migration') throw new AppFailure('bad-request', 'That library is from an older version of Commonplace. Update the other browser\'s extension first, then join.');
  onStep?.('root');
  const ref = listRefOf(doc);
  const rows = index ? await fetchListText(repo, ref, Math.min(LIST_FETCH_MS, timeoutMs)) : null;
  onStep?.('list');
  // Listed before the catalogs are asked for: receiving them keeps this thread busy for ~1 ms per clip.
  // (This browser's own rows are in the list too: its readers leave out the preview's rows the index holds.)
  if (rows && index) {
    await index.preview(rows).then(
      () => onStep?.('previewed'),
      (e: unknown) => void console.warn('Commonplace: the joined library could not be listed early; it is listed once its catalogs arrive.', e),
    );
  }
  // The catalogs as saved binaries, stored here first: loading them costs a fraction of receiving every change through sync.
  const adopted = await adoptCatalogs(repo, ref, doc.catalogs ?? {}, Math.min(CATALOGS_FETCH_MS, timeoutMs));
  onStep?.(adopted > 0 ? 'adopted' : 'not-adopted');
  const theirs = await Promise.all(
    Array.from({ length: CATALOG_SLOTS }, (_, slot) => {
      const c = doc.catalogs?.[String(slot)];
      if (!c) throw new AppFailure('bad-request', `That library is missing its catalog ${slot}.`);
      return findWithin<{ clips: Record<string, CatalogEntryV1> }>(repo, c, timeoutMs);
    }),
  );
  onStep?.('catalogs');
  let merged = 0;
  const touched = new Set<DocHandle<unknown>>();
  for (let slot = 0; slot < CATALOG_SLOTS; slot++) {
    const mine = ours.catalogs.slotEntries(slot).filter((e) => !theirs[slot]!.doc().clips?.[e.id]);
    if (mine.length === 0) continue;
    theirs[slot]!.change((d) => {
      for (const e of mine) d.clips[e.id] = copyEntry(e);
    });
    touched.add(theirs[slot]!);
    merged += mine.length;
  }
  const shards = Object.entries(ours.root.contents()).filter(([id]) => !doc.contents?.[id as never]);
  const media = Object.entries(ours.root.media()).filter(([id]) => !doc.media?.[id as never]);
  if (shards.length > 0 || media.length > 0) {
    root.change((d) => {
      for (const [id, e] of shards) d.contents[id as never] = { doc: e.doc, device: e.device, createdAt: e.createdAt };
      if (media.length > 0) d.media ??= {};
      // A retired document stays retired in the joined library (isRetiredMedia).
      for (const [id, e] of media) d.media![id as never] = { doc: e.doc, device: e.device, createdAt: e.createdAt, ...(isRetiredMedia(e) ? { retiredAt: e.retiredAt } : {}) };
    });
    touched.add(root);
  }
  // Every document, whether or not anything of ours was merged in: the joined library must open from this browser's storage alone.
  return { merged, persist: () => persister.persist([root, ...theirs, ...touched]) };
}

/** A plain copy of an entry from another document (Automerge values cannot be moved between documents). */
function copyEntry(e: CatalogEntryV1): CatalogEntryV1 {
  const plain = JSON.parse(JSON.stringify(e, (_k, v) => (v instanceof ImmutableString ? { __imm: v.val } : v))) as Record<string, unknown>;
  const revive = (v: unknown): unknown => (v && typeof v === 'object' && '__imm' in (v as object) ? new ImmutableString(String((v as { __imm: string }).__imm)) : v);
  for (const k of IMMUTABLE) plain[k] = plain[k] === null || plain[k] === undefined ? null : revive(plain[k]);
  plain.id = e.id as ClipId;
  return plain as unknown as CatalogEntryV1;
}

/** `repo.find` with a time limit and a message the user can act on. */
async function findWithin<T>(repo: Repo, url: DocUrl, timeoutMs: number): Promise<DocHandle<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      repo.find<T>(url),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs))),
    ]);
  } catch {
    throw new AppFailure('not-found', 'No sync server holds a library at that URL (or none answered). Check the URL and that sync is on with the same server as the other browser. Your own library is unchanged.');
  } finally {
    clearTimeout(timer);
  }
}
