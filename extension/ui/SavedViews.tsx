import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MAX_VIEW_NAME_CHARS } from '../../src/schema/plain-values';
import type { SavedView, ViewSpec } from '../../src/schema/saved-view';
import { sameSpec } from './saved-views-cache';
import { useFacets } from './use-facets';
import { useSavedViews } from './use-saved-views';
import { useViewCounts, type ViewCount } from './use-view-counts';

/** A view's count as its chip shows it: "about" ones with a tilde. */
const countText = (c: ViewCount | undefined) => (c ? `${c.exact ? '' : '~'}${c.count.toLocaleString()}` : '');

/** The list as a view spec is the default one: nothing typed, every clip not archived, newest first, no site or dates. */
const isDefault = (s: ViewSpec) => s.query.trim() === '' && s.state === 'all' && s.tag === null && (s.sort === 'relevance' || s.sort === 'saved') && s.site.trim() === '' && !s.from && !s.to;

/** A name offered for the list shown now: what was typed, the tag, the state, the site. */
export function suggestName(s: ViewSpec): string {
  const parts = [s.query.trim(), s.tag ? `#${s.tag}` : '', s.state !== 'all' ? s.state : '', s.site.trim()].filter(Boolean);
  return [...(parts.join(' · ') || 'My view')].slice(0, MAX_VIEW_NAME_CHARS).join('');
}

type Editing = { kind: 'new' } | { kind: 'rename'; view: SavedView };

/**
 * Saved views, under the search box: one button per view (pressed when the list shown is that
 * view's), which applies it (the words, the filter bar, the order, the site and dates); "Save view"
 * when the list shown is not the default and not already a view; Rename and Delete for the view
 * shown, the delete undoable for 10 s. Each chip shows how many clips its list holds
 * (use-view-counts.ts). Views are kept in the library, so every browser of it has them. Nothing
 * is drawn when there is no view and nothing to save.
 */
export function SavedViews({ current, onApply }: { current: ViewSpec; onApply: (spec: ViewSpec) => void }) {
  const { views, readOnly, error: loadError, save, remove } = useSavedViews();
  const { facets } = useFacets();
  const counts = useViewCounts(views, facets);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleted, setDeleted] = useState<SavedView | null>(null);
  const undoTimer = useRef<ReturnType<typeof setTimeout>>();
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => input.current?.focus(), [editing]);
  useEffect(() => () => clearTimeout(undoTimer.current), []);

  const active = views.find((v) => sameSpec(v.spec, current)) ?? null;
  const canSave = !readOnly && !active && !isDefault(current);
  if (views.length === 0 && !canSave && !editing && !deleted && !loadError) return null;

  const start = (e: Editing) => (setEditing(e), setError(null), setName(e.kind === 'rename' ? e.view.name : suggestName(current)));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!editing || busy) return;
    setBusy(true);
    const res = editing.kind === 'rename' ? await save(name, undefined, editing.view.id) : await save(name, current);
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setEditing(null);
    setError(null);
  };
  const del = async (view: SavedView) => {
    const res = await remove(view);
    if (!res.ok) return setError(res.message);
    setError(null);
    setDeleted(view);
    clearTimeout(undoTimer.current);
    undoTimer.current = setTimeout(() => setDeleted(null), 10_000);
  };
  const undo = async () => {
    if (!deleted) return;
    const res = await save(deleted.name, deleted.spec, deleted.id);
    if (!res.ok) return setError(res.message);
    setDeleted(null);
  };

  return (
    <div class="saved-views" role="group" aria-label="Saved views" data-testid="saved-views">
      {views.map((v) => (
        <button key={v.id} type="button" class="view-chip" aria-pressed={active?.id === v.id} data-testid="saved-view" data-view-id={v.id} title={`Show “${v.name}”`} onClick={() => onApply(v.spec)}>
          <span class="view-chip-name">{v.name}</span>
          <span class="state-count view-count" data-testid="view-count">
            {countText(counts.get(v.id))}
          </span>
        </button>
      ))}
      {editing ? (
        <form class="view-form" onSubmit={submit} data-testid="view-form">
          <input
            ref={input}
            type="text"
            aria-label={editing.kind === 'rename' ? `New name for “${editing.view.name}”` : 'Name of the new view'}
            maxLength={MAX_VIEW_NAME_CHARS * 2}
            data-testid="view-name"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setEditing(null), setError(null))}
          />
          <button type="submit" disabled={busy} data-testid="view-name-ok">
            {editing.kind === 'rename' ? 'Rename' : 'Save'}
          </button>
          <button type="button" onClick={() => (setEditing(null), setError(null))}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          {active && !readOnly && (
            <>
              <button type="button" class="view-action" data-testid="view-rename" aria-label={`Rename the view “${active.name}”`} onClick={() => start({ kind: 'rename', view: active })}>
                Rename
              </button>
              <button type="button" class="view-action" data-testid="view-delete" aria-label={`Delete the view “${active.name}”`} onClick={() => void del(active)}>
                Delete
              </button>
            </>
          )}
          {canSave && (
            <button type="button" class="view-action view-save" data-testid="view-save" title="Keep this search and its filters as a view, in every browser of this library" onClick={() => start({ kind: 'new' })}>
              + Save view
            </button>
          )}
        </>
      )}
      {deleted && (
        <span class="view-undo" role="status" data-testid="view-deleted">
          Deleted “{deleted.name}”.{' '}
          <button type="button" class="link" data-testid="view-undo" onClick={() => void undo()}>
            Undo
          </button>
        </span>
      )}
      {(error ?? loadError) && (
        <p class="error" role="alert" data-testid="view-error">
          {error ?? loadError}
        </p>
      )}
    </div>
  );
}
