import { useEffect, useState } from 'preact/hooks';
import type { SnapshotInfo } from '../../src/snapshot/settings';
import type { SnapshotStatus } from '../../src/snapshot/snapshot-queue';
import { extUrl } from '../ext-url';
import { background } from '../messaging';
import { formatBytes } from './bytes';

/** How often the reader asks again while a clip's full-page copy is still being taken. */
const PENDING_POLL_MS = 1_500;

/**
 * " · Full page (2.1 MB)" in the reader's meta line when the clip has a full-page copy: opens
 * the snapshot viewer (a sandboxed frame, no script, no network) in a new tab. Without one:
 * " · Full page: being copied…" while the copy kept with every page saved is still to be taken
 * (the link follows once it is), or why it was not made; nothing otherwise.
 */
export function SnapshotLink({ clipId }: { clipId: string }) {
  const [info, setInfo] = useState<SnapshotInfo | null>(null);
  const [status, setStatus] = useState<SnapshotStatus | null>(null);
  useEffect(() => {
    setInfo(null);
    setStatus(null);
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      const res = await background('snapshotInfo', { clipId: clipId as never });
      if (!live || !res.ok) return;
      setInfo(res.value);
      if (res.value) return setStatus(null);
      const st = await background('snapshotStatus', { clipId: clipId as never });
      if (!live || !st.ok) return;
      setStatus(st.value);
      if (st.value.pending) timer = setTimeout(() => void ask(), PENDING_POLL_MS);
    };
    void ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [clipId]);
  if (!info) {
    if (status?.pending) return <span data-testid="snapshot-pending">{' · '}Full page: being copied…</span>;
    if (status?.failed) return <span data-testid="snapshot-failed">{' · '}{status.failed}</span>;
    return null;
  }
  return (
    <span>
      {' · '}
      <a href={`${extUrl('/snapshot.html')}#clip=${encodeURIComponent(clipId)}`} target="_blank" rel="noopener" data-testid="snapshot-link" title="A complete copy of the page as it looked when saved">
        Full page ({formatBytes(info.bytes)})
      </a>
    </span>
  );
}
