import type { SyncStatus } from '../../src/sync/settings';

/**
 * Why sync is in error, for the user: the status message without its own "Sync error: " (the
 * label adds it: it read "Sync error: Sync error: …"), else the first server's error.
 */
export function syncReason(status: SyncStatus): string {
  return status.message.replace(/^Sync error:\s*/, '') || status.servers.find((s) => s.error)?.error || 'no reason given';
}

/**
 * The one-line sync state the side panel's header and the options page show:
 * "Sync off", "Connecting…", "Syncing N of M", "Synced"/"Connected", "Offline",
 * or "Sync error: <reason>".
 */
export function syncLabel(status: SyncStatus): string {
  switch (status.state) {
    case 'off':
      return 'Sync off';
    case 'connecting':
      return 'Connecting…';
    case 'syncing':
      return status.progress ? `Syncing ${status.progress.done} of ${status.progress.total}` : 'Syncing…';
    case 'synced':
      return status.lastSyncedAt === null ? 'Connected' : 'Synced';
    case 'offline':
      return 'Offline';
    case 'error':
      return `Sync error: ${syncReason(status)}`;
  }
}

/** The class that colours a state: ok, muted or error (design tokens in theme.css). */
export function syncTone(status: SyncStatus): 'ok' | 'muted' | 'error' {
  if (status.state === 'synced') return 'ok';
  if (status.state === 'error' || status.state === 'offline') return 'error';
  return 'muted';
}

/**
 * The status message without a lead-in that repeats the state ("Offline: no answer…" under
 * "Offline" reads "No answer…"); null when there is nothing more to say (an error's
 * reason is already in its label).
 */
export function syncDetail(status: SyncStatus): string | null {
  if (!status.message || status.state === 'error') return null;
  const m = /^([^:]{1,24}):\s+(.+)$/s.exec(status.message);
  const lead = m?.[1]!.toLowerCase().replace(/^sync (is )?/, '');
  const rest = m && (lead === status.state || lead === syncLabel(status).toLowerCase()) ? m[2]! : status.message;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
