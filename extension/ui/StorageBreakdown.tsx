import { useEffect, useState } from 'preact/hooks';
import type { StorageUsage } from '../../src/images/schemas';
import { background } from '../messaging';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * What the library's storage holds (`storageUsage`): the articles' text, the saved images and
 * the full-page snapshots, from the clips' records (text as its HTML before compression; images
 * and snapshots as stored; on a "text only" device, only those kept here).
 */
export function StorageBreakdown() {
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  useEffect(() => {
    void background('storageUsage', {}).then((res) => res.ok && setUsage(res.value));
  }, []);
  if (!usage) return null;
  return (
    <>
      <dt>Of which</dt>
      <dd data-testid="storage-breakdown">
        text {mb(usage.textBytes)} · images {mb(usage.imageBytes)} ({usage.images} saved) · snapshots {mb(usage.snapshotBytes)} ({usage.snapshots})
      </dd>
    </>
  );
}
