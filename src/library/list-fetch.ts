import type { DocumentId, Repo } from '@automerge/automerge-repo/slim';
import { CATALOG_SLOTS } from '../schema/catalog-doc';
import type { DocUrl } from '../schema/ids';
import { CATALOGS_SCHEMA, CATALOGS_SCHEMA_VERSION, LIST_SCHEMA, LIST_SCHEMA_VERSION, type CatalogsDocV1, type ListDocV1, type ListRef } from '../schema/list-doc';
import { migrationState } from '../schema/migrations';
import { within } from '../snapshot/resources';
import { allowAgain, dropReadOnce } from '../sync/refuse';
import { DocStorage } from './doc-storage';
import { inflateListRows } from './list-snapshot';

/** When a fetched document's chunks are removed again (after any save the Repo had scheduled on its arrival). */
const LEFTOVER_REMOVAL_MS = 1_000;

/**
 * Fetches a document this device reads once and does not keep (a list or catalog snapshot
 * document), and gives `read` its contents; null when it is not found within `timeoutMs`
 * (or is unavailable) or `read` refuses it. The document is dropped at once, before the caller
 * decodes what `read` returned, and refused from peers from then on (`dropReadOnce`: the rest
 * of the exchange would bring it back); a save the Repo had scheduled on its arrival
 * (throttled, ~100 ms) may still land after the delete, so its chunks are removed again a
 * second later.
 */
async function fetchOnce<D, T>(repo: Repo, url: DocUrl, timeoutMs: number, read: (doc: Partial<D>) => T | null): Promise<T | null> {
  const id = url.slice('automerge:'.length) as DocumentId;
  allowAgain(repo, id);
  DocStorage.of(repo)?.expectNew(id);
  try {
    const handle = await within(repo.find<D>(url), timeoutMs);
    return handle ? read(handle.doc() as Partial<D>) : null;
  } finally {
    dropReadOnce(repo, id);
    setTimeout(() => void repo.storageSubsystem?.removeDoc(id).catch(() => undefined), LEFTOVER_REMOVAL_MS);
  }
}

/**
 * Fetches a list document (through the connected servers) and gives the JSON text of its rows
 * (UTF-8), inflated (bounded) but neither decoded nor parsed: a joining browser stores it as its preview as it is, and
 * the list's readers parse and check each row (`parseListRows`), so the joining service worker,
 * busy receiving the library, spends nothing more on it (parsing and checking 1,000 rows there
 * took 15-20 ms of a contended worker, and writing them as objects 8 ms more). Null when there
 * is none to read: no pointer, not found within `timeoutMs`, another schema, a newer version,
 * or damaged (not inflating, or not a JSON array). It is not kept here.
 */
export async function fetchListText(repo: Repo, ref: ListRef | null, timeoutMs: number): Promise<Uint8Array | null> {
  if (!ref) return null;
  const bytes = await fetchOnce<ListDocV1, Uint8Array>(repo, ref.doc, timeoutMs, (d) =>
    d.schema === LIST_SCHEMA && migrationState(d.schemaVersion, LIST_SCHEMA_VERSION) === 'current' && d.rows instanceof Uint8Array ? d.rows : null,
  );
  const text = bytes ? await inflateListRows(bytes).catch(() => null) : null;
  return text !== null && startsAList(text) ? text : null;
}

/** Whether UTF-8 JSON text starts with `[` (after any white space): a cheap refusal of what is no list at all. */
function startsAList(utf8: Uint8Array): boolean {
  for (const b of utf8) {
    if (b === 0x5b) return true;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return false;
}

/**
 * Fetches the catalog snapshot document `ref` names and stores each saved catalog in this
 * device's storage under the catalog document it copies (`DocStorage.adopt`), so that the
 * Repo loads the catalogs from there and syncs only what changed since. Only a copy of the
 * catalog `catalogs` names for its slot, not loaded or stored here yet, is taken; a copy that
 * does not load is left out (sync brings that catalog whole). Returns how many were stored.
 */
export async function adoptCatalogs(repo: Repo, ref: ListRef | null, catalogs: Readonly<Record<string, DocUrl>>, timeoutMs: number): Promise<number> {
  const storage = DocStorage.of(repo);
  if (!ref?.catalogs || !storage) return 0;
  const slots = await fetchOnce<CatalogsDocV1, CatalogsDocV1['slots']>(repo, ref.catalogs, timeoutMs, (d) =>
    d.schema === CATALOGS_SCHEMA && migrationState(d.schemaVersion, CATALOGS_SCHEMA_VERSION) === 'current' && d.slots && typeof d.slots === 'object' ? d.slots : null,
  );
  if (!slots) return 0;
  let stored = 0;
  for (let slot = 0; slot < CATALOG_SLOTS; slot++) {
    const copy = slots[String(slot)];
    const url = catalogs[String(slot)];
    if (!url || copy?.doc !== url || !(copy.bytes instanceof Uint8Array)) continue;
    const id = url.slice('automerge:'.length) as DocumentId;
    if (repo.handles[id]) continue;
    if (await storage.adopt(id, copy.bytes)) stored++;
  }
  return stored;
}
