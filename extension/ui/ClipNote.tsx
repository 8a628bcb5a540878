import { useEffect, useRef, useState } from 'preact/hooks';
import { background } from '../messaging';
import './organise.css';

/** Quiet time after the last keystroke before the note is saved. */
const DEBOUNCE_MS = 600;

type Status = { kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string };

/**
 * A clip's note: a textarea saved (`setClipNote`, an edit of the clip's collaborative text)
 * 600 ms after the last keystroke, on blur, and when the reader closes; saves run one at a
 * time, each with the latest text. A quiet "Saved" says it is stored; an error (too long, no
 * room left) is shown and the text is kept for another try.
 */
export function ClipNote({ clipId, note }: { clipId: string; note: string }) {
  const [text, setText] = useState(note);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const latest = useRef(note);
  const stored = useRef(note);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const alive = useRef(true);

  const flush = () => {
    clearTimeout(timer.current);
    chain.current = chain.current.then(async () => {
      const value = latest.current;
      if (value === stored.current) return;
      if (alive.current) setStatus({ kind: 'saving' });
      const res = await background('setClipNote', { clipId: clipId as never, note: value });
      if (res.ok) stored.current = value;
      if (!alive.current) return;
      if (!res.ok) setStatus({ kind: 'error', message: res.error.message });
      else if (latest.current === value) setStatus({ kind: 'saved' });
    });
  };

  useEffect(() => {
    const onHide = () => flush();
    addEventListener('pagehide', onHide);
    return () => {
      removeEventListener('pagehide', onHide);
      flush();
      alive.current = false;
    };
  }, []);

  const label =
    status.kind === 'saving' ? 'Saving…' : status.kind === 'saved' ? 'Saved' : status.kind === 'error' ? status.message : '';
  return (
    <div class="clip-note">
      <label class="clip-note-label" for={`note-${clipId}`}>
        Note
      </label>
      <textarea
        id={`note-${clipId}`}
        class="clip-note-input"
        data-testid="note-input"
        rows={text ? 4 : 2}
        placeholder="Why you saved it, what to do with it…"
        value={text}
        onInput={(e) => {
          const value = (e.currentTarget as HTMLTextAreaElement).value;
          setText(value);
          latest.current = value;
          clearTimeout(timer.current);
          timer.current = setTimeout(flush, DEBOUNCE_MS);
        }}
        onBlur={flush}
      />
      <p class={`clip-note-status ${status.kind === 'error' ? 'error' : 'muted'}`} data-testid="note-status" data-state={status.kind} role={status.kind === 'error' ? 'alert' : 'status'}>
        {label}
      </p>
    </div>
  );
}
