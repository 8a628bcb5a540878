/**
 * Hunt: while syncing with no count of its own ("Checking what the server holds…", "Syncing the
 * latest changes…", a pass that has not counted its documents yet), the status carried the last
 * pass's progress, so the side panel and the options page said "Syncing 12 of 12" (or "Syncing 3
 * of 10" from a pass a dropped server cut short), then went back to "Syncing 0 of 5".
 */
import { describe, expect, it } from 'vitest';
import { engineStatus, type EngineState } from '../../../src/sync/engine-status';
import { syncLabel } from '../../../extension/ui/sync-label';

const server = { url: 'wss://sync.example.org', state: 'connected' as const, error: null };
const state = (over: Partial<EngineState>): EngineState => ({
  servers: [server],
  running: false,
  progress: { done: 12, total: 12 },
  lastSyncedAt: 2_000,
  lastError: null,
  connectedAt: 1_000,
  owed: false,
  ...over,
});

describe('engineStatus: progress while syncing', () => {
  it('a change waiting for its pass says "Syncing…", not the last pass\'s "Syncing 12 of 12"', () => {
    const s = engineStatus(state({ owed: true }));
    expect(s.state).toBe('syncing');
    expect(syncLabel(s)).toBe('Syncing…');
  });

  it('told at a reconnection, before its pass starts, it does not show the count of an earlier pass cut short', () => {
    const s = engineStatus(state({ progress: { done: 3, total: 10 }, lastSyncedAt: 500, connectedAt: 1_000 }));
    expect(s.message).toBe('Checking what the server holds…');
    expect(syncLabel(s)).toBe('Syncing…');
  });

  it('a pass that has counted shows its own count, and a finished one is synced with it', () => {
    expect(syncLabel(engineStatus(state({ running: true, progress: { done: 4, total: 10 } })))).toBe('Syncing 4 of 10');
    const synced = engineStatus(state({}));
    expect([synced.state, synced.progress]).toEqual(['synced', { done: 12, total: 12 }]);
  });
});
