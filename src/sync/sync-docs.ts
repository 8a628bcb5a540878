import type { DocHandle } from '@automerge/automerge-repo/slim';
import type { DocUrl } from '../schema/ids';

/** The library's documents, as sync sees them (see `Library.syncDocs`). */
export interface SyncDocs {
  /** Documents that stay loaded and sync continuously while a server is connected (root, catalogs). */
  pinned(): ReadonlyArray<DocHandle<unknown>>;
  /** Every content document (the list grows as other devices add theirs). */
  contents(): DocUrl[];
  /** For each content (or media) document, what the catalogs point at in it (article item keys; media parts): what it must hold. */
  expected(): Map<DocUrl, string[]>;
  /** Whether a loaded document holds every one of `refs` (absent: each is a key of its `items`). */
  holds?(doc: unknown, refs: readonly string[]): boolean;
  /** Runs `fn` with a content document loaded (the library's handle cache, so memory stays bounded). */
  use<T>(url: DocUrl, fn: (handle: DocHandle<unknown>) => Promise<T>): Promise<T>;
  /** Runs before each pass, with a server connected (the library makes its list document here); a failure is logged, the pass goes on. */
  beforePass?(): Promise<void>;
  /** Registers the one listener told about each content document just before it is unloaded. */
  onUnload?(fn: (handle: DocHandle<unknown>) => void): void;
}

/** How `SyncEngine` paces and times a pass. */
export interface SyncEngineOptions {
  /** Content documents checked or transferred at once. Each holds at most 2 MB (compressed), so bytes in flight stay under ~8 MB. */
  readonly concurrency?: number;
  /** How long a server may take to answer a connection before it shows as offline. */
  readonly connectTimeoutMs?: number;
  /** How long one content document may take to reach a server before the pass moves on (it is retried next pass). */
  readonly docTimeoutMs?: number;
  /** After this long with no answer for a document being confirmed, its sync exchange is started again (see `nudge`). */
  readonly nudgeMs?: number;
  /** How soon a pass that left documents behind is run again (15 s); read each time one does. */
  readonly retryFailedMs?: number;
}
