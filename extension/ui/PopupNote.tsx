import { useEffect, useState } from 'preact/hooks';
import { background } from '../messaging';
import { ClipNote } from './ClipNote';

/**
 * The popup's note on the page just saved: the clip's note read once (`getClipNote`: the note
 * without the article), then edited as in the reader (`ClipNote`: saved 600 ms after the last
 * keystroke, on blur, and when the popup closes, merged with edits made elsewhere, and
 * following them). Nothing is shown until the note is read, so an empty box never overwrites one;
 * a read that fails says so, with "Try again" (before, the note box simply never appeared).
 */
export function PopupNote({ clipId }: { clipId: string }) {
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setNote(null);
    setError(null);
    void background('getClipNote', { clipId: clipId as never }).then((res) => {
      if (!live) return;
      if (!res.ok) return setError(res.error.message);
      if (!res.value.tooNew) setNote(res.value.note);
    });
    return () => void (live = false);
  }, [clipId, attempt]);
  if (error !== null) {
    return (
      <p class="error popup-note-error" role="alert" data-testid="popup-note-error">
        The note could not be read: {error}{' '}
        <button type="button" onClick={() => setAttempt((n) => n + 1)} data-testid="popup-note-retry">
          Try again
        </button>
      </p>
    );
  }
  return note === null ? null : <ClipNote key={clipId} clipId={clipId} note={note} />;
}
