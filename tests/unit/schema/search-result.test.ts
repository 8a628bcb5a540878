/** A search page crosses from the background to the side panel: its hits' title marks are checked like the snippet's. */
import { describe, expect, it } from 'vitest';
import { newClipId } from '../../../src/schema/ids';
import { SearchPageSchema } from '../../../src/schema/search-result';
import { row } from '../index-db/clip-index-conformance';

const page = (hit: Record<string, unknown>) => ({ status: 'ready', progress: null, total: 1, totalExact: true, problems: [], hits: [{ clip: row(newClipId(), 1), snippet: null, ...hit }] });

describe('SearchPageSchema', () => {
  it('takes hits with title marks, and without (the shape before them)', () => {
    expect(SearchPageSchema.safeParse(page({ titleMarks: [{ start: 0, end: 3 }] })).success).toBe(true);
    expect(SearchPageSchema.safeParse(page({ titleMarks: [] })).success).toBe(true);
    expect(SearchPageSchema.safeParse(page({})).success).toBe(true);
  });
  it('refuses title marks of another shape', () => {
    for (const titleMarks of [[{ start: -1, end: 3 }], [{ start: 0.5, end: 3 }], [{ start: 0, end: 3, extra: 1 }], [{ start: 0 }], 'x', null, Array.from({ length: 501 }, () => ({ start: 0, end: 1 }))]) {
      expect(SearchPageSchema.safeParse(page({ titleMarks })).success, JSON.stringify(titleMarks).slice(0, 60)).toBe(false);
    }
  });
});
