import type { Persister } from './persist';
import type { LibraryRoot } from './root';

/** The library's write lock (`ClipWriter.run` without the journal drain: healing only copies what the root already holds). */
type Run = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Copies into the root's visible `media` and `views` maps the entries two devices' concurrent maps
 * hid (map-conflicts.ts), in one durable write under the lock; resolves how many were copied (0,
 * writing nothing, when none were hidden or the library is read-only).
 */
export function healRoot(root: LibraryRoot, run: Run, persister: Persister): Promise<number> {
  return run(async () => {
    const n = root.heal();
    if (n > 0) await persister.persist([root.handle]);
    return n;
  });
}

/**
 * Follows the root's changes (made here or arriving through sync): tells `onChange` (the side
 * panels read the saved views again), and heals the root when a merge hid entries. Returns the
 * function that stops following.
 */
export function followRoot(root: LibraryRoot, run: Run, persister: Persister, onChange: () => void): () => void {
  const changed = () => {
    onChange();
    if (root.hidden() > 0) void healRoot(root, run, persister).catch((e) => console.error('Commonplace: the library root could not be merged; it is tried again at the next change or start.', e));
  };
  root.handle.on('heads-changed', changed);
  return () => root.handle.off('heads-changed', changed);
}
