// @vitest-environment jsdom
/**
 * Hunt: the options page's sync status kept the progress bar of a pass that was cut short
 * ("3 of 10") while it said "Offline" or "Sync error": a bar of work that is not going on.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../src/sync/settings';
import { SyncStatusView } from '../../../extension/ui/SyncStatusView';
import { mountPoint } from './list-dom';

const status = (state: SyncStatus['state'], message: string): SyncStatus => ({
  state,
  message,
  servers: [{ url: 'wss://sync.example.org', state: state === 'offline' ? 'offline' : 'connected', error: state === 'offline' ? 'no answer' : null }],
  progress: { done: 3, total: 10 },
  lastSyncedAt: null,
});

async function bar(s: SyncStatus) {
  const root = mountPoint();
  await act(() => render(h(SyncStatusView, { status: s, error: null }), root));
  return root.querySelector('[data-testid=sync-progress]');
}

describe('SyncStatusView: the progress bar', () => {
  it('is not shown offline or in error, where no pass is going on', async () => {
    expect(await bar(status('offline', 'Offline: no answer.'))).toBeNull();
    expect(await bar(status('error', 'Sync error: 3 document(s) did not reach the server yet; retrying'))).toBeNull();
  });

  it('is shown while a pass syncs', async () => {
    expect(await bar(status('syncing', 'Syncing 3 of 10…'))).not.toBeNull();
  });
});
