// @vitest-environment jsdom
/**
 * The list's filter restored from localStorage (`list-filter-store.ts`). What is stored there may
 * be damaged (another version, a hand edit, a sync of browser profiles): a tag no clip can have
 * (empty, blank: `normalizeTag` refuses both) must not be restored. Restored, it opened the panel
 * on an empty list "tagged “”", every state counting 0, with "All tags" shown as chosen in the
 * tag menu, so picking "All tags" there did nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadFilter } from '../../../extension/ui/list-filter-store';

afterEach(() => localStorage.clear());

describe('the filter restored from localStorage', () => {
  it('opens on no tag when the stored tag is empty', () => {
    localStorage.setItem('commonplace-list-filter', JSON.stringify({ state: 'unread', tag: '' }));
    expect(loadFilter()).toEqual({ state: 'unread', tag: null });
  });

  it('opens on no tag when the stored tag is only spaces or invisible characters', () => {
    localStorage.setItem('commonplace-list-filter', JSON.stringify({ state: 'all', tag: ' \u200b ' }));
    expect(loadFilter()).toEqual({ state: 'all', tag: null });
  });
});
