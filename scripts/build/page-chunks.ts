/**
 * Rollup's `manualChunks` for the extension pages: everything the side panel's entry imports
 * statically and shares with another page or a lazy chunk goes into one chunk, `panel-shared`.
 *
 * Why: by default Rollup splits shared code by which entries reach it, and the side panel's
 * first paint waited on six small chunks besides its own (plus two stylesheets). Each file an
 * extension page loads is a request to the browser process, issued while the page is parsed; on
 * a 2-core machine the nine requests cost the list's first rows 7-25 ms of their 100 ms
 * budget at 10,000 clips (issue 12, docs/benchmarks.md). Modules only the side panel uses stay in
 * its own entry chunk, so no page runs another page's start-up code; the popup and the options
 * page may load a few kilobytes of the panel's shared code they do not call.
 */

/** The parts of Rollup's module info this rule reads. */
export interface ModuleFacts {
  readonly isEntry: boolean;
  readonly importedIds: readonly string[];
  readonly dynamicallyImportedIds: readonly string[];
}

/** What Rollup passes `manualChunks` beside the module id. */
export interface ChunkMeta {
  getModuleIds(): IterableIterator<string>;
  getModuleInfo(id: string): ModuleFacts | null;
}

const PANEL_ENTRY = /[\\/]entrypoints[\\/]sidepanel[\\/]index\.html$/;

/** The modules reached from `roots` by static imports. */
function staticClosure(roots: Iterable<string>, info: (id: string) => ModuleFacts | null): Set<string> {
  return closure(roots, (id) => info(id)?.importedIds ?? []);
}

/** Every node reached from `roots` through `next` (the roots included): a module or chunk graph walked once, each node visited once. */
export function closure(roots: Iterable<string>, next: (id: string) => Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const n of next(id)) if (!seen.has(n)) queue.push(n);
  }
  return seen;
}

/**
 * The modules to put in `panel-shared`: in the side panel's static graph (not its entry), and
 * reached statically from some other entry or from a lazily loaded module.
 */
export function panelSharedModules(meta: ChunkMeta): Set<string> {
  const ids = [...meta.getModuleIds()];
  const info = (id: string) => meta.getModuleInfo(id);
  const panel = ids.find((id) => PANEL_ENTRY.test(id) && info(id)?.isEntry);
  if (panel === undefined) return new Set();
  const panelGraph = staticClosure([panel], info);
  const lazy = ids.flatMap((id) => [...(info(id)?.dynamicallyImportedIds ?? [])]);
  const otherRoots = [...ids.filter((id) => id !== panel && info(id)?.isEntry), ...lazy];
  const elsewhere = staticClosure(otherRoots, info);
  const shared = new Set<string>();
  for (const id of panelGraph) if (id !== panel && elsewhere.has(id)) shared.add(id);
  return shared;
}

/** A `manualChunks` function for the extension pages' build (computed once per build). */
export function pageChunks(): (id: string, meta: ChunkMeta) => string | undefined {
  let shared: Set<string> | null = null;
  return (id, meta) => {
    shared ??= panelSharedModules(meta);
    return shared.has(id) ? 'panel-shared' : undefined;
  };
}
