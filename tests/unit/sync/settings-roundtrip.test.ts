/**
 * Review: `parseServerUrl` checks the length of the address as typed (2,000 characters), but
 * stores the normalised URL, which percent-encoding can make several times longer. The settings
 * schema then refuses what was stored, and `readSyncSettings` answers the defaults: sync off, every
 * server forgotten, "text only" off.
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
const { parseServerUrl, SyncSettingsSchema } = await import('../../../src/sync/settings');

describe('sync settings: what is accepted is what is read back', () => {
  beforeEach(() => stored.clear());

  it('an address parseServerUrl accepts normalises to one the settings schema keeps', () => {
    // 318 characters typed; percent-encoded, 2,718.
    const typed = `wss://sync.example.org/${'同'.repeat(300)}`;
    const parsed = parseServerUrl(typed);
    if (!parsed.ok) return; // refusing it with a message is fine too
    expect(SyncSettingsSchema.safeParse({ enabled: true, servers: [parsed.url] }).success).toBe(true);
  });

  it('settings written with such an address are read back as written, not silently reset to off with every server and text only forgotten', async () => {
    await writeSyncSettings({ enabled: true, servers: ['wss://home.example.org'], textOnly: true });
    let written;
    try {
      written = await writeSyncSettings({ enabled: true, servers: ['wss://home.example.org', `wss://sync.example.org/${'同'.repeat(300)}`] });
    } catch {
      // Refused with a message: the stored settings must then be the earlier ones.
      written = null;
    }
    const read = await readSyncSettings();
    if (written) expect(read).toEqual(written);
    else expect(read).toEqual({ enabled: true, servers: ['wss://home.example.org'], textOnly: true });
  });

  it('a change that leaves settings out keeps them, even while an earlier change is still being stored', async () => {
    await writeSyncSettings({ enabled: false, servers: ['wss://a.example'] });
    // Sync turned on and "text only" ticked at once: neither undoes the other.
    const [on, textOnly] = await Promise.all([writeSyncSettings({ enabled: true, servers: ['wss://b.example'] }), writeSyncSettings({ textOnly: true })]);
    expect(on).toEqual({ enabled: true, servers: ['wss://b.example'], textOnly: false });
    expect(textOnly).toEqual({ enabled: true, servers: ['wss://b.example'], textOnly: true });
    expect(await readSyncSettings()).toEqual(textOnly);
    await expect(writeSyncSettings({ enabled: false, servers: ['https://x.example'] })).rejects.toThrow();
    expect(await writeSyncSettings({ enabled: false })).toEqual({ enabled: false, servers: ['wss://b.example'], textOnly: true });
  });

  it('stored settings with one damaged address keep sync on, the other servers and text only', async () => {
    stored.set('sync', { enabled: true, servers: ['wss://good.example', 'x'.repeat(3_000), 'ws://also.example:3030'], textOnly: true });
    expect(await readSyncSettings()).toEqual({ enabled: true, servers: ['wss://good.example', 'ws://also.example:3030'], textOnly: true });
    stored.set('sync', 'garbage');
    expect(await readSyncSettings()).toEqual({ enabled: false, servers: [], textOnly: false });
  });
});

// Hunt: stored settings whose every server address is damaged were salvaged as
// `{ enabled: true, servers: [] }`, a state no save makes: the options page showed the switch on
// (and "To remove every server, turn sync off.") while the status said "Sync off", and every
// later change that keeps the switch, such as ticking "Text only on this device", was refused
// with "Add a sync server address before turning sync on."
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

// Hunt: stored settings that pass the schema but hold an address the current parser refuses (one
// an older version accepted, such as "sync.example.org" without its scheme) were read as they were,
// and every later save, even "text only" alone, was refused for that address.
describe('stored settings with an address the parser now refuses', () => {
  beforeEach(() => stored.clear());

  it('drop that address on read, so an unrelated change (text only) is still stored', async () => {
    stored.set('sync', { enabled: true, servers: ['sync.example.org', 'wss://good.example'], textOnly: false });
    expect(await readSyncSettings()).toEqual({ enabled: true, servers: ['wss://good.example'], textOnly: false });
    await expect(writeSyncSettings({ textOnly: true })).resolves.toEqual({ enabled: true, servers: ['wss://good.example'], textOnly: true });
  });

  it('read as off when it was the only one', async () => {
    stored.set('sync', { enabled: true, servers: ['http://old.example'] });
    await expect(writeSyncSettings({ textOnly: true })).resolves.toEqual({ enabled: false, servers: [], textOnly: true });
  });
});
