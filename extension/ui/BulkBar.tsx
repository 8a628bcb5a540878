import { useState } from 'preact/hooks';
import type { ListFilter } from '../../src/index-db/list-query';
import type { BulkChange, TagFacet } from '../../src/schema/clip-summary';
import { background } from '../messaging';
import './organise.css';

/** What a finished change says ("Archived 3 clips."), by what it changed. */
function done(change: BulkChange, n: number): string {
  const clips = n === 1 ? '1 clip' : `${n.toLocaleString()} clips`;
  if (change.addTag !== undefined) return `Tagged ${clips} “${change.addTag.trim()}”.`;
  if (change.removeTag !== undefined) return `Removed “${change.removeTag}” from ${clips}.`;
  if (change.read !== undefined) return `Marked ${clips} ${change.read ? 'read' : 'unread'}.`;
  if (change.archived !== undefined) return `${change.archived ? 'Archived' : 'Unarchived'} ${clips}.`;
  return `${change.favorite ? 'Starred' : 'Unstarred'} ${clips}.`;
}

/**
 * The bar over a list with rows marked: how many, "Select all", and one change to all of them
 * (read, unread, archive or unarchive, star, a tag added or the filtered tag removed, delete),
 * each one `organiseMany` call, stored in one durable batch. What was done, or why it failed, is
 * said in the bar. `tags` (the library's, from the list's facets) are offered as a tag is typed.
 * The marks stay for another change (rows a change takes out of the list, such as archived ones
 * from "Unread", leave the selection). Delete goes through `onDelete` (the panel's undo bar).
 */
export function BulkBar({ ids, total, filter, tags, onSelectAll, onClear, onDelete }: { ids: string[]; total: number; filter: ListFilter; tags: readonly TagFacet[]; onSelectAll: () => void; onClear: () => void; onDelete: (ids: readonly string[]) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [tag, setTag] = useState('');

  const apply = async (change: BulkChange) => {
    if (busy) return;
    setBusy(true);
    const res = await background('organiseMany', { clipIds: ids, change });
    setBusy(false);
    if (!res.ok) return setMessage({ text: res.error.message, error: true });
    const { changed, unchanged, skipped } = res.value;
    const left = skipped > 0 ? ` ${skipped.toLocaleString()} could not be changed (deleted elsewhere, written by a newer version, or already at the tag limit).` : '';
    setMessage({ text: `${done(change, changed + unchanged)}${left}`, error: skipped > 0 });
    if (change.addTag !== undefined) setTag('');
  };
  const run = (change: BulkChange) => () => void apply(change);
  const archived = filter.state === 'archived';
  const starred = filter.state === 'favorites';

  return (
    <div class="bulk-bar" role="toolbar" aria-label="Change the selected clips" data-testid="bulk-bar">
      <div class="bulk-count">
        <strong data-testid="bulk-count">{ids.length.toLocaleString()} selected</strong>
        {ids.length < total && (
          <button type="button" class="link-button" data-testid="bulk-select-all" onClick={onSelectAll}>
            Select all {total.toLocaleString()}
          </button>
        )}
        <button type="button" class="link-button" data-testid="bulk-clear" onClick={onClear} title="Unmark all (Escape)">
          Clear
        </button>
      </div>
      <div class="bulk-actions">
        <button type="button" disabled={busy} data-testid="bulk-read" onClick={run({ read: true })}>
          Mark read
        </button>
        <button type="button" disabled={busy} data-testid="bulk-unread" onClick={run({ read: false })}>
          Mark unread
        </button>
        <button type="button" disabled={busy} data-testid="bulk-archive" onClick={run({ archived: !archived })}>
          {archived ? 'Unarchive' : 'Archive'}
        </button>
        <button type="button" disabled={busy} data-testid="bulk-favorite" onClick={run({ favorite: !starred })}>
          {starred ? 'Unstar' : '★ Star'}
        </button>
        {filter.tag !== null && (
          <button type="button" disabled={busy} data-testid="bulk-untag" onClick={run({ removeTag: filter.tag })}>
            Remove “{filter.tag}”
          </button>
        )}
        <button type="button" class="danger" disabled={busy} data-testid="bulk-delete" onClick={() => void onDelete(ids)}>
          Delete
        </button>
      </div>
      <form
        class="bulk-tag"
        onSubmit={(e) => {
          e.preventDefault();
          if (tag.trim()) void apply({ addTag: tag });
        }}
      >
        <input
          type="text"
          list="bulk-tag-names"
          placeholder="Add a tag…"
          aria-label="Tag to add to the selected clips"
          data-testid="bulk-tag-input"
          value={tag}
          maxLength={1_000}
          onInput={(e) => setTag((e.target as HTMLInputElement).value)}
        />
        <datalist id="bulk-tag-names">
          {tags.slice(0, 200).map((t) => (
            <option key={t.tag} value={t.tag} />
          ))}
        </datalist>
        <button type="submit" disabled={busy || !tag.trim()} data-testid="bulk-tag-add">
          Add tag
        </button>
      </form>
      {message && (
        <p class={message.error ? 'error' : 'muted'} role={message.error ? 'alert' : 'status'} data-testid="bulk-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
