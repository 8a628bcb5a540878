import { describe, expect, it } from 'vitest';
import { CLIP_STATES, clipStateOf, LIST_STATES, SORT_ORDERS } from '../../../src/schema/plain-values';
import { ItemStateSchema } from '../../../src/import/import-item';
import { SearchFiltersSchema, SearchSortSchema } from '../../../src/schema/search-result';

describe('plain values: clip states, lists and orders', () => {
  it('reads a clip state from its fields: archived wins over read', () => {
    expect(clipStateOf({ readAt: null, archivedAt: null })).toBe('unread');
    expect(clipStateOf({ readAt: 1, archivedAt: null })).toBe('read');
    expect(clipStateOf({ readAt: 1, archivedAt: 2 })).toBe('archived');
    expect(clipStateOf({ readAt: null, archivedAt: 2 })).toBe('archived');
  });

  it('keeps the stored order of the states (search snapshots store a state as its position)', () => {
    expect(CLIP_STATES).toEqual(['unread', 'read', 'archived']);
  });

  it('is what the schemas accept, and nothing else', () => {
    for (const state of CLIP_STATES) expect(ItemStateSchema.safeParse(state).success).toBe(true);
    expect(ItemStateSchema.safeParse('favorites').success).toBe(false);
    for (const state of LIST_STATES) expect(SearchFiltersSchema.safeParse({ state }).success).toBe(true);
    expect(SearchFiltersSchema.safeParse({ state: 'read' }).success).toBe(false);
    for (const sort of SORT_ORDERS) expect(SearchSortSchema.safeParse(sort).success).toBe(true);
    expect(SearchSortSchema.safeParse('random').success).toBe(false);
  });
});
