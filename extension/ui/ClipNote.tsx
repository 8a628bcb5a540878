import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { background } from '../messaging';
import { useFollowClip } from './use-clip-follow';
import './organise.css';

/** Quiet time after the last keystroke before the note is saved. */
const DEBOUNCE_MS = 600;

type Status = { kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string };

/** Where a caret at `at` in `before` belongs once the text is `after` (moved by what changed before it). */
function caretAfter(at: number, before: string, after: string): number {
  let pre = 0;
  while (pre < before.length && pre < after.length && before[pre] === after[pre]) pre++;
  if (at <= pre) return at;
  let suf = 0;
  while (suf < before.length - pre && suf < after.length - pre && before[before.length - 1 - suf] === after[after.length - 1 - suf]) suf++;
  return at >= before.length - suf ? at + after.length - before.length : after.length - suf;
}

/**
 * A clip's note: a textarea saved (`setClipNote`, an edit of the clip's collaborative text)
 * 600 ms after the last keystroke, on blur, and when the reader closes; saves run one at a
 * time, each with the latest text and the text it was edited from (`base`: the note as last
 * had from the background), so the background merges it with edits made elsewhere meanwhile
 * and answers the merge, shown once the user is not typing. When the page closes with a save on
 * its way, what was typed since is sent at once, with that save's text as its base. While the box is not mid-edit it
 * follows the clip's note (`useFollowClip`: sync, the popup or the side panel), the caret kept
 * in place. A quiet "Saved" says it is stored; an error (too long, no room left) is shown and
 * the text is kept for another try.
 */
export function ClipNote({ clipId, note }: { clipId: string; note: string }) {
  const [text, setText] = useState(note);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const latest = useRef(note);
  const stored = useRef(note);
  // The note as last had from the background: what the text in the box is an edit of.
  const base = useRef(note);
  // The text of the save on its way (null: none).
  const sending = useRef<string | null>(null);
  const answeredAt = useRef(0);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const alive = useRef(true);
  const box = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<[number, number] | null>(null);

  /** Shows `next` as the note (the background's), the caret moved with the text around it. */
  const show = (next: string) => {
    const el = box.current;
    if (el && document.activeElement === el) caret.current = [caretAfter(el.selectionStart, latest.current, next), caretAfter(el.selectionEnd, latest.current, next)];
    base.current = stored.current = latest.current = next;
    setText(next);
  };
  useLayoutEffect(() => {
    const el = box.current;
    if (el && caret.current) el.setSelectionRange(...caret.current);
    caret.current = null;
  }, [text]);

  /**
   * Saves the latest text after the save on its way. `closing` (the page is going, and that save's
   * answer may never reach it): the text typed since leaves at once, as an edit of the text that
   * save sent (the background rebases it; a note already as stored is left as it is).
   */
  const flush = (closing = false) => {
    clearTimeout(timer.current);
    const inFlight = sending.current;
    const early = closing && inFlight !== null && latest.current !== inFlight
      ? { value: latest.current, res: background('setClipNote', { clipId: clipId as never, note: latest.current, base: inFlight }) }
      : null;
    chain.current = chain.current.then(async () => {
      const value = early?.value ?? latest.current;
      if (!early && value === stored.current) return;
      if (alive.current) setStatus({ kind: 'saving' });
      sending.current = value;
      const res = await (early?.res ?? background('setClipNote', { clipId: clipId as never, note: value, base: base.current })).finally(() => {
        sending.current = null;
        answeredAt.current = performance.now();
      });
      if (res.ok) {
        // Not typed since: the merge is shown. Typed since: what was sent is the base of the next save.
        if (latest.current === value && alive.current) show(res.value.note);
        else base.current = stored.current = value;
      }
      if (!alive.current) return;
      if (!res.ok) setStatus({ kind: 'error', message: res.error.message });
      else if (latest.current === res.value.note) setStatus({ kind: 'saved' });
    });
  };

  // Another device's edit (sync) or another editor's: shown when the box holds nothing unsaved.
  useFollowClip(clipId, (now, askedAt) => {
    if (sending.current !== null || askedAt < answeredAt.current || latest.current !== stored.current) return;
    if (now.note !== latest.current || now.note !== base.current) show(now.note);
  });

  useEffect(() => {
    const onHide = () => flush(true);
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
        ref={box}
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
          timer.current = setTimeout(() => flush(), DEBOUNCE_MS);
        }}
        onBlur={() => flush()}
      />
      <p class={`clip-note-status ${status.kind === 'error' ? 'error' : 'muted'}`} data-testid="note-status" data-state={status.kind} role={status.kind === 'error' ? 'alert' : 'status'}>
        {label}
      </p>
    </div>
  );
}
