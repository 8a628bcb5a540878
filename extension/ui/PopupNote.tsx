import { useEffect, useState } from 'preact/hooks';
import { background } from '../messaging';
import { ClipNote } from './ClipNote';

/**
 * The popup's note on the page just saved: the clip's note read once (`getClipNote`: the note
 * without the article), then edited as in the reader (`ClipNote`: saved 600 ms after the last
 * keystroke, on blur, and when the popup closes, merged with edits made elsewhere, and
 * following them). Nothing is shown until the note is read, so an empty box never overwrites one.
 */
export function PopupNote({ clipId }: { clipId: string }) {
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setNote(null);
    void background('getClipNote', { clipId: clipId as never }).then((res) => live && res.ok && !res.value.tooNew && setNote(res.value.note));
    return () => void (live = false);
  }, [clipId]);
  return note === null ? null : <ClipNote key={clipId} clipId={clipId} note={note} />;
}
