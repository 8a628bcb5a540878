/**
 * Hunt: stored settings whose every server address is damaged were salvaged as
 * `{ enabled: true, servers: [] }`, a state no save makes: the options page showed the switch on
 * (and "To remove every server, turn sync off.") while the status said "Sync off", and every
 * later change that keeps the switch, such as ticking "Text only on this device", was refused
 * with "Add a sync server address before turning sync on."
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const stored = new Map<string, unknown>();
vi.mock('wxt/browser', () => ({
  browser: {
    storage: {
      local: {
        get: async (key: string) => (stored.has(key) ? { [key]: structuredClone(stored.get(key)) } : {}),
        set: async (items: Record<string, unknown>) => void Object.entries(items).forEach(([k, v]) => stored.set(k, structuredClone(v))),
      },
    },
  },
}));

const { readSyncSettings, writeSyncSettings } = await import('../../../extension/background/sync');

describe('sync settings salvaged with no server left', () => {
  beforeEach(() => stored.clear());

  it('read as off (not on with no server), so "text only" can still be changed', async () => {
    stored.set('sync', { enabled: true, servers: ['x'.repeat(3_000), 42], textOnly: false });
    expect(await readSyncSettings()).toEqual({ enabled: false, servers: [], textOnly: false });
    await expect(writeSyncSettings({ textOnly: true })).resolves.toEqual({ enabled: false, servers: [], textOnly: true });
  });

  it('a damaged server list alongside "enabled" reads as off too', async () => {
    stored.set('sync', { enabled: true, servers: 'wss://one.example' });
    expect(await readSyncSettings()).toEqual({ enabled: false, servers: [], textOnly: false });
  });
});
