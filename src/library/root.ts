import type { DocHandle, Repo } from '@automerge/automerge-repo/slim';
import type { ContentShardId, DocUrl, MediaShardId, ViewId } from '../schema/ids';
import { newerStoredView, type SavedViewV1 } from '../schema/saved-view';
import { isRetiredMedia, LIBRARY_SCHEMA_VERSION, type ContentShardEntry, type LibraryDoc, type MediaShardEntry } from '../schema/library-doc';
import { migrationState } from '../schema/migrations';
import { AppFailure } from '../util/result';
import { Catalogs } from './catalogs';
import { healMap, hiddenEntries, mergedMap, type Prefer } from './map-conflicts';

/** Of two versions of one media entry (concurrent `media` maps), a retired one wins: retirement is never taken back. */
const retiredFirst: Prefer<MediaShardEntry> = (theirs, ours) => isRetiredMedia(theirs) && !isRetiredMedia(ours);

/**
 * The library's root document: the one document a device needs to find everything else —
 * the 16 catalogs and every content document (`LibraryDocV2`). Another browser joins a
 * library by its URL. This class reads it and changes it in memory; the caller persists.
 */
export class LibraryRoot {
  private constructor(readonly handle: DocHandle<LibraryDoc>) {}

  /**
   * Finds the root document `url`, or creates a new library when `url` is null: the root
   * and its 16 catalogs, returned as `created` for the caller to persist in one batch.
   * Migrations are not run here (see migrate-v1.ts, run inside the write lock).
   */
  static async open(repo: Repo, url: DocUrl | null, now: number): Promise<{ root: LibraryRoot; created: Array<DocHandle<unknown>> | null }> {
    if (url) {
      try {
        return { root: new LibraryRoot(await repo.find<LibraryDoc>(url)), created: null };
      } catch {
        throw new AppFailure('storage-failed', `The library document ${url} could not be loaded from this browser's storage.`);
      }
    }
    const catalogs = Catalogs.create(repo);
    const handle = repo.create<LibraryDoc>();
    handle.change((d) => {
      d.schema = 'commonplace/library';
      d.schemaVersion = LIBRARY_SCHEMA_VERSION;
      d.createdAt = now;
      d.catalogs = {};
      catalogs.forEach((c, slot) => void (d.catalogs[String(slot)] = c.url as DocUrl));
      d.contents = {};
      // Made with the library, so two devices never each make one (see map-conflicts.ts).
      d.media = {};
      d.views = {};
    });
    return { root: new LibraryRoot(handle), created: [...catalogs, handle] };
  }

  get url(): DocUrl {
    return this.handle.url as DocUrl;
  }

  get version(): number {
    const v = this.handle.doc().schemaVersion;
    return typeof v === 'number' ? v : 0;
  }

  /** Written by a newer Commonplace: read, never written. */
  get readOnly(): boolean {
    return migrationState(this.handle.doc().schemaVersion, LIBRARY_SCHEMA_VERSION) === 'too-new';
  }

  /** Catalog slot → document. */
  catalogs(): Readonly<Record<string, DocUrl>> {
    return this.handle.doc().catalogs ?? {};
  }

  /** Every content document. */
  contents(): Readonly<Record<string, ContentShardEntry>> {
    return this.handle.doc().contents ?? {};
  }

  content(id: ContentShardId): ContentShardEntry | undefined {
    return this.contents()[id];
  }

  /**
   * Every media document (images and snapshots), retired ones included; none in a root written
   * before saved images. Every version of the map two devices made at once (map-conflicts.ts),
   * a retired version of an entry over a live one.
   */
  media(): Readonly<Record<string, MediaShardEntry>> {
    return mergedMap<MediaShardEntry>(this.handle.doc(), 'media', retiredFirst);
  }

  /** The saved views as stored, deleted ones too (`deletedAt`), from every version of the map two devices made at once; the newer version of a view wins. */
  views(): Readonly<Record<ViewId, SavedViewV1>> {
    return mergedMap<SavedViewV1>(this.handle.doc(), 'views', newerStoredView);
  }

  /** How many entries of `media` and `views` only a hidden concurrent version of their map holds (`heal` copies them). */
  hidden(): number {
    const doc = this.handle.doc();
    return hiddenEntries(doc, 'media', retiredFirst) + hiddenEntries<SavedViewV1>(doc, 'views', newerStoredView);
  }

  /**
   * Copies into the visible `media` and `views` maps the entries two devices' concurrent maps hid
   * (in memory: the caller persists, under the write lock). Returns how many were copied.
   */
  heal(): number {
    if (this.hidden() === 0 || this.readOnly) return 0;
    let n = 0;
    this.handle.change((d) => void (n = healMap(d, 'media', retiredFirst) + healMap<SavedViewV1>(d, 'views', newerStoredView)));
    return n;
  }

  mediaShard(id: MediaShardId): MediaShardEntry | undefined {
    return this.media()[id];
  }

  /**
   * Marks this device's media documents `ids` retired at `at` (in memory: the caller persists, under
   * the write lock), each in the visible map (hidden versions copied in first). Returns those marked.
   */
  retireMedia(ids: readonly MediaShardId[], at: number): MediaShardId[] {
    const marked: MediaShardId[] = [];
    if (ids.length === 0 || this.readOnly) return marked;
    this.handle.change((d) => {
      healMap(d, 'media', retiredFirst);
      for (const id of ids) {
        const e = d.media?.[id];
        if (!e || isRetiredMedia(e)) continue;
        e.retiredAt = at;
        marked.push(id);
      }
    });
    return marked;
  }

  /** Changes the root in memory (the caller persists it). */
  change(fn: (d: LibraryDoc) => void): void {
    this.handle.change(fn);
  }
}
