import { syncLabel, syncTone } from './sync-label';
import { useSyncStatus } from './use-sync-status';

type RuntimeApi = { runtime?: { openOptionsPage?: () => Promise<void> | void } };

/** Opens the options page (its Sync section) in a tab, falling back to the link's own href. */
function openOptions(e: MouseEvent) {
  const g = globalThis as unknown as { browser?: RuntimeApi; chrome?: RuntimeApi };
  const open = (g.browser ?? g.chrome)?.runtime?.openOptionsPage;
  if (!open) return;
  e.preventDefault();
  try {
    void Promise.resolve(open()).catch(() => window.open('options.html#sync', '_blank', 'noopener'));
  } catch {
    window.open('options.html#sync', '_blank', 'noopener');
  }
}

/**
 * The side panel's header: the sync state, always visible — "Sync off" (a link to the
 * options page), "Connected"/"Synced", "Syncing N of M", "Offline" or "Sync error: <reason>".
 * Starts after the list's first paint (see useSyncStatus).
 */
export function SyncBadge() {
  const { status, error } = useSyncStatus({ startAfterMs: 300 });
  const state = status?.state ?? (error ? 'unknown' : 'loading');
  const label = status ? syncLabel(status) : error ? `Sync status unavailable: ${error}` : '';
  return (
    <header class="panel-header">
      <span class="sync-badge" role="status" aria-label="Sync status" data-testid="sidepanel-sync-status" data-state={state}>
        <span class={`sync-dot sync-dot-${state}`} aria-hidden="true" />
        {state === 'off' ? (
          <a href="options.html#sync" target="_blank" rel="noopener" onClick={openOptions} title="Turn sync on in the settings">
            {label}
          </a>
        ) : (
          <span class={status ? syncTone(status) : 'muted'} title={status?.message || undefined}>
            {label}
          </span>
        )}
      </span>
      {state !== 'off' && state !== 'loading' && (
        <a class="muted panel-settings" href="options.html#sync" target="_blank" rel="noopener" onClick={openOptions}>
          Settings
        </a>
      )}
    </header>
  );
}
