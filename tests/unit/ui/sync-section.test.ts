// @vitest-environment jsdom
/**
 * The options page's Sync section keeps what the user typed into a server field when the
 * settings arrive after typing began (a background slow to answer, as under load): it fills
 * the fields from the settings only while they are untouched. Before the fix the late answer
 * wiped the typed address (what failed sync-options.e2e under load: "waiting for the inline error").
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { mountPoint } from './list-dom';

let answerSettings: (v: unknown) => void = () => undefined;
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn((method: string) => {
    if (method === 'syncSettings') return new Promise((resolve) => (answerSettings = resolve));
    return new Promise(() => undefined);
  }),
}));
vi.mock('../../../extension/ui/use-sync-status', () => ({ useSyncStatus: () => ({ status: null, error: null, refresh: () => undefined }) }));

const { SyncSection } = await import('../../../extension/ui/SyncSection');

const settings = (servers: string[]) => ({ ok: true, value: { enabled: false, servers, textOnly: false, libraryUrl: 'automerge:4VbBo5gR3aZfaaJz8JXFQa1wBQhp' } });

async function mount() {
  const root = mountPoint();
  await act(() => render(h(SyncSection, { fallbackLibraryUrl: null, onLibraryChanged: () => undefined }), root));
  const input = () => root.querySelector('[data-testid=sync-server-input]') as HTMLInputElement;
  const type = async (text: string) => {
    await act(() => {
      input().value = text;
      input().dispatchEvent(new Event('input', { bubbles: true }));
    });
  };
  return { root, input, type };
}

describe('the Sync section', () => {

  it('keeps an address typed before the settings arrived, with its check', async () => {
    const { root, input, type } = await mount();
    await type('https://x.org');
    await act(async () => answerSettings(settings(['wss://saved.example'])));
    expect(input().value).toBe('https://x.org');
    expect(root.querySelector('[data-testid=sync-server-error]')?.textContent).toContain('wss://x.org');
  });

  it('fills untouched fields from the settings', async () => {
    const { input } = await mount();
    await act(async () => answerSettings(settings(['wss://saved.example'])));
    expect(input().value).toBe('wss://saved.example');
  });
});
