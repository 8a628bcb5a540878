/**
 * `isClipSummaryJson`, the list document's per-row check, gives the same answer as
 * `ClipSummarySchema.safeParse` (the one definition of a row) on valid rows and on thousands of
 * rows broken one way or several: a field removed, added, or of another type or value.
 */
import { describe, expect, it } from 'vitest';
import { ClipSummarySchema } from '../../../src/schema/clip-summary';
import { isClipSummaryJson } from '../../../src/schema/clip-summary-guard';
import { newClipId } from '../../../src/schema/ids';
import { row } from '../index-db/clip-index-conformance';
import { seeded as random } from '../../../scripts/bench/seeded';


const ODD: unknown[] = [null, undefined, 0, -1, 1.5, 1e308, '', 'x', 'page', 'link', true, false, [], ['a'], [1], ['a', null], {}, { a: 1 }, 'c_0123456789abcdef', newClipId()];

describe('isClipSummaryJson', () => {
  it('accepts what the schema accepts', () => {
    const valid = [
      row(newClipId(), 1),
      row(newClipId(), 2, { kind: 'selection', siteName: null, byline: 'B', excerpt: 'E', publishedTime: '2020', readAt: 3, archivedAt: 4, deletedAt: 5, favoriteAt: 6, tags: ['a', 'b'], hasNote: true }),
      row(newClipId(), 0, { kind: 'link', title: '', tags: [] }),
    ];
    for (const r of valid) {
      const json = JSON.parse(JSON.stringify(r));
      expect(ClipSummarySchema.safeParse(json).success).toBe(true);
      expect(isClipSummaryJson(json)).toBe(true);
    }
  });

  it('answers as the schema does on 5,000 rows broken at random', () => {
    const rand = random(7);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    let rejected = 0;
    for (let i = 0; i < 5_000; i++) {
      const r = JSON.parse(JSON.stringify(row(newClipId(), i, { tags: ['t'] }))) as Record<string, unknown>;
      const keys = Object.keys(r);
      for (let k = 0, n = 1 + Math.floor(rand() * 2); k < n; k++) {
        const what = rand();
        if (what < 0.15) delete r[pick(keys)];
        else if (what < 0.25) r[pick(['extra', 'live', '__proto__', 'constructor'])] = pick(ODD);
        else r[pick(keys)] = pick(ODD);
      }
      const json = JSON.parse(JSON.stringify(r)) as unknown;
      const zod = ClipSummarySchema.safeParse(json).success;
      expect(isClipSummaryJson(json), JSON.stringify(json)).toBe(zod);
      if (!zod) rejected++;
    }
    expect(rejected).toBeGreaterThan(3_000);
  });

  it('rejects what is not an object', () => {
    for (const v of [null, 1, 'row', [], [row(newClipId(), 1)]]) expect(isClipSummaryJson(v)).toBe(false);
  });
});
