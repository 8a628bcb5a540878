/**
 * Review: `SyncController.stop()` (a join switching libraries) is meant to be final ("a stopped
 * engine never starts again"), but `apply()` — which a `setSync` that got the old services just
 * before the switch is still running (it awaits the stored settings) — goes on to
 * `SyncEngine.setServers`, which does not look at `stopped`: the stopped engine opens a
 * connection nobody will ever drop. The new library's engine opens its own; turning sync off
 * then closes only that one, and the leaked one keeps syncing with the server.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { DocStorage } from '../../../src/library/doc-storage';
import { Library } from '../../../src/library/library';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';
import { Repo } from '@automerge/automerge-repo/slim';
import { useSyncServer } from './helpers';

const stored = new Map<string, unknown>();
vi.mock('wxt/browser', () => ({
  browser: {
    storage: {
      local: {
        get: async (key: string) => (stored.has(key) ? { [key]: structuredClone(stored.get(key)) } : {}),
        set: async (items: Record<string, unknown>) => void Object.entries(items).forEach(([k, v]) => stored.set(k, structuredClone(v))),
      },
    },
    alarms: { create: async () => undefined, clear: async () => true },
  },
}));

const { SyncController, writeSyncSettings } = await import('../../../extension/background/sync');

describe('SyncController after stop', () => {
  const server = useSyncServer('cp-xsync-stop-');

  it('a stopped controller (its library replaced) opens no connection when an apply() begun before the stop finishes', async () => {
    const storage = new MemoryStorageAdapter();
    const index = new MemoryClipIndex();
    const repo = new Repo({ storage, network: [], sharePolicy: async () => true });
    DocStorage.install(repo, storage);
    const { library } = await Library.open({ repo, index, storage, device: 'device-stop' }, null);
    const sync = new SyncController(repo, library, index);
    // The user turns sync on (setSync: the settings stored, then apply) while a join switches libraries.
    await writeSyncSettings({ enabled: true, servers: [server().url] });
    const applying = sync.apply();
    sync.stop();
    await applying;
    await new Promise((r) => setTimeout(r, 1_500));
    const peers = repo.peers.length;
    const adapters = repo.networkSubsystem.adapters.length;
    for (const a of repo.networkSubsystem.adapters) (a as unknown as { connect: () => void }).connect = () => undefined;
    repo.networkSubsystem.disconnect();
    expect({ peers, adapters }).toEqual({ peers: 0, adapters: 0 });
  });
});
