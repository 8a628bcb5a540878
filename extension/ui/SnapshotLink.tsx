import { useEffect, useState } from 'preact/hooks';
import type { SnapshotInfo } from '../../src/snapshot/settings';
import { extUrl } from '../ext-url';
import { background } from '../messaging';

/**
 * " · Full page (2.1 MB)" in the reader's meta line when the clip has a full-page copy: opens
 * the snapshot viewer (a sandboxed frame, no script, no network) in a new tab.
 */
export function SnapshotLink({ clipId }: { clipId: string }) {
  const [info, setInfo] = useState<SnapshotInfo | null>(null);
  useEffect(() => {
    setInfo(null);
    let live = true;
    void background('snapshotInfo', { clipId: clipId as never }).then((res) => live && res.ok && setInfo(res.value));
    return () => void (live = false);
  }, [clipId]);
  if (!info) return null;
  const mb = (info.bytes / 1_000_000).toFixed(1);
  return (
    <span>
      {' · '}
      <a href={`${extUrl('/snapshot.html')}#clip=${encodeURIComponent(clipId)}`} target="_blank" rel="noopener" data-testid="snapshot-link" title="A complete copy of the page as it looked when saved">
        Full page ({mb} MB)
      </a>
    </span>
  );
}
