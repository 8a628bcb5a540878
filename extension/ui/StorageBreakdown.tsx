import { useEffect, useState } from 'preact/hooks';
import type { StorageUsage } from '../../src/images/schemas';
import { background } from '../messaging';
import { formatBytes } from './bytes';

/**
 * What the library's storage holds (`storageUsage`): the articles' text, the saved images and
 * the full-page snapshots, from the clips' records (text as its HTML before compression; images
 * and snapshots as stored; on a "text only" device, only those kept here).
 *
 * Asked again whenever `refresh` changes (the options page passes its `libraryInfo` answer, read
 * again after an import, a rebuild or a library change), so this line never stays behind the
 * "Storage used" above it; an answer to an earlier ask that arrives after a later one is dropped.
 */
export function StorageBreakdown({ refresh }: { refresh?: unknown }) {
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  useEffect(() => {
    let live = true;
    void background('storageUsage', {}).then((res) => live && res.ok && setUsage(res.value));
    return () => void (live = false);
  }, [refresh]);
  if (!usage) return null;
  return (
    <>
      <dt>Of which</dt>
      <dd data-testid="storage-breakdown">
        text {formatBytes(usage.textBytes)} · images {formatBytes(usage.imageBytes)} ({usage.images} saved) · snapshots {formatBytes(usage.snapshotBytes)} ({usage.snapshots})
      </dd>
    </>
  );
}
