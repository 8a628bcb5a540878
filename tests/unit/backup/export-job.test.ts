import { describe, expect, it } from 'vitest';
import { describeScope, ExportJobSchema, ExportScopeSchema, interrupted, newExportJob, scopeFilter } from '../../../src/backup/export-job';
import type { ClipMeta } from '../../../src/export/types';
import { normalizeTag } from '../../../src/library/tags';

const clip = (tags: string[], savedAt: number) => ({ tags, savedAt }) as unknown as ClipMeta;

describe('export scopes', () => {
  it('selects nothing out for the whole library (so every document is kept)', () => {
    expect(scopeFilter({ kind: 'all' })).toBeUndefined();
  });

  it('selects a tag whatever its case', () => {
    const f = scopeFilter({ kind: 'tag', tag: 'Work' })!;
    expect(f(clip(['work', 'x'], 0))).toBe(true);
    expect(f(clip(['workshop'], 0))).toBe(false);
  });

  it('selects a tag as the list and the tag edits compare it: accents, a stored "#", compatibility forms', () => {
    const f = scopeFilter({ kind: 'tag', tag: 'cafe' })!;
    expect([['Café'], ['cafe'], ['#cafe'], ['cafes']].map((t) => f(clip(t, 0)))).toEqual([true, true, true, false]);
    expect(scopeFilter({ kind: 'tag', tag: 'finance' })!(clip(['ﬁnance'], 0))).toBe(true);
  });

  it('selects a saved-date range, ends included, either end open', () => {
    const f = scopeFilter({ kind: 'saved', from: 100, to: 200 })!;
    expect([99, 100, 200, 201].map((t) => f(clip([], t)))).toEqual([false, true, true, false]);
    expect(scopeFilter({ kind: 'saved', from: null, to: 150 })!(clip([], 0))).toBe(true);
    expect(scopeFilter({ kind: 'saved', from: 150, to: null })!(clip([], 1e13))).toBe(true);
  });

  it('refuses malformed scopes at the protocol edge', () => {
    expect(ExportScopeSchema.safeParse({ kind: 'tag', tag: '' }).success).toBe(false);
    expect(ExportScopeSchema.safeParse({ kind: 'tag', tag: 'x'.repeat(201) }).success).toBe(false);
    expect(ExportScopeSchema.safeParse({ kind: 'tag', tag: '😀'.repeat(201) }).success).toBe(false);
    expect(ExportScopeSchema.safeParse({ kind: 'everything' }).success).toBe(false);
    expect(ExportScopeSchema.safeParse({ kind: 'all', extra: 1 }).success).toBe(false);
  });

  it('takes any tag the library can hold: its limit is 200 characters, an emoji one character of two UTF-16 units', () => {
    // A tag of 150 emoji (300 UTF-16 units) and one of a letter and 199 emoji (399): both within the library's limit (normalizeTag).
    for (const tag of ['😀'.repeat(150), `x${'🎉'.repeat(199)}`]) {
      expect(normalizeTag(tag)).toEqual({ ok: true, value: tag });
      const scope = { kind: 'tag', tag } as const;
      expect(ExportScopeSchema.safeParse(scope).success).toBe(true);
      expect(ExportJobSchema.safeParse(newExportJob('manual', scope, 1, 'j')).success).toBe(true);
      expect(scopeFilter(scope)!(clip([tag], 0))).toBe(true);
    }
  });

  it('describes a scope in words', () => {
    expect(describeScope({ kind: 'all' })).toBe('the whole library');
    expect(describeScope({ kind: 'tag', tag: 'work' })).toBe('clips tagged “work”');
    expect(describeScope({ kind: 'saved', from: Date.UTC(2026, 0, 1), to: null })).toBe('clips saved since 2026-01-01');
  });
});

describe('export jobs', () => {
  it('marks a job a stopped background left running as failed, with the way out', () => {
    const job = newExportJob('backup', { kind: 'all' }, 1_000, 'id-1');
    expect(ExportJobSchema.parse(job)).toEqual(job);
    const stopped = interrupted(job, 2_000);
    expect(stopped.state).toBe('failed');
    expect(stopped.endedAt).toBe(2_000);
    expect(stopped.error).toMatch(/Nothing in your library was changed: start it again/);
    expect(ExportJobSchema.parse(stopped)).toEqual(stopped);
  });
});
