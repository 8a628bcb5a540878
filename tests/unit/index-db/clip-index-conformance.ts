import { beforeEach, describe, expect, it } from 'vitest';
import type { ClipIndex } from '../../../src/index-db/clip-index';
import { PREVIEW_PART_BYTES } from '../../../src/index-db/list-preview';
import type { ClipSummary } from '../../../src/schema/clip-summary';

/** Text as UTF-8 bytes (what a preview stores). */
export const utf8 = (text: string) => new TextEncoder().encode(text);

/** An index row for tests (`id` also names its URLs). */
export function row(id: string, savedAt: number, extra: Partial<ClipSummary> = {}): ClipSummary {
  return {
    id: id as ClipSummary['id'],
    key: `https://example.com/${id}`,
    kind: 'page',
    url: `https://example.com/${id}`,
    pageUrl: `https://example.com/${id}?ref=1`,
    title: `Title ${id}`,
    siteName: 'Example',
    byline: null,
    excerpt: null,
    publishedTime: null,
    savedAt,
    capturedAt: savedAt,
    wordCount: 10,
    readAt: null,
    archivedAt: null,
    deletedAt: null,
    favoriteAt: null,
    tags: [],
    hasNote: false,
    ...extra,
  };
}

/** The contract every ClipIndex implementation must meet. */
export function runClipIndexTests(name: string, make: () => Promise<ClipIndex>): void {
  describe(`ClipIndex conformance (${name})`, () => {
    let index: ClipIndex;
    beforeEach(async () => {
      index = await make();
    });

    it('puts, gets and counts rows', async () => {
      await index.put(row('a', 1));
      expect((await index.get('a'))?.title).toBe('Title a');
      expect(await index.count()).toBe(1);
      expect(await index.get('missing')).toBeUndefined();
    });

    it('lists live rows newest first, with offset and limit', async () => {
      await index.putMany([row('a', 1), row('b', 3), row('c', 2), row('d', 4, { deletedAt: 5 })]);
      expect((await index.list({ limit: 10 })).map((r) => r.id)).toEqual(['b', 'c', 'a']);
      expect((await index.list({ offset: 1, limit: 1 })).map((r) => r.id)).toEqual(['c']);
    });

    it('finds by canonical url or by page url', async () => {
      await index.put(row('a', 1));
      expect((await index.findByUrl('https://example.com/a'))?.id).toBe('a');
      expect((await index.findByUrl('https://example.com/a?ref=1'))?.id).toBe('a');
      expect(await index.findByUrl('https://example.com/zzz')).toBeUndefined();
    });

    it('finds the row filed under a de-duplication key, and only that', async () => {
      await index.putMany([row('a', 1), row('b', 2, { deletedAt: 9 })]);
      expect((await index.findByKey('https://example.com/a'))?.id).toBe('a');
      expect((await index.findByKey('https://example.com/b'))?.id).toBe('b');
      expect(await index.findByKey('https://example.com/a?ref=1')).toBeUndefined();
    });

    it('reports ids, removes rows and clears with meta', async () => {
      await index.putMany([row('a', 1), row('b', 2, { deletedAt: 9 })]);
      await index.setMeta('k', 'v');
      const ids = await index.ids();
      expect(ids.has('b')).toBe(true);
      await index.remove(['a']);
      expect(await index.count()).toBe(1);
      expect(await index.getMeta('k')).toBe('v');
      await index.setMeta('k', undefined);
      expect(await index.getMeta('k')).toBeUndefined();
      await index.setMetaMany([['k', 'v'], ['k2', 'w'], ['k', 'v2']]);
      expect([await index.getMeta('k'), await index.getMeta('k2')]).toEqual(['v2', 'w']);
      await index.clear();
      expect(await index.count()).toBe(0);
      expect(await index.getMeta('k')).toBeUndefined();
    });

    it('writes meta with a row', async () => {
      await index.put(row('a', 1), { rootHeads: 'h1' });
      expect(await index.getMeta('rootHeads')).toBe('h1');
      expect((await index.get('a'))?.id).toBe('a');
    });

    it('writes meta with many rows', async () => {
      await index.putMany([row('a', 1), row('b', 2)], { 'catalog:0': 'preview', 'catalog:1': 'preview' });
      expect(await index.getMeta('catalog:1')).toBe('preview');
      expect(await index.count()).toBe(2);
    });

    it('keeps a preview apart from the rows, replaces it whole with its meta, and drops it', async () => {
      expect(await index.hasPreview()).toBe(false);
      expect(await index.previewRows()).toEqual([]);
      await index.put(row('own', 5));
      const many = Array.from({ length: 2_500 }, (_, i) => row(`preview-row-${i}`.padEnd(16, '-'), i));
      await index.putPreview(utf8(JSON.stringify(many)), { 'catalog:0': 'preview' });
      expect(await index.hasPreview()).toBe(true);
      expect(await index.getMeta('catalog:0')).toBe('preview');
      expect((await index.previewRows()).map((r) => r.id)).toEqual(many.map((r) => r.id));
      expect(utf8(JSON.stringify(many)).length).toBeGreaterThan(2 * PREVIEW_PART_BYTES); // stored in parts, read whole
      expect(await index.count()).toBe(1);
      expect(await index.get(many[1]!.id)).toBeUndefined();
      await index.putPreview(utf8(JSON.stringify([row('q'.repeat(16), 1)])));
      expect((await index.previewRows()).map((r) => r.id)).toEqual(['q'.repeat(16)]);
      await index.clearPreview();
      expect(await index.hasPreview()).toBe(false);
      expect(await index.previewRows()).toEqual([]);
      expect(await index.count()).toBe(1);
      await index.putPreview(utf8(JSON.stringify([row('q', 1)])));
      await index.clear();
      expect(await index.hasPreview()).toBe(false);
    });

    it("checks a preview's rows where they are read: a malformed row or a repeated id is left out, text that is no list lists nothing", async () => {
      const [a, b] = ['a'.repeat(16), 'b'.repeat(16)];
      const bad = { ...row('c'.repeat(16), 3), savedAt: 'yesterday' };
      const extra = { ...row('d'.repeat(16), 4), script: '<script>' };
      await index.putPreview(utf8(JSON.stringify([row(a, 1), bad, row(b, 2), row(a, 9), extra, row('short', 5), 'x', null])));
      expect(await index.hasPreview()).toBe(true);
      expect((await index.previewRows()).map((r) => [r.id, r.savedAt])).toEqual([[a, 1], [b, 2]]);
      for (const text of ['{"rows":[]}', 'not json', '']) {
        await index.putPreview(utf8(text));
        expect(await index.previewRows()).toEqual([]);
      }
    });

    it('replaces a row on put with the same id', async () => {
      await index.put(row('a', 1));
      await index.put(row('a', 1, { title: 'New' }));
      expect(await index.count()).toBe(1);
      expect((await index.get('a'))?.title).toBe('New');
    });
  });
}
