import { useState } from 'preact/hooks';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { background } from '../messaging';
import './organise.css';

type Toggle = 'read' | 'archive' | 'favorite';

/**
 * A clip's state toggles: Mark read / Mark unread (`markRead`, when `showRead`), Archive /
 * Unarchive (`setArchived`) and the favourite star (`setFavorite`, `aria-pressed`). Each answers
 * the clip's new row, passed to `onChange`; an error is shown under the buttons.
 */
export function StateButtons({ clip, onChange, showRead = true }: { clip: ClipSummary; onChange: (clip: ClipSummary) => void; showRead?: boolean }) {
  const [busy, setBusy] = useState<Toggle | null>(null);
  const [error, setError] = useState<string | null>(null);
  const read = clip.readAt !== null;
  const archived = clip.archivedAt !== null;
  const favorite = clip.favoriteAt !== null;

  const toggle = async (which: Toggle) => {
    if (busy) return;
    setBusy(which);
    const res =
      which === 'read'
        ? await background('markRead', { clipId: clip.id, read: !read })
        : which === 'archive'
          ? await background('setArchived', { clipId: clip.id, archived: !archived })
          : await background('setFavorite', { clipId: clip.id, favorite: !favorite });
    setBusy(null);
    if (!res.ok) return setError(res.error.message);
    setError(null);
    onChange(res.value.clip);
  };

  return (
    <div class="state-buttons" role="group" aria-label="Clip state">
      {showRead && (
        <button data-testid="toggle-read" data-read={String(read)} aria-busy={busy === 'read'} onClick={() => void toggle('read')} title={read ? 'Show it under Unread again' : 'Take it off the Unread list'}>
          {read ? 'Mark unread' : 'Mark read'}
        </button>
      )}
      <button data-testid="toggle-archive" data-archived={String(archived)} aria-busy={busy === 'archive'} onClick={() => void toggle('archive')} title={archived ? 'Put it back in the list' : 'Done with it: keep it under Archived'}>
        {archived ? 'Unarchive' : 'Archive'}
      </button>
      <button class="star" data-testid="toggle-favorite" aria-pressed={favorite} aria-label="Favourite" title={favorite ? 'Remove from Favourites' : 'Add to Favourites'} aria-busy={busy === 'favorite'} onClick={() => void toggle('favorite')}>
        {favorite ? '★' : '☆'}
      </button>
      {error && (
        <p class="error organise-error" role="alert" data-testid="state-error">
          {error}
        </p>
      )}
    </div>
  );
}
