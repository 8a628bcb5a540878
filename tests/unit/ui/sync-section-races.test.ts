// @vitest-environment jsdom
/**
 * The options page's Sync section while a `setSync` is on its way (the background connects to
 * the servers before it answers, which takes seconds on a slow line): what else the section
 * lets the user do meanwhile must neither undo the change asked for nor throw away what was typed.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mountPoint } from './list-dom';

type Pending = { params: Record<string, unknown>; resolve: (v: unknown) => void };
const setSyncCalls: Pending[] = [];
let initial: Record<string, unknown> = {};
const LIB = 'automerge:4VbBo5gR3aZfaaJz8JXFQa1wBQhp';

vi.mock('../../../extension/messaging', () => ({
  background: vi.fn((method: string, params: Record<string, unknown>) => {
    if (method === 'syncSettings') return Promise.resolve({ ok: true, value: { ...initial, libraryUrl: LIB } });
    if (method === 'setSync') return new Promise((resolve) => setSyncCalls.push({ params, resolve }));
    return new Promise(() => undefined);
  }),
}));
vi.mock('../../../extension/ui/use-sync-status', () => ({ useSyncStatus: () => ({ status: null, error: null, refresh: () => undefined }) }));

const { SyncSection } = await import('../../../extension/ui/SyncSection');

async function mount() {
  const root = mountPoint();
  await act(() => render(h(SyncSection, { fallbackLibraryUrl: null, onLibraryChanged: () => undefined }), root));
  await act(async () => undefined);
  const $ = (id: string) => root.querySelector(`[data-testid=${id}]`) as HTMLInputElement;
  const $$ = (id: string) => [...root.querySelectorAll(`[data-testid=${id}]`)] as HTMLInputElement[];
  const typeInto = async (input: HTMLInputElement, text: string) => {
    await act(() => {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  };
  return { root, $, $$, typeInto };
}

describe('the Sync section while a setSync is answered', () => {
  beforeEach(() => void (setSyncCalls.length = 0));

  it('ticking "Text only" while sync is being turned on does not send a request that turns sync back off', async () => {
    initial = { enabled: false, servers: ['wss://a.example'], textOnly: false };
    const { $ } = await mount();
    expect($('sync-toggle').disabled).toBe(false);

    // Turn sync on: the background is connecting, no answer yet.
    await act(() => $('sync-toggle').click());
    expect(setSyncCalls).toHaveLength(1);
    expect(setSyncCalls[0]!.params).toMatchObject({ enabled: true, servers: ['wss://a.example'] });

    // Meanwhile, tick "Text only on this device" (it is not disabled).
    const textOnly = $('text-only-toggle');
    if (!textOnly.disabled) await act(() => textOnly.click());

    // Every request sent must keep sync on: the user never asked to turn it off.
    // (The text-only call used to carry the stale settings, enabled: false and the old servers,
    // so whichever write landed last decided; the switch still said "Sync is on".) A call that
    // leaves `enabled` out keeps the stored value (the background merges it, in order).
    for (const call of setSyncCalls) expect(call.params.enabled, JSON.stringify(call.params)).not.toBe(false);
  });

  it('keeps a server address typed while "Save servers" was being answered', async () => {
    initial = { enabled: false, servers: ['wss://a.example'], textOnly: false };
    const { $, $$, typeInto } = await mount();
    await typeInto($$('sync-server-input')[0]!, 'wss://b.example');
    await act(() => $('sync-save').click());
    expect(setSyncCalls).toHaveLength(1);

    // While "Saving…", the user adds a second server (nothing is disabled).
    await act(() => $('sync-server-add').click());
    await typeInto($$('sync-server-input')[1]!, 'wss://c.example');

    // The first save answers with what it saved.
    await act(async () => setSyncCalls[0]!.resolve({ ok: true, value: { enabled: false, servers: ['wss://b.example'], textOnly: false, libraryUrl: LIB } }));

    const values = $$('sync-server-input').map((i) => i.value);
    expect(values).toContain('wss://c.example');
  });
});
