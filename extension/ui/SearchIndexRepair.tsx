import { useEffect, useRef, useState } from 'preact/hooks';
import { background } from '../messaging';

/** How often the status is asked while the search index is rebuilt. */
const POLL_MS = 250;

type View =
  | { kind: 'idle' }
  | { kind: 'rebuilding'; done: number | null; total: number | null }
  | { kind: 'done'; clips: number }
  | { kind: 'failed'; message: string };

/** What `searchStatus` says, as this section shows it (null: nothing to show: closed, or ready before any rebuild here). */
async function statusView(): Promise<View | { kind: 'ready'; clips: number } | null> {
  const res = await background('searchStatus', {});
  if (!res.ok) return { kind: 'failed', message: res.error.message };
  const s = res.value;
  if (s.status === 'rebuilding') return { kind: 'rebuilding', done: s.progress?.done ?? null, total: s.progress?.total ?? null };
  if (s.status === 'failed') return { kind: 'failed', message: s.failure ?? 'Rebuilding the search index failed. Try again.' };
  if (s.status === 'ready') return { kind: 'ready', clips: s.clips };
  return null;
}

/**
 * The options page's "Rebuild search index" (in the Repair section): starts the rebuild
 * (`rebuildSearch`), then shows its progress ("N of M clips", `searchStatus` asked every 250 ms)
 * and how it ended: the clips indexed, or the failure (a full disk says so) with "Try again".
 * Opened while a rebuild runs or after one failed, it shows that too.
 */
export function SearchIndexRepair() {
  const [view, setView] = useState<View>({ kind: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  const follow = async (started: boolean) => {
    if (!alive.current) return;
    const v = await statusView();
    if (!alive.current) return;
    if (v?.kind === 'rebuilding') {
      setView(v);
      timer.current = setTimeout(() => void follow(started), POLL_MS);
    } else if (v?.kind === 'failed') setView(v);
    else if (v?.kind === 'ready' && started) setView({ kind: 'done', clips: v.clips });
    else if (started) setView({ kind: 'idle' });
  };

  useEffect(() => {
    void follow(false);
    return () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  const rebuild = async () => {
    if (timer.current) clearTimeout(timer.current);
    setView({ kind: 'rebuilding', done: null, total: null });
    const res = await background('rebuildSearch', {});
    if (!res.ok) return setView({ kind: 'failed', message: res.error.message });
    await follow(true);
  };

  const busy = view.kind === 'rebuilding';
  return (
    <div class="search-repair" data-testid="search-repair">
      <p class="muted">Search uses its own index of your clips' text. Rebuild it if search misses clips you know are there; search says “rebuilding” meanwhile.</p>
      <button onClick={() => void rebuild()} disabled={busy} data-testid="rebuild-search">
        {view.kind === 'failed' ? 'Try again' : 'Rebuild search index'}
      </button>
      <p role="status" aria-live="polite" class={view.kind === 'failed' ? 'error' : undefined} data-testid="search-repair-status" data-state={view.kind}>
        {view.kind === 'rebuilding' &&
          (view.total === null
            ? 'Rebuilding the search index…'
            : `Rebuilding the search index (${(view.done ?? 0).toLocaleString()} of ${view.total.toLocaleString()} clips)…`)}
        {view.kind === 'done' && `Search index rebuilt: ${view.clips.toLocaleString()} clips.`}
        {view.kind === 'failed' && view.message}
      </p>
    </div>
  );
}
