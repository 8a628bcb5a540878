import * as A from '@automerge/automerge/slim';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import type { Library } from '../../../src/library/library';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import type { ViewSpec } from '../../../src/schema/saved-view';
import { openLibrary } from './helpers';

/** Saved views' tests: a spec, two devices of one library, and the root carried between them as sync would. */

export const spec = (patch: Partial<ViewSpec> = {}): ViewSpec => ({ query: 'rust', state: 'unread', tag: 'work', sort: 'saved', site: '', from: '', to: '', ...patch });

/** The root's document handle of a library (what sync moves). */
export const rootOf = (lib: Library) => (lib as unknown as { root: { handle: { doc(): A.Doc<LibraryDoc>; update(fn: (d: A.Doc<LibraryDoc>) => A.Doc<LibraryDoc>): void } } }).root.handle;

/** Carries the root of `from` into `to`, as a sync message would (a remote change). */
export function carryRoot(from: Library, to: Library): void {
  const theirs = rootOf(from).doc();
  rootOf(to).update((d) => A.merge(A.clone(d), theirs));
}

/** Two devices of one library: B opened from A's storage (after `prepare` on A). */
export async function twoDevices(prepare?: (lib: Awaited<ReturnType<typeof openLibrary>>) => Promise<void>) {
  const a = await openLibrary();
  await prepare?.(a);
  await a.library.settled();
  await a.repo.flush();
  const b = await openLibrary(a.storage.snapshot(), new MemoryClipIndex(), a.url);
  return { a, b };
}

export const settle = () => new Promise((r) => setTimeout(r, 20));
