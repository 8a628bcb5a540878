import { ImmutableString } from '@automerge/automerge/slim';
import type { DocHandle } from '@automerge/automerge-repo/slim';
import { newViewId, type ViewId } from '../schema/ids';
import { MAX_SAVED_VIEWS, MAX_VIEW_NAME_CHARS } from '../schema/plain-values';
import { isViewSpec } from '../schema/view-spec-guard';
import { newerStoredView, SAVED_VIEW_VERSION, type SavedView, type SavedViewList, type SavedViewV1, type SaveViewRequest, type ViewSpec } from '../schema/saved-view';
import { retagQuery } from '../search/retag-query';
import { AppFailure, err, ok, type Result } from '../util/result';
import { str, strOrNull } from './catalogs';
import { healMap } from './map-conflicts';
import type { Persister } from './persist';
import type { LibraryRoot } from './root';
import { cleanLabel, storedTagKey } from './tags';

/**
 * The side panel's saved views: a name for a whole choice of list (the words typed, the filter
 * bar's state and tag, the order, a site, a date range), kept in the library root (`views`), so
 * every browser of the library offers them. Writes go through the library's one write lock and are
 * durable when they resolve; each assigns only the fields it changes, and a deletion is a mark
 * (`deletedAt`), so two devices' edits merge and nothing one of them did comes back undone.
 */
export class SavedViews {
  constructor(
    private readonly root: LibraryRoot,
    private readonly persister: Persister,
    /** The library's write lock (`ClipWriter.run`): refuses a read-only library, drains the journal first. */
    private readonly run: <T>(task: () => Promise<T>) => Promise<T>,
    private readonly now: () => number,
  ) {}

  /** The views not deleted, oldest first, and how many stored ones could not be read. */
  list(): SavedViewList {
    const views: SavedView[] = [];
    let unreadable = 0;
    for (const [id, stored] of Object.entries(this.root.views())) {
      if (stored?.deletedAt != null) continue;
      const view = readStoredView(id as ViewId, stored);
      if (view) views.push(view);
      else unreadable++;
    }
    views.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    return { views, unreadable, readOnly: this.root.readOnly };
  }

  /**
   * Makes a view (no `viewId`), renames one and/or points it at a new spec, or makes a deleted one
   * live again with its id (an undo). Refuses an empty or over-long name, a new view past
   * `MAX_SAVED_VIEWS`, and a view a newer version wrote; answers the view as stored.
   */
  save(req: SaveViewRequest): Promise<SavedView> {
    return this.run(async () => {
      const name = normalizeViewName(req.name);
      if (!name.ok) throw new AppFailure(name.error.code, name.error.message);
      // A spec no reader can show (a tag of only spaces): stored, it would be counted unreadable at once.
      if (req.spec && !isViewSpec(req.spec)) throw new AppFailure('bad-request', 'A view needs a tag with a visible name, or none.');
      const stored = req.viewId ? this.root.views()[req.viewId] : undefined;
      const current = stored ? readStoredView(req.viewId!, stored) : null;
      if (stored && !current) throw new AppFailure('read-only', 'This view was saved by a newer version of Commonplace. Update the extension to change it.');
      const live = current !== null && stored?.deletedAt == null;
      if (!live && this.list().views.length >= MAX_SAVED_VIEWS) throw new AppFailure('bad-request', `A library keeps at most ${MAX_SAVED_VIEWS} saved views. Delete one to save another.`);
      // A rename keeps the view's spec, only while it is live: one deleted on another device is not brought back by it.
      const spec = req.spec ?? (live ? current.spec : undefined);
      if (!spec) throw new AppFailure('not-found', 'That view is no longer in the library (it may have been deleted on another device).');
      const id = req.viewId ?? newViewId();
      const at = laterThan(stored, this.now());
      this.root.change((d) => {
        healMap(d, 'views', newerStoredView);
        d.views ??= {};
        const v = d.views[id];
        if (!v) d.views[id] = storedView(name.value, spec, current?.createdAt ?? at, at);
        else {
          // Only what changed, so a rename here and a new query elsewhere both survive a merge.
          const next = storedView(name.value, spec, current!.createdAt, at);
          for (const k of STRING_FIELDS) if (strOrNull(v[k]) !== strOrNull(next[k])) (v as unknown as Record<string, unknown>)[k] = next[k];
          if (v.deletedAt != null) v.deletedAt = null;
          v.changedAt = at;
        }
      });
      await this.persister.persist([this.root.handle]);
      return readStoredView(id, this.root.views()[id]!)!;
    });
  }

  /**
   * Points every live view of the tag whose stored key is `fromKey` at `to` (a tag renamed or merged
   * in the Tags view): its tag filter, and each `tag:` term typed in its query (`retagQuery`).
   * Without it the view kept asking for a tag no clip has and listed nothing. Only the fields that
   * change are written. In memory only: the caller holds the write lock and writes the root (the
   * handle returned, none when no view changed) in the batch that renames the clips' tags, so a
   * full disk leaves both renamed or neither (`ClipOrganiser.renameTag`).
   */
  retagInMemory(fromKey: string, to: string): Array<DocHandle<unknown>> {
    const changes = this.list().views.flatMap((v) => {
      const tag = v.spec.tag !== null && storedTagKey(v.spec.tag) === fromKey && v.spec.tag !== to ? to : null;
      const query = retagQuery(v.spec.query, fromKey, to);
      return tag !== null || query !== v.spec.query ? [{ id: v.id, tag, query: query !== v.spec.query ? query : null }] : [];
    });
    if (changes.length === 0) return [];
    this.root.change((d) => {
      healMap(d, 'views', newerStoredView);
      for (const c of changes) {
        const v = d.views?.[c.id];
        if (!v) continue;
        if (c.tag !== null) v.tag = new ImmutableString(c.tag);
        if (c.query !== null) v.query = new ImmutableString(c.query);
        v.changedAt = laterThan(v, this.now());
      }
    });
    return [this.root.handle];
  }

  /**
   * Adds the saved views of a restored backup (a whole-library Commonplace export) in one durable
   * write, merged as its clips are: a view whose id the library holds, live or deleted, stays as
   * the library has it (it may be newer; a deletion is not undone), and so does a live view of the
   * same name and spec under another id (made again by hand); the rest are written with their
   * own id, dates and spec, up to `MAX_SAVED_VIEWS` live views. Why: the views live in the root,
   * not in a clip, and were lost in a backup → restore round trip. Resolves with how many were
   * added and the names of those left out for want of room (for the import's report).
   */
  restore(views: readonly RestoredView[]): Promise<{ added: number; leftOut: string[] }> {
    return this.run(async () => {
      const held = this.root.views();
      const live = this.list().views;
      const same = new Set(live.map(viewKey));
      const add: RestoredView[] = [];
      const leftOut: string[] = [];
      for (const v of views) {
        const name = normalizeViewName(v.name);
        const key = name.ok ? viewKey({ name: name.value, spec: v.spec }) : '';
        if (!name.ok || !isViewSpec(v.spec) || Object.hasOwn(held, v.id) || same.has(key)) continue;
        if (live.length + add.length >= MAX_SAVED_VIEWS) leftOut.push(name.value);
        else add.push({ ...v, name: name.value });
        same.add(key);
      }
      if (add.length === 0) return { added: 0, leftOut };
      const now = this.now();
      this.root.change((d) => {
        healMap(d, 'views', newerStoredView);
        d.views ??= {};
        for (const v of add) {
          const at = (t: number) => (Number.isFinite(t) && t > 0 ? t : now);
          if (!d.views[v.id]) d.views[v.id] = storedView(v.name, v.spec, at(v.createdAt), at(v.changedAt));
        }
      });
      await this.persister.persist([this.root.handle]);
      return { added: add.length, leftOut };
    });
  }

  /** Deletes a view (a mark: `save` with its id brings it back). Resolves false when it was not there. */
  remove(id: ViewId): Promise<boolean> {
    return this.run(async () => {
      const stored = this.root.views()[id];
      if (!stored || stored.deletedAt != null) return false;
      const at = laterThan(stored, this.now());
      this.root.change((d) => {
        healMap(d, 'views', newerStoredView);
        d.views ??= {};
        const v = d.views[id];
        if (!v) return;
        v.deletedAt = at;
        v.changedAt = at;
      });
      await this.persister.persist([this.root.handle]);
      return true;
    });
  }
}

/** A saved view of a backup to restore (`SavedViews.restore`): as the UI sees it, with the date of its last change. */
export interface RestoredView extends SavedView {
  readonly changedAt: number;
}

/** What tells two views apart for a restore: the name and every field of the spec (an id aside). */
const viewKey = (v: Pick<SavedView, 'name' | 'spec'>): string => JSON.stringify([v.name, v.spec.query, v.spec.state, v.spec.tag, v.spec.sort, v.spec.site, v.spec.from, v.spec.to]);

/**
 * The time a write of a view records: now, or just after the version it changes when that one is
 * dated later (another device's clock ahead). Versions of a view are told apart by `changedAt`
 * (`newerStoredView`), so a write dated before what it replaces would lose to it and be undone.
 */
function laterThan(stored: SavedViewV1 | undefined, now: number): number {
  const seen = typeof stored?.changedAt === 'number' && Number.isFinite(stored.changedAt) ? stored.changedAt : -Infinity;
  return Math.max(now, seen + 1);
}

/** The string fields of a stored view, each assigned on its own. */
const STRING_FIELDS = ['name', 'query', 'state', 'tag', 'sort', 'site', 'from', 'to'] as const;

function storedView(name: string, spec: ViewSpec, createdAt: number, at: number): SavedViewV1 {
  const imm = (s: string) => new ImmutableString(s);
  return {
    v: SAVED_VIEW_VERSION,
    name: imm(name),
    query: imm(spec.query),
    state: imm(spec.state),
    tag: spec.tag === null ? null : imm(spec.tag),
    sort: imm(spec.sort),
    site: imm(spec.site),
    from: imm(spec.from),
    to: imm(spec.to),
    createdAt,
    changedAt: at,
    deletedAt: null,
  };
}

/**
 * A stored view as the UI gets it, checked field by field (another device or a newer version may
 * have written anything); null when it is not one this version can show.
 */
export function readStoredView(id: ViewId, v: SavedViewV1 | undefined): SavedView | null {
  if (!v || typeof v !== 'object' || v.v !== SAVED_VIEW_VERSION) return null;
  const name = normalizeViewName(str(v.name));
  const spec = { query: str(v.query), state: str(v.state), tag: strOrNull(v.tag), sort: str(v.sort), site: str(v.site), from: str(v.from), to: str(v.to) };
  if (!name.ok || !isViewSpec(spec)) return null;
  const createdAt = typeof v.createdAt === 'number' && Number.isFinite(v.createdAt) ? v.createdAt : 0;
  return { id, name: name.value, spec, createdAt };
}

/** A view's name as typed → as stored: one line of visible text (`cleanLabel`), 1 to `MAX_VIEW_NAME_CHARS` characters. */
export function normalizeViewName(raw: string): Result<string> {
  const name = cleanLabel(raw);
  if (name === '') return err('bad-request', 'A view needs a name.');
  const length = [...name].length;
  if (length > MAX_VIEW_NAME_CHARS) return err('bad-request', `A view's name can be at most ${MAX_VIEW_NAME_CHARS} characters; this one has ${length}. Shorten it.`);
  return ok(name);
}
