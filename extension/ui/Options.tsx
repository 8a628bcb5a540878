import { useEffect, useState } from 'preact/hooks';
import type { LibraryInfo } from '../../src/protocol/schemas';
import { background } from '../messaging';
import { ExportSection } from './ExportSection';
import { ImageSettings } from './ImageSettings';
import { ImportSection } from './ImportSection';
import { LibraryStats } from './LibraryStats';
import { SearchIndexRepair } from './SearchIndexRepair';
import { SnapshotSettings } from './SnapshotSettings';
import { SyncSection } from './SyncSection';
import './options.css';

/** Settings: what the library is, where it lives, importing from other apps, sync, and how to repair its index. */
export function Options() {
  const [info, setInfo] = useState<LibraryInfo | null>(null);
  /** Whether the first `libraryInfo` has answered (either way): the Sync section waits for it. */
  const [infoSettled, setInfoSettled] = useState(false);
  /** Why the last `libraryInfo` failed, shown in the Library section with "Try again". */
  const [infoError, setInfoError] = useState<string | null>(null);
  const [message, setMessage] = useState<string>('');

  const load = async () => {
    const res = await background('libraryInfo', {});
    if (res.ok) setInfo(res.value);
    setInfoError(res.ok ? null : res.error.message);
    setInfoSettled(true);
  };
  useEffect(() => void load(), []);

  /** A rebuild on its way: the button waits for it, so a double click does not rebuild the index twice. */
  const [rebuilding, setRebuilding] = useState(false);
  const rebuild = async () => {
    setRebuilding(true);
    setMessage('Rebuilding the index from your clips…');
    const res = await background('rebuildIndex', {});
    setRebuilding(false);
    setMessage(res.ok ? `Index rebuilt: ${res.value.rows} clips.` : res.error.message);
    await load();
  };

  return (
    <main class="options">
      <h1>Commonplace</h1>
      <p class="muted">Your library lives in this browser. No account and no server are needed; sync is optional, and off until you turn it on below.</p>
      <section data-testid="library-info">
        <h2>Library</h2>
        {info ? <LibraryStats info={info} /> : !infoError && <p class="muted">Loading…</p>}
        {infoError && (
          <p class="import-error" role="alert" data-testid="library-info-error">
            {infoError}{' '}
            <button type="button" onClick={() => void load()} data-testid="library-info-retry">
              Try again
            </button>
          </p>
        )}
      </section>
      <ImageSettings />
      <SnapshotSettings />
      <ImportSection onImported={() => void load()} />
      <ExportSection />
      {infoSettled && <SyncSection fallbackLibraryUrl={info?.libraryUrl ?? null} onLibraryChanged={() => void load()} />}
      <section>
        <h2>Repair</h2>
        <p class="muted">The reading list is an index derived from your clips. Rebuilding it is always safe.</p>
        <button onClick={rebuild} disabled={rebuilding} data-testid="rebuild-index">
          Rebuild index
        </button>
        <p role="status" data-testid="options-message">
          {message}
        </p>
        <SearchIndexRepair />
      </section>
    </main>
  );
}
