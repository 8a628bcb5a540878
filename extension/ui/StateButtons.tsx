import { useRef, useState } from 'preact/hooks';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { background } from '../messaging';
import './organise.css';

type Toggle = 'read' | 'archive' | 'favorite';

/**
 * A clip's state toggles: Mark read / Mark unread (`markRead`, when `showRead`), Archive /
 * Unarchive (`setArchived`) and the favourite star (`setFavorite`, `aria-pressed`). Each answers
 * the clip's new row, passed to `onChange`; an error is shown under the buttons.
 *
 * No click is lost: a click while another toggle's write is in flight is queued, and the writes
 * run one after another, so each answer is newer than the one before. A click sets the value
 * opposite to the one the toggle will have once the writes before it are done (two quick clicks
 * on the star leave it as it was). The buttons show stored values only, with `aria-busy` while
 * their writes wait or run.
 */
export function StateButtons({ clip, onChange, showRead = true }: { clip: ClipSummary; onChange: (clip: ClipSummary) => void; showRead?: boolean }) {
  const [waiting, setWaiting] = useState<Record<Toggle, number>>({ read: 0, archive: 0, favorite: 0 });
  const [error, setError] = useState<string | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  /** Per toggle, the value its last queued write sets (absent when none waits). */
  const wanted = useRef<Partial<Record<Toggle, { value: boolean; seq: number }>>>({});
  const seq = useRef(0);
  const read = clip.readAt !== null;
  const archived = clip.archivedAt !== null;
  const favorite = clip.favoriteAt !== null;
  const stored: Record<Toggle, boolean> = { read, archive: archived, favorite };

  const write = (which: Toggle, value: boolean) =>
    which === 'read'
      ? background('markRead', { clipId: clip.id, read: value })
      : which === 'archive'
        ? background('setArchived', { clipId: clip.id, archived: value })
        : background('setFavorite', { clipId: clip.id, favorite: value });

  const toggle = (which: Toggle) => {
    const value = !(wanted.current[which]?.value ?? stored[which]);
    const mine = ++seq.current;
    wanted.current[which] = { value, seq: mine };
    setWaiting((w) => ({ ...w, [which]: w[which] + 1 }));
    queue.current = queue.current.then(async () => {
      const res = await write(which, value).catch((e: unknown) => ({ ok: false as const, error: { message: e instanceof Error ? e.message : String(e) } }));
      if (wanted.current[which]?.seq === mine) delete wanted.current[which];
      setWaiting((w) => ({ ...w, [which]: w[which] - 1 }));
      if (!res.ok) {
        // What was queued after it for this toggle was based on this value: start from the stored one again.
        delete wanted.current[which];
        return setError(res.error.message);
      }
      setError(null);
      onChange(res.value.clip);
    });
  };
  const busy = (which: Toggle) => waiting[which] > 0;

  return (
    <div class="state-buttons" role="group" aria-label="Clip state">
      {showRead && (
        <button data-testid="toggle-read" data-read={String(read)} aria-busy={busy('read')} onClick={() => toggle('read')} title={read ? 'Show it under Unread again' : 'Take it off the Unread list'}>
          {read ? 'Mark unread' : 'Mark read'}
        </button>
      )}
      <button data-testid="toggle-archive" data-archived={String(archived)} aria-busy={busy('archive')} onClick={() => toggle('archive')} title={archived ? 'Put it back in the list' : 'Done with it: keep it under Archived'}>
        {archived ? 'Unarchive' : 'Archive'}
      </button>
      <button class="star" data-testid="toggle-favorite" aria-pressed={favorite} aria-label="Favourite" title={favorite ? 'Remove from Favourites' : 'Add to Favourites'} aria-busy={busy('favorite')} onClick={() => toggle('favorite')}>
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
