import type { LibraryInfo } from '../../src/protocol/schemas';
import { StorageBreakdown } from './StorageBreakdown';
import { usePersistentStorage } from './use-persistent-storage';
import { formatBytes } from './bytes';

/** What the library holds, the storage it uses (`libraryInfo`) and whether that storage is persistent. Its URL is under Sync, behind "Show". */
export function LibraryStats({ info }: { info: LibraryInfo }) {
  const persisted = usePersistentStorage();
  return (
    <dl>
      <dt>Clips</dt>
      <dd data-testid="clip-count">{info.clipCount}</dd>
      <dt>In the bin (undo-able)</dt>
      <dd>{info.deletedCount}</dd>
      {info.pendingCaptures > 0 && (
        <>
          <dt>Saved, still being written</dt>
          <dd data-testid="pending-captures">
            {info.pendingCaptures} — they are safe on disk; writing them into the library failed and is retried. If this stays, free some disk space and restart the
            browser.
          </dd>
        </>
      )}
      <dt>Storage used</dt>
      <dd>
        {formatBytes(info.storageBytes)} of {formatBytes(info.storageQuota)}
      </dd>
      <StorageBreakdown refresh={info} />
      <dt>Kept when the disk runs low</dt>
      <dd data-testid="storage-persisted">
        {persisted === null
          ? 'checking…'
          : persisted
            ? 'yes: the browser will not clear your library to make room'
            : 'not guaranteed: the browser may clear it when the disk is nearly full. Keep backups (below) or turn on sync.'}
      </dd>
    </dl>
  );
}
