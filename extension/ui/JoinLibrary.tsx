import { useState } from 'preact/hooks';
import { background } from '../messaging';

/** An automerge document URL: `automerge:` and a base58 id (bs58check of 16 bytes and a checksum). */
const LIBRARY_URL = /^automerge:[1-9A-HJ-NP-Za-km-z]{20,60}$/;

/** Why `text` cannot be joined, or null when it looks like a library URL. */
export function libraryUrlProblem(text: string, ownUrl: string | null): string | null {
  const url = text.trim();
  if (url === '') return null;
  if (!url.startsWith('automerge:')) return 'A library URL starts with automerge: — copy it from the other browser’s settings, under Sync.';
  if (!LIBRARY_URL.test(url)) return 'That is not a whole library URL: after automerge: come 20 to 60 letters and digits (no 0, O, I or l). Copy it again.';
  if (url === ownUrl) return 'That is this browser’s own library.';
  return null;
}

type Join = { kind: 'idle' } | { kind: 'joining' } | { kind: 'joined'; merged: number } | { kind: 'failed'; message: string };

/**
 * "Join a library": paste another browser's library URL; this browser's clips are
 * merged into that library (none lost) and it becomes this browser's library.
 * The library is fetched through the servers, so sync must be on.
 */
export function JoinLibrary({ syncOn, ownUrl, onJoined }: { syncOn: boolean; ownUrl: string | null; onJoined: () => void }) {
  const [text, setText] = useState('');
  const [join, setJoin] = useState<Join>({ kind: 'idle' });
  const problem = libraryUrlProblem(text, ownUrl);
  const ready = text.trim() !== '' && !problem && syncOn && join.kind !== 'joining';

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!ready) return;
    setJoin({ kind: 'joining' });
    const res = await background('joinLibrary', { libraryUrl: text.trim() });
    if (!res.ok) return setJoin({ kind: 'failed', message: res.error.message });
    setJoin({ kind: 'joined', merged: res.value.merged });
    setText('');
    onJoined();
  };

  const message =
    join.kind === 'joining'
      ? 'Joining… fetching the library from your sync servers and merging this browser’s clips into it.'
      : join.kind === 'joined'
        ? `Joined. ${join.merged} ${join.merged === 1 ? 'clip' : 'clips'} from this browser ${join.merged === 1 ? 'was' : 'were'} merged into the library; none were lost.`
        : join.kind === 'failed'
          ? join.message
          : '';

  return (
    <form class="join" onSubmit={submit} aria-labelledby="join-title">
      <h3 id="join-title">Join a library</h3>
      <p class="muted">
        To share one library between your browsers, paste the library URL from the other browser (its settings, under Sync). This browser’s clips are merged into
        that library — none are lost — and from then on both browsers show the same clips.
      </p>
      {!syncOn && <p class="muted field-note">Turn sync on first: the library is fetched through your sync servers.</p>}
      <div class="row">
        <label class="visually-hidden" for="join-url">
          Library URL to join
        </label>
        <input
          id="join-url"
          type="text"
          spellcheck={false}
          autoComplete="off"
          placeholder="automerge:…"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'join-url-error' : undefined}
          data-testid="join-url"
        />
        <button type="submit" class="primary" disabled={!ready} data-testid="join-button">
          Join
        </button>
      </div>
      {problem && (
        <p class="error field-note" id="join-url-error" data-testid="join-url-error">
          {problem}
        </p>
      )}
      <p role="status" data-testid="join-message" data-state={join.kind} class={join.kind === 'failed' ? 'error field-note' : join.kind === 'joined' ? 'ok field-note' : 'muted field-note'}>
        {message}
      </p>
    </form>
  );
}
