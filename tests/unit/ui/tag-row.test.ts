// @vitest-environment jsdom
/**
 * Renaming a tag in the Tags view: the new name is taken as it will be stored ("#later" is
 * "later"), so a rename that merges into an existing tag says so before it is confirmed, and the
 * panel is told the name the clips have now (a filter on the old tag follows it, not a raw "#later"
 * no clip has).
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';

const calls: { method: string; params: unknown }[] = [];
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn(async (method: string, params: unknown) => {
    calls.push({ method, params });
    if (method === 'renameTag') return { ok: true, value: { clips: 3, tag: 'later' } };
    return new Promise(() => undefined);
  }),
}));

const { TagRow } = await import('../../../extension/ui/TagRow');

describe('a tag row', () => {
  it('takes "#later" as "later": announces the merge into the existing "later", and tells the panel the stored name', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    const changed: unknown[][] = [];
    const all = [
      { tag: 'reading', count: 3 },
      { tag: 'later', count: 5 },
    ];
    await act(() => render(h(TagRow, { tag: 'reading', count: 3, all, onShow: () => undefined, onChanged: (...a: unknown[]) => void changed.push(a) }), root));
    await act(() => (root.querySelector('[data-testid=tag-rename]') as HTMLButtonElement).click());
    const input = root.querySelector('[data-testid=tag-rename-input]') as HTMLInputElement;
    await act(() => {
      input.value = '#later';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => (root.querySelector('[data-testid=tag-rename-confirm]') as HTMLButtonElement).click());
    expect(root.querySelector('[data-testid=tag-confirm-message]')?.textContent).toMatch(/“later” exists already \(5 clips\): “reading” will be merged into it/);
    await act(async () => {
      (root.querySelector('[data-testid=tag-rename-confirm]') as HTMLButtonElement).click();
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(calls.at(-1)).toEqual({ method: 'renameTag', params: { from: 'reading', to: 'later' } });
    expect(changed).toEqual([['reading', 'later', 'Merged “reading” into “later” on 3 clips.']]);
    await act(() => render(null, root));
  });
});
