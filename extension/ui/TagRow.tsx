import { useState } from 'preact/hooks';
import { normalizeTag, storedTagKey } from '../../src/library/tags';
import { background } from '../messaging';

type Mode = { kind: 'view' } | { kind: 'rename'; draft: string; confirm: boolean } | { kind: 'delete' };
const clips = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'clip' : 'clips'}`;

/**
 * One tag in the Tags view: its name (shows its clips), its count, Rename and Delete. Both ask
 * for confirmation in place: a rename into a tag that exists says the two are merged and how
 * many clips each has; a delete names how many clips lose the tag (the clips stay). The
 * background's refusal (an empty name, one over 200 characters) is shown under the row.
 */
export function TagRow({ tag, count, all, onShow, onChanged }: {
  tag: string;
  count: number;
  all: readonly { tag: string; count: number }[];
  onShow: (tag: string) => void;
  onChanged: (from: string, to: string | null, message: string) => void;
}) {
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The new name as it will be stored ("#later" is "later"), so the merge it makes is the one announced.
  const typed = mode.kind === 'rename' ? normalizeTag(mode.draft) : null;
  const draft = typed?.ok ? typed.value : mode.kind === 'rename' ? mode.draft.trim() : '';
  const target = mode.kind === 'rename' ? all.find((t) => storedTagKey(t.tag) === storedTagKey(draft) && storedTagKey(t.tag) !== storedTagKey(tag)) : undefined;

  const run = async (what: 'rename' | 'delete') => {
    setBusy(true);
    // A merge takes the spelling the tag already has, so every clip ends with one spelling.
    const to = target?.tag ?? draft;
    if (what === 'delete') {
      const res = await background('deleteTag', { tag });
      setBusy(false);
      if (!res.ok) return setError(res.error.message);
      (setError(null), setMode({ kind: 'view' }));
      return onChanged(tag, null, `Removed “${tag}” from ${clips(count)}.`);
    }
    const res = await background('renameTag', { from: tag, to });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    (setError(null), setMode({ kind: 'view' }));
    // The name the clips have now (the background's: a merge keeps the spelling there).
    const now = res.value.tag;
    onChanged(tag, now, target ? `Merged “${tag}” into “${now}” on ${clips(count)}.` : `Renamed “${tag}” to “${now}” on ${clips(count)}.`);
  };
  const cancel = () => (setMode({ kind: 'view' }), setError(null));

  return (
    <li class="tag-row" data-testid="tag-row" data-tag={tag}>
      <div class="tag-row-main">
        <button class="tag-row-name" data-testid="tag-show" title={`Show the clips tagged ${tag}`} onClick={() => onShow(tag)}>
          {tag}
        </button>
        <span class="muted tag-row-count" data-testid="tag-count" data-count={count}>
          {clips(count)}
        </span>
        {mode.kind === 'view' && (
          <span class="tag-row-actions">
            <button data-testid="tag-rename" aria-label={`Rename ${tag}`} onClick={() => setMode({ kind: 'rename', draft: tag, confirm: false })}>
              Rename
            </button>
            <button data-testid="tag-delete" aria-label={`Delete ${tag}`} onClick={() => setMode({ kind: 'delete' })}>
              Delete
            </button>
          </span>
        )}
      </div>
      {mode.kind === 'rename' && (
        <form class="tag-row-form" onSubmit={(e) => (e.preventDefault(), mode.confirm ? void run('rename') : setMode({ ...mode, confirm: true }))}>
          {!mode.confirm ? (
            <input
              class="tag-input"
              data-testid="tag-rename-input"
              aria-label={`New name for ${tag}`}
              value={mode.draft}
              ref={(el) => el?.focus()}
              onInput={(e) => setMode({ kind: 'rename', draft: (e.currentTarget as HTMLInputElement).value, confirm: false })}
              onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), cancel())}
            />
          ) : (
            <p class="tag-confirm" data-testid="tag-confirm-message" role="alert">
              {target
                ? `“${target.tag}” exists already (${clips(target.count)}): “${tag}” will be merged into it, on ${clips(count)}. This cannot be split again.`
                : `Rename “${tag}” to “${draft}” on ${clips(count)}?`}
            </p>
          )}
          <button type="submit" class="primary" data-testid="tag-rename-confirm" disabled={busy || draft === '' || draft === tag}>
            {mode.confirm ? (target ? 'Merge' : 'Rename') : 'Rename…'}
          </button>
          <button type="button" data-testid="tag-cancel" onClick={cancel}>
            Cancel
          </button>
        </form>
      )}
      {mode.kind === 'delete' && (
        <div class="tag-row-form">
          <p class="tag-confirm" data-testid="tag-confirm-message" role="alert">
            Remove “{tag}” from {clips(count)}? The clips themselves stay.
          </p>
          <button class="primary danger" data-testid="tag-delete-confirm" disabled={busy} onClick={() => void run('delete')}>
            Delete tag
          </button>
          <button data-testid="tag-cancel" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p class="error organise-error" role="alert" data-testid="tag-row-error">
          {error}
        </p>
      )}
    </li>
  );
}
