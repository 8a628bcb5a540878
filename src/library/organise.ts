import { updateText } from '@automerge/automerge/slim';
import type { DocHandle } from '@automerge/automerge-repo/slim';
import { catalogSlot } from '../schema/catalog-doc';
import type { BulkChange, BulkOutcome, ClipSummary, LibraryFacets } from '../schema/clip-summary';
import type { CatalogEntryV1 } from '../schema/catalog-doc';
import { statePredicate } from '../index-db/list-query';
import { LIST_STATES, type ListState } from '../schema/plain-values';
import type { ClipId } from '../schema/ids';
import { readingProgressOf } from '../schema/reading-progress';
import { AppFailure } from '../util/result';
import type { Catalogs } from './catalogs';
import type { ClipWriter } from './clip-writer';
import { rowOf } from './index-rows';
import { countTags, MAX_TAGS_PER_CLIP, normalizeTag, normalizeTags, shownSpelling, shownTags, storedTagKey, tagKey, type TagCount } from './tags';
import { healNote, noteOf, rebaseNote, spliceNote } from './note-merge';

/** Longest clip note, in characters. */
export const MAX_NOTE_CHARS = 100_000;

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (r.ok) return r.value;
  throw new AppFailure(r.error.code as never, r.error.message);
};

/**
 * Organising clips: tags (set per clip; renamed or merged across the library), archived,
 * favourite and a note. Every change goes through the one write path (`ClipWriter`) and is
 * durable when it resolves. Tags are a map (tag → true), so two devices adding tags merge; a
 * set is written as the difference from what is there, so a concurrent addition elsewhere
 * survives; given the list the editor started from (`base`), only the tags that edit added or
 * removed change, so a tag added elsewhere meanwhile survives too. The note is an Automerge
 * text: an editor's edit (from the text it last saw) is rebased onto the text there now
 * (text-merge.ts) and applied as splices, so edits made elsewhere meanwhile are kept and two
 * devices editing it merge character by character. `library.organise` is the instance.
 */
export class ClipOrganiser {
  private facetsCache: { of: readonly object[]; facets: LibraryFacets } | null = null;

  constructor(
    private readonly catalogs: Catalogs,
    private readonly writer: ClipWriter,
    private readonly now: () => number,
    /** As a tag is renamed (its stored key, the new name), under the write lock: the saved views of that tag follow it in memory (`SavedViews.retagInMemory`); the documents it changed, written in the rename's batch. */
    private readonly tagRenamed: (fromKey: string, to: string) => Array<DocHandle<unknown>> = () => [],
  ) {}

  /**
   * Sets a clip's tags to `raw` (normalised; refused with a message when one is empty or too
   * long). With `base`, the tags the editor showed when it made this edit, only the difference
   * is applied (compared by `tagKey`): tags in `base` not in `raw` are removed, tags in `raw` not
   * in `base` added, and any other tag there now (added elsewhere meanwhile) is kept.
   */
  async setTags(id: ClipId, raw: readonly string[], base?: readonly string[]): Promise<ClipSummary> {
    // With `base`, tags the editor showed and keeps are kept as stored, normalised or not (one an older import stored as "#").
    const unchanged = base === undefined ? [] : raw.filter((t) => base.includes(t));
    const tags = value(normalizeTags(base === undefined ? raw : raw.filter((t) => !base.includes(t))));
    if (base === undefined)
      return this.writer.change(id, (e) => {
        const want = new Map(tags.map((t) => [tagKey(t), t]));
        // Each wanted tag once, in the spelling asked for: other spellings of it (two devices' "Work" and "work") go too.
        for (const t of Object.keys(e.tags ?? {})) if (want.get(storedTagKey(t)) !== t) delete e.tags[t];
        if (!e.tags) e.tags = {};
        for (const t of tags) if (e.tags[t] !== true) e.tags[t] = true;
      });
    const was = new Set(base.map(storedTagKey));
    const want = new Set([...tags.map(tagKey), ...unchanged.map(storedTagKey)]);
    const added = tags.filter((t) => !was.has(tagKey(t)));
    return this.writer.changeWith(id, async (entry, commit) => {
      const kept = Object.keys(entry.tags ?? {}).filter((t) => want.has(storedTagKey(t)) || !was.has(storedTagKey(t)));
      const have = new Set(kept.map(storedTagKey));
      const adding = added.filter((t) => !have.has(tagKey(t)));
      if (have.size + adding.length > MAX_TAGS_PER_CLIP) throw new AppFailure('bad-request', `A clip can have at most ${MAX_TAGS_PER_CLIP} tags.`);
      return commit((e) => {
        if (!e.tags) e.tags = {};
        for (const t of Object.keys(e.tags)) if (!want.has(storedTagKey(t)) && was.has(storedTagKey(t))) delete e.tags[t];
        for (const t of adding) e.tags[t] = true;
      }, []);
    });
  }

  /** Archives (now) or un-archives a clip. */
  setArchived(id: ClipId, archived: boolean): Promise<ClipSummary> {
    const at = archived ? this.now() : null;
    return this.writer.change(id, (e) => void (e.archivedAt = at));
  }

  /** Marks a clip a favourite (now) or not. */
  setFavorite(id: ClipId, favorite: boolean): Promise<ClipSummary> {
    const at = favorite ? this.now() : null;
    return this.writer.change(id, (e) => void (e.favoriteAt = at));
  }

  /**
   * Records where a clip's reader was left (`offset`, a text offset: where every device reopens
   * it) and how far it has been read (`percent`; the furthest stays, so reading back up does not
   * lower it). The same position and no new furthest point write nothing: a reader reports on
   * every pause of its scroll, and each write is a change every device keeps.
   */
  setProgress(id: ClipId, offset: number, percent: number): Promise<ClipSummary> {
    return this.writer.changeWith(id, async (entry, commit) => {
      // Read as every reader reads it: a value another device wrote wrong is none, and is replaced whole.
      const was = readingProgressOf(entry.progress);
      const furthest = Math.max(percent, was?.percent ?? 0);
      if (was && was.percent === furthest && was.offset === offset) return rowOf(entry);
      const at = this.now();
      return commit((e) => {
        if (!was || !e.progress) return void (e.progress = { offset, percent: furthest, at });
        // Field by field: another device's write of one field merges with these.
        e.progress.offset = offset;
        e.progress.percent = furthest;
        e.progress.at = at;
      }, []);
    });
  }

  /** Sets a clip's note, as an edit of the collaborative text that is there (refused over `MAX_NOTE_CHARS`). */
  async setNote(id: ClipId, note: string): Promise<ClipSummary> {
    return (await this.editNote(id, note)).clip;
  }

  /**
   * Edits a clip's note. With `base`, the text the editor last had from here, the edit `base` →
   * `note` is rebased onto the note as it is now (`rebaseText`), so what another device or
   * editor wrote meanwhile is kept; without it, the note becomes `note` (a diff of the text
   * there). Resolves with the row and the note as stored, which the editor shows and takes as
   * its next base. Refused (`bad-request`) when the note or the merged text is over `MAX_NOTE_CHARS`.
   */
  async editNote(id: ClipId, note: string, base?: string): Promise<{ clip: ClipSummary; note: string }> {
    checkNoteLength(note);
    return this.writer.changeWith(id, async (entry, commit) => {
      // Every device's version (two that each wrote the first note offline made two texts: noteOf).
      const current = typeof entry.note === 'string' ? noteOf(entry) : null;
      if (current === null || base === undefined) {
        const clip = await commit((e) => {
          if (typeof e.note === 'string') updateText(e as never, ['note'], note);
          else e.note = note;
        }, []);
        return { clip, note };
      }
      // Already the edited text: this edit sent again (its answer was lost to a stopped background) is not made twice.
      if (current === note) return { clip: rowOf(entry), note: current };
      const merged = rebaseNote(base, note, current, MAX_NOTE_CHARS);
      if (merged.splices.length === 0) return { clip: rowOf(entry), note: current };
      // The shown text made to hold the other versions first: the edit was made on all of them.
      const clip = await commit((e) => (healNote(e), spliceNote(e, merged.splices)), []);
      return { clip, note: merged.text };
    });
  }

  /** A clip's row and note, and whether a newer version wrote it (then it is shown read-only); `not-found` when there is no such clip. */
  async readNote(id: ClipId): Promise<{ clip: ClipSummary; note: string; tooNew: boolean }> {
    // A clip saved a moment ago may still be in the capture journal: written into the documents first.
    if (!this.catalogs.entry(id)) await this.writer.run(() => this.writer.drain().catch(() => undefined), false);
    const entry = this.catalogs.entry(id);
    if (!entry) throw new AppFailure('not-found', 'That clip is not in this library (it may have been deleted on another device).');
    return { clip: rowOf(entry), note: noteOf(entry), tooNew: this.catalogs.readOnly(id) };
  }

  /**
   * Renames a tag on every clip that has it (compared by `tagKey`), or merges it into another
   * tag that exists already; deleted clips too, so an undo finds its tags. The saved views of the
   * tag are pointed at the new name in the same durable batch: a full disk leaves both renamed or
   * neither. Resolves with how many clips changed.
   */
  async renameTag(fromRaw: string, toRaw: string): Promise<{ clips: number; tag: string }> {
    const from = storedTagKey(fromRaw);
    const typed = value(normalizeTag(toRaw));
    const entries = [...this.catalogs.entries()];
    // Merging into a tag that exists keeps the spelling the tag list shows ("BETA" typed, "beta" there: "beta"; "Beta" and "beta" there: "Beta", `shownSpelling`).
    const spellings = tagKey(typed) === from ? [] : entries.flatMap((e) => Object.keys(e.tags ?? {})).filter((t) => storedTagKey(t) === tagKey(typed) && normalizeTag(t).ok);
    const existing = spellings.length === 0 ? undefined : spellings.reduce(shownSpelling);
    const to = existing ?? typed;
    const has = (e: CatalogEntryV1) => Object.keys(e.tags ?? {}).some((t) => storedTagKey(t) === from);
    const ids = entries.filter(has).map((e) => e.id);
    if (ids.length === 0) return { clips: 0, tag: to };
    let clips = 0;
    await this.writer.changeMany(ids, (e) => {
      // As the clip is now: a clip whose tag was removed since the list above was read (a write or a sync ahead in the queue) gains nothing.
      if (!has(e)) return;
      clips++;
      for (const t of Object.keys(e.tags)) if (storedTagKey(t) === from && t !== to) delete e.tags[t];
      const merged = Object.keys(e.tags).some((t) => storedTagKey(t) === tagKey(to) && t !== to);
      if (!merged && Object.keys(e.tags).length < MAX_TAGS_PER_CLIP) e.tags[to] = true;
    }, () => this.tagRenamed(from, to));
    return { clips, tag: to };
  }

  /**
   * Applies one change to many clips (the side panel's selection) in one durable batch: all of
   * it is stored, or none. Each clip is changed only where it differs (an archived clip stays
   * archived from when it was), so a repeated call changes nothing. Clips no longer there and
   * clips a newer version wrote are skipped, as are clips already at the tag limit when adding
   * a tag; a bad tag refuses the whole call (`bad-request`) before anything is written.
   */
  async changeMany(ids: readonly ClipId[], change: BulkChange): Promise<BulkOutcome> {
    const add = change.addTag === undefined ? null : value(normalizeTag(change.addTag));
    const remove = change.removeTag === undefined ? null : storedTagKey(change.removeTag);
    const unique = [...new Set(ids)];
    const writable = unique.filter((id) => !this.catalogs.readOnly(id));
    const at = this.now();
    const seen = { changed: 0, unchanged: 0, full: 0 };
    if (writable.length > 0) await this.writer.changeMany(writable, (e) => void seen[applyBulk(e, change, add, remove, at)]++);
    return { changed: seen.changed, unchanged: seen.unchanged, skipped: unique.length - seen.changed - seen.unchanged };
  }

  /** Removes a tag from every clip (compared by `tagKey`). One durable batch. */
  async deleteTag(raw: string): Promise<{ clips: number }> {
    const key = storedTagKey(raw);
    const ids = [...this.catalogs.entries()].filter((e) => Object.keys(e.tags ?? {}).some((t) => storedTagKey(t) === key)).map((e) => e.id);
    if (ids.length > 0) await this.writer.changeMany(ids, (e) => {
      for (const t of Object.keys(e.tags ?? {})) if (storedTagKey(t) === key) delete e.tags[t];
    });
    return { clips: ids.length };
  }

  /**
   * Counts per state and per tag over the listed, live clips: read from the catalogs in memory (no
   * article, no index), and kept until a catalog changes (Automerge keeps the identity of a
   * catalog's `clips` until a change touches it): a side panel asks at every view it opens, and
   * counting 10,000 entries took ~40 ms of the background's one thread, in front of the search
   * asked at the same moment. The answer is shared: callers must not change it.
   */
  facets(): LibraryFacets {
    const seen = this.catalogs.all.map((_, slot) => this.catalogs.clipsOf(slot));
    const cached = this.facetsCache;
    if (cached && cached.of.length === seen.length && cached.of.every((c, i) => c === seen[i])) return cached.facets;
    const facets = this.count();
    this.facetsCache = { of: seen, facets };
    return facets;
  }

  private count(): LibraryFacets {
    let live = 0;
    // The library's clips per list, and each tag's, decided as the lists decide (`statePredicate`).
    // `inState.all` is counted only because the per-tag counts need the "all" list: the library's own "all" is every live clip (`live`).
    const zeros = (): Record<ListState, number> => Object.fromEntries(LIST_STATES.map((s) => [s, 0])) as Record<ListState, number>;
    const inState = zeros();
    const tags = new Map<string, TagCount & { states: Record<ListState, number> }>();
    const lists = LIST_STATES.map((state) => [state, statePredicate(state)] as const);
    const inLists: ListState[] = [];
    const fresh = (tag: string) => ({ tag, count: 0, states: zeros() });
    const countStates = (seen: { states: Record<ListState, number> }) => {
      for (const state of inLists) seen.states[state]++;
    };
    this.catalogs.ensureKeyMap();
    for (const e of this.catalogs.entries()) {
      if (e.deletedAt !== null || !this.catalogs.isListed(e)) continue;
      live++;
      inLists.length = 0;
      // The lists read index rows: the entry's progress as a row has it.
      const fields = { readAt: e.readAt, archivedAt: e.archivedAt, favoriteAt: e.favoriteAt, progress: readingProgressOf(e.progress)?.percent };
      for (const [state, inList] of lists) if (inList(fields)) (inState[state]++, inLists.push(state));
      // Each tag once per clip, however many spellings of it the clip holds; shown in one spelling every device picks alike.
      countTags(tags, shownTags(e.tags), fresh, countStates);
    }
    const sorted = [...tags.values()].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
    // "All" here is every live clip, archived ones too (the "all" list leaves those out); read is what is neither unread nor archived.
    return { all: live, unread: inState.unread, reading: inState.reading, read: live - inState.unread - inState.archived, archived: inState.archived, favorites: inState.favorites, tags: sorted };
  }
}

/** Sets a date field to "now" or null where its state differs from `want`; whether it changed. */
function setState(e: CatalogEntryV1, field: 'readAt' | 'archivedAt' | 'favoriteAt' | 'deletedAt', want: boolean | undefined, at: number): boolean {
  if (want === undefined || (e[field] != null) === want) return false;
  e[field] = want ? at : null;
  return true;
}

/** One clip's share of a bulk change (inside its catalog's change): what happened to it. */
function applyBulk(e: CatalogEntryV1, change: BulkChange, add: string | null, remove: string | null, at: number): 'changed' | 'unchanged' | 'full' {
  const tags = Object.keys(e.tags ?? {});
  const adding = add !== null && !tags.some((t) => storedTagKey(t) === tagKey(add));
  // A clip the tag cannot be added to is left whole (not half changed).
  if (adding && tags.filter((t) => storedTagKey(t) !== remove).length >= MAX_TAGS_PER_CLIP) return 'full';
  let changed = false;
  for (const [field, want] of [['readAt', change.read], ['archivedAt', change.archived], ['favoriteAt', change.favorite], ['deletedAt', change.deleted]] as const) changed = setState(e, field, want, at) || changed;
  if (remove !== null) for (const t of tags) if (storedTagKey(t) === remove && t !== add) (delete e.tags[t], (changed = true));
  if (adding) {
    if (!e.tags) e.tags = {};
    e.tags[add] = true;
    changed = true;
  }
  return changed ? 'changed' : 'unchanged';
}

/** Refuses (`bad-request`) a note over `MAX_NOTE_CHARS`. */
function checkNoteLength(note: string): void {
  if (note.length > MAX_NOTE_CHARS) throw new AppFailure('bad-request', `A note can be at most ${MAX_NOTE_CHARS.toLocaleString('en-US')} characters.`);
}


/** The clips of `ids` grouped by catalog slot (one change per catalog in a batch). */
export function bySlot(ids: readonly ClipId[]): Map<number, ClipId[]> {
  const out = new Map<number, ClipId[]>();
  for (const id of ids) {
    const slot = catalogSlot(id);
    out.set(slot, [...(out.get(slot) ?? []), id]);
  }
  return out;
}
