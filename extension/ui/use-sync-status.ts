import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { SyncStatus } from '../../src/sync/settings';

/**
 * The live sync status: asked of the background once (`syncStatus`), then every status
 * the background broadcasts on `SYNC_STATUS_CHANNEL`. The protocol client and the
 * status schema (zod) load lazily, so the side panel's first paint does not wait for
 * them; `startAfterMs` delays even that (the side panel starts after its list is up).
 */
export function useSyncStatus({ startAfterMs = 0 } = {}): { status: SyncStatus | null; error: string | null; refresh: () => void } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fetchRef = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    let live = true;
    let channel: BroadcastChannel | undefined;
    /** Bumped by every status that arrives, so an older answer never overwrites a newer broadcast. */
    let generation = 0;
    const start = async () => {
      const [{ background }, { SYNC_STATUS_CHANNEL, SyncStatusSchema }] = await Promise.all([import('../messaging'), import('../../src/sync/settings')]);
      if (!live) return;
      const fetchStatus = async () => {
        const asked = generation;
        const res = await background('syncStatus', {});
        if (!live || asked !== generation) return;
        if (res.ok) {
          generation++;
          setStatus(res.value);
          setError(null);
        } else setError(res.error.message);
      };
      fetchRef.current = fetchStatus;
      channel = new BroadcastChannel(SYNC_STATUS_CHANNEL);
      channel.onmessage = (e: MessageEvent) => {
        const parsed = SyncStatusSchema.safeParse(e.data);
        // A status of a shape this page does not know: ask for it through the (validated) protocol instead.
        if (!parsed.success) return void fetchStatus();
        generation++;
        setStatus(parsed.data);
        setError(null);
      };
      await fetchStatus();
    };
    const timer = setTimeout(() => void start().catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e))), startAfterMs);
    return () => {
      live = false;
      clearTimeout(timer);
      channel?.close();
    };
  }, [startAfterMs]);

  // Progress ("Syncing N of M") is also read every 2 s while syncing, in case a broadcast only carries state changes.
  const syncing = status?.state === 'syncing';
  useEffect(() => {
    if (!syncing) return;
    const timer = setInterval(() => void fetchRef.current(), 2_000);
    return () => clearInterval(timer);
  }, [syncing]);

  const refresh = useCallback(() => void fetchRef.current(), []);
  return { status, error, refresh };
}
