import { getConflicts, ImmutableString, type Doc } from '@automerge/automerge/slim';

/**
 * Maps that two devices made at once. `d.media ??= {}` run on two devices that had not yet seen
 * each other's change makes two map objects at one key; when they merge, Automerge shows one of
 * them and keeps the other only as a conflict, so every entry the other device wrote into its map
 * disappears from view (a media document, a saved view). Readers go through `mergedMap` (every
 * version's entries), and `healMap` copies the hidden entries into the visible map in a change, so
 * other readers (an export, an older Commonplace) see them too.
 *
 * The maps this serves only grow, or mark removals in the entry (`deletedAt`), so a union is the
 * right merge: an entry removed by deleting its key would come back from the hidden copy.
 */

/** Which of two versions of one entry to keep: true keeps `theirs` (a hidden version) over `ours` (the visible one). */
export type Prefer<T> = (theirs: T, ours: T) => boolean;

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof ImmutableString) && !(v instanceof Uint8Array);

/**
 * The map at `parent[key]` as shown (`visible`: null when what is shown is not a map), and every
 * concurrent version of it (`all`), the visible one among them (each read makes a new proxy, so it
 * is not told apart; going over it again changes nothing). `all` is empty when there is no conflict.
 */
function versions(parent: object, key: string): { visible: Record<string, unknown> | null; all: Array<Record<string, unknown>> } {
  const shown = (parent as Record<string, unknown>)[key];
  const conflicts = conflictsOf(parent, key);
  const all: Array<Record<string, unknown>> = [];
  if (conflicts && Object.keys(conflicts).length > 1) for (const v of Object.values(conflicts) as unknown[]) if (isMap(v)) all.push(v);
  return { visible: isMap(shown) ? shown : null, all };
}

/** The entries of `all` that `visible` lacks or (with `prefer`) holds an older version of, as [key, value]. */
function* missing<T>(visible: Record<string, unknown> | null, all: Array<Record<string, unknown>>, prefer?: Prefer<T>): Generator<[string, T]> {
  for (const version of all) for (const [k, v] of Object.entries(version)) if (!visible || !(k in visible) || prefer?.(v as T, visible[k] as T)) yield [k, v as T];
}

/**
 * The entries of the map at `parent[key]` in every version two devices made at once: the visible
 * map's, and each hidden version's entries the visible one lacks (or, with `prefer`, holds an
 * older version of). `{}` when there is no map.
 */
export function mergedMap<T>(parent: object, key: string, prefer?: Prefer<T>): Record<string, T> {
  const { visible, all } = versions(parent, key);
  if (all.length === 0) return (visible ?? {}) as Record<string, T>;
  const out: Record<string, T> = { ...(visible as Record<string, T> | null) };
  for (const [k, v] of missing(visible, all, prefer)) if (!(k in out) || prefer?.(v, out[k]!)) out[k] = v;
  return out;
}

/** How many entries `healMap` would copy: 0 when every version's entries are in the visible map. */
export function hiddenEntries<T>(parent: object, key: string, prefer?: Prefer<T>): number {
  const { visible, all } = versions(parent, key);
  let n = 0;
  for (const _ of missing(visible, all, prefer)) n++;
  return n;
}

/**
 * Inside a change (`draft` is the object holding the map): copies into the visible map at
 * `draft[key]` every entry only a hidden version holds (or, with `prefer`, a newer version of it).
 * Returns how many were copied. The conflict itself stays in the document's history; the visible
 * map now holds everything.
 */
export function healMap<T>(draft: object, key: string, prefer?: Prefer<T>): number {
  const { visible, all } = versions(draft, key);
  const copies = [...missing<T>(visible, all, prefer)].map(([k, v]) => [k, plainCopy(v)] as const);
  if (copies.length === 0) return 0;
  const holder = draft as Record<string, unknown>;
  // Something other than a map won (never written by Commonplace): a new map takes every version's entries.
  if (!visible) holder[key] = {};
  const target = holder[key] as Record<string, unknown>;
  let n = 0;
  for (const [k, v] of copies) {
    if (k in target && !prefer?.(v as T, target[k] as T)) continue;
    target[k] = v;
    n++;
  }
  return n;
}

/** Automerge's conflicts at `parent[key]`; none for a plain object (a test's, a value already copied out of a document). */
export function conflictsOf(parent: object, key: string): Record<string, unknown> | undefined {
  try {
    return getConflicts(parent as Doc<unknown>, key) as Record<string, unknown> | undefined;
  } catch {
    return undefined;
  }
}

/** A value read from a document, as a new plain value to assign elsewhere (a document's object cannot be assigned twice). */
function plainCopy(v: unknown): unknown {
  if (v instanceof ImmutableString) return new ImmutableString(v.val);
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(plainCopy);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainCopy(x)]));
}
