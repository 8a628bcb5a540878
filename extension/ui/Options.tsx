import { useEffect, useState } from 'preact/hooks';
import type { LibraryInfo } from '../../src/protocol/schemas';
import { background } from '../messaging';

const mb = (n: number | null) => (n === null ? 'unknown' : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** Settings: what the library is, where it lives, and how to repair its index. */
export function Options() {
  const [info, setInfo] = useState<LibraryInfo | null>(null);
  const [message, setMessage] = useState<string>('');

  const load = async () => {
    const res = await background('libraryInfo', {});
    if (res.ok) setInfo(res.value);
    else setMessage(res.error.message);
  };
  useEffect(() => void load(), []);

  const rebuild = async () => {
    setMessage('Rebuilding the index from your clips…');
    const res = await background('rebuildIndex', {});
    setMessage(res.ok ? `Index rebuilt: ${res.value.rows} clips.` : res.error.message);
    await load();
  };

  return (
    <main style="max-width: 640px; margin: 24px auto; padding: 0 16px">
      <h1>Commonplace</h1>
      <p class="muted">Your library lives in this browser. No account and no server are needed; sync is off.</p>
      <section data-testid="library-info">
        <h2>Library</h2>
        {info ? (
          <dl>
            <dt>Library document</dt>
            <dd>
              <code data-testid="library-url">{info.libraryUrl}</code>
            </dd>
            <dt>Clips</dt>
            <dd data-testid="clip-count">{info.clipCount}</dd>
            <dt>In the bin (undo-able)</dt>
            <dd>{info.deletedCount}</dd>
            {info.pendingCaptures > 0 && (
              <>
                <dt>Saved, still being written</dt>
                <dd data-testid="pending-captures">
                  {info.pendingCaptures} — they are safe on disk; writing them into the library failed and is retried. If this stays, free some disk space and restart the browser.
                </dd>
              </>
            )}
            <dt>Storage used</dt>
            <dd>
              {mb(info.storageBytes)} of {mb(info.storageQuota)}
            </dd>
          </dl>
        ) : (
          <p class="muted">Loading…</p>
        )}
      </section>
      <section>
        <h2>Repair</h2>
        <p class="muted">The reading list is an index derived from your clips. Rebuilding it is always safe.</p>
        <button onClick={rebuild} data-testid="rebuild-index">
          Rebuild index
        </button>
        <p role="status" data-testid="options-message">
          {message}
        </p>
      </section>
    </main>
  );
}
