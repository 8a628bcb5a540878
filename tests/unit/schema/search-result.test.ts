/** A search page crosses from the background to the side panel: its hits' title and meta marks are checked like the snippet's. */
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
  it('takes meta marks (site, byline, tags by index), null, or none', () => {
    const metaMarks = { site: [{ start: 0, end: 3 }], byline: [], tags: [{ tag: 2, marks: [{ start: 0, end: 4 }] }] };
    expect(SearchPageSchema.safeParse(page({ metaMarks })).success).toBe(true);
    expect(SearchPageSchema.safeParse(page({ metaMarks: null })).success).toBe(true);
  });
  it('refuses meta marks of another shape', () => {
    const ok = { site: [], byline: [], tags: [] };
    for (const metaMarks of [
      {},
      { ...ok, site: [{ start: -1, end: 2 }] },
      { ...ok, extra: [] },
      { ...ok, tags: [{ tag: -1, marks: [] }] },
      { ...ok, tags: [{ tag: 0.5, marks: [] }] },
      { ...ok, tags: [{ tag: 0 }] },
      { ...ok, tags: Array.from({ length: 51 }, (_, tag) => ({ tag, marks: [] })) },
      { ...ok, byline: Array.from({ length: 501 }, () => ({ start: 0, end: 1 })) },
      'x',
    ]) {
      expect(SearchPageSchema.safeParse(page({ metaMarks })).success, JSON.stringify(metaMarks).slice(0, 60)).toBe(false);
    }
  });
});
