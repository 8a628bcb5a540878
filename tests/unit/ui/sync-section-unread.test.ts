// @vitest-environment jsdom
/**
 * The Sync section when the settings cannot be read (the background answered with an error: a
 * library that failed to open, a timeout). It showed the defaults, sync off and no server, with
 * the switch and "Save servers" working: typing one address and turning sync on replaced the
 * servers the user had with that one. Now nothing can be saved until the settings are read, and
 * "Try again" reads them again.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { mountPoint, wait } from './list-dom';

let answers: unknown[] = [];
const setSync = vi.fn(async (_args: unknown) => ({ ok: false, error: { code: 'internal', message: 'not expected' } }));
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, args: unknown) => {
    if (method === 'syncSettings') return answers.shift();
    if (method === 'setSync') return setSync(args);
    return new Promise(() => undefined);
  }),
}));
vi.mock('../../../extension/ui/use-sync-status', () => ({ useSyncStatus: () => ({ status: null, error: null, refresh: () => undefined }) }));
const { SyncSection } = await import('../../../extension/ui/SyncSection');

const failed = { ok: false, error: { code: 'internal', message: 'The library could not be opened.' } };
const stored = { ok: true, value: { enabled: true, servers: ['wss://a.example', 'wss://b.example'], textOnly: false, libraryUrl: 'automerge:4VbBo5gR3aZfaaJz8JXFQa1wBQhp' } };

describe('the Sync section, its settings unread', () => {
  it('saves nothing over settings it could not read, and reads them again on "Try again"', async () => {
    answers = [failed, stored];
    const root = mountPoint();
    await act(() => render(h(SyncSection, { fallbackLibraryUrl: null, onLibraryChanged: () => undefined }), root));
    await wait(10);
    const $ = <T extends HTMLElement>(id: string) => root.querySelector(`[data-testid=${id}]`) as T | null;
    expect($('sync-message')?.textContent).toMatch(/could not be read: The library could not be opened\./);
    // A valid address typed: the switch and Save still wait for the real settings.
    const input = $<HTMLInputElement>('sync-server-input')!;
    await act(() => {
      input.value = 'wss://c.example';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect($<HTMLInputElement>('sync-toggle')!.disabled).toBe(true);
    expect($<HTMLButtonElement>('sync-save')!.disabled).toBe(true);
    expect(setSync).not.toHaveBeenCalled();
    await act(() => $<HTMLButtonElement>('sync-retry')!.click());
    await wait(10);
    expect($('sync-retry')).toBeNull();
    expect($('sync-message')?.textContent).toBe('');
    expect($<HTMLInputElement>('sync-toggle')!.checked).toBe(true);
    expect($<HTMLInputElement>('sync-toggle')!.disabled).toBe(false);
  });
});
