// @vitest-environment jsdom
/**
 * A tag longer than the 200 characters the library now keeps, stored before tags were capped (a
 * version-1 library, an early import) or by another program: the tag menu lists it and its list
 * shows its clips (`storedTagKey` compares it), but the filter bar dropped it when the panel opened
 * again, and a view of it could not be saved ("A view needs a tag with a visible name") nor read
 * from another device: each checked it with `normalizeTag`, which refuses it for its length.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadFilter } from '../../../extension/ui/list-filter-store';
import { isTagName, MAX_TAG_CHARS } from '../../../src/library/tags';
import { isViewSpec } from '../../../src/schema/view-spec-guard';

afterEach(() => localStorage.clear());

const long = 'Notes on '.repeat(30).trim();
const spec = (tag: string | null) => ({ query: '', state: 'all', tag, sort: 'saved', site: '', from: '', to: '' });

describe('a stored tag longer than the library keeps', () => {
  it('stays chosen in the filter bar when the panel opens again', () => {
    expect([...long].length).toBeGreaterThan(MAX_TAG_CHARS);
    localStorage.setItem('commonplace-list-filter', JSON.stringify({ state: 'unread', tag: long }));
    expect(loadFilter()).toEqual({ state: 'unread', tag: long });
  });

  it('is a tag a saved view may name', () => {
    expect(isViewSpec(spec(long))).toBe(true);
    expect(isTagName(long)).toBe(true);
  });

  it('still refuses what no clip can hold: blank, invisible, only #', () => {
    for (const t of ['', ' ', '\u200b', '#', '＃ ', '\u0301', '__proto__']) {
      expect(isTagName(t), JSON.stringify(t)).toBe(false);
      expect(isViewSpec(spec(t)), JSON.stringify(t)).toBe(false);
    }
  });
});
