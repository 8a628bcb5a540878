import type { SyncStatus } from '../../src/sync/settings';
import { syncDetail, syncLabel, syncTone } from './sync-label';

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The live sync status on the options page: the state in words, the engine's message,
 * "Syncing N of M" with a bar, when the library last synced, and, with several servers, each one's state.
 */
export function SyncStatusView({ status, error }: { status: SyncStatus | null; error: string | null }) {
  if (!status) {
    return (
      <div class="sync-status" role="status" data-testid="sync-status" data-state={error ? 'unknown' : 'loading'}>
        <span class={error ? 'error' : 'muted'}>{error ? `Sync status unavailable: ${error}` : 'Reading the sync status…'}</span>
      </div>
    );
  }
  const label = syncLabel(status);
  const detail = syncDetail(status);
  // Offline or in error no pass is going on: the count of one cut short ("3 of 10") is not shown as a bar.
  const progress = status.state === 'offline' || status.state === 'error' ? null : status.progress;
  return (
    <div class="sync-status" role="status" aria-live="polite" data-testid="sync-status" data-state={status.state}>
      <p class="sync-status-line">
        <strong class={syncTone(status)} data-testid="sync-status-label">
          {label}
        </strong>
        {detail && <span data-testid="sync-status-message"> — {detail}</span>}
      </p>
      {progress && progress.total > 0 && (
        <progress value={progress.done} max={progress.total} aria-label={`Synced ${progress.done} of ${progress.total} documents`} data-testid="sync-progress" />
      )}
      {status.lastSyncedAt !== null && <p class="muted field-note">Last synced {time.format(status.lastSyncedAt)}.</p>}
      {/* One server's state is shown under its address; several are listed here too. */}
      {status.servers.length > 1 && (
        <ul class="server-states" aria-label="Servers">
          {status.servers.map((s) => (
            <li key={s.url} data-testid="sync-server-state" data-state={s.state}>
              <code>{s.url}</code> <span class={s.state === 'connected' ? 'ok' : s.state === 'connecting' ? 'muted' : 'error'}>{s.state}</span>
              {s.error && <span class="error"> — {s.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
