import * as A from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { clearStale, clipsToSweep, isCurrent, isLeftover, recordStale, staleOf } from '../../../src/library/media-stale';
import type { CatalogEntryV1 } from '../../../src/schema/catalog-doc';
import { MAX_STALE, type ClipMediaRefs, type MediaItemV1 } from '../../../src/schema/media-doc';

const item = (over: Partial<MediaItemV1>): MediaItemV1 =>
  ({ clip: 'c' as never, kind: 'image', rev: 'r1', blob: 'https://x/a.png', type: 'image/webp', part: 0, parts: 1, data: new Uint8Array(1), width: 1, height: 1, at: 100, ...over }) as MediaItemV1;

describe('leftover media records', () => {
  it('are appended in an Automerge document, bounded, read back as plain values, and cleared shard by shard', () => {
    let doc = A.from<{ media: ClipMediaRefs }>({ media: {} });
    for (let i = 0; i < MAX_STALE + 3; i++) doc = A.change(doc, (d) => recordStale(d.media, { kind: 'image', rev: `r${i}`, at: i, shards: ['s1', 's2'] }));
    doc = A.change(doc, (d) => recordStale(d.media, { kind: 'snapshot', rev: 'snap', at: 9, shards: [] })); // nothing left over: no record
    const read = staleOf(doc.media);
    expect(read).toHaveLength(MAX_STALE);
    expect(read[0]).toEqual({ kind: 'image', rev: 'r3', at: 3, shards: ['s1', 's2'] });
    doc = A.change(doc, (d) => clearStale(d.media, new Set(['s1'])));
    expect(staleOf(doc.media).every((r) => r.shards.join() === 's2')).toBe(true);
    doc = A.change(doc, (d) => clearStale(d.media, new Set(['s2'])));
    expect(doc.media.stale).toBeUndefined();
  });

  it('match old parts by kind, version and time; never the current images or snapshot', () => {
    const left = [{ kind: 'image' as const, rev: 'r1', at: 100, shards: ['s'] }, { kind: 'snapshot' as const, rev: 'snapA', at: 5, shards: ['s'] }];
    expect(isLeftover(item({}), left)).toBe(true);
    expect(isLeftover(item({ at: 200 }), left)).toBe(false); // the same version saved again later
    expect(isLeftover(item({ kind: 'snapshot', rev: 'snapA', at: 7 }), left)).toBe(true);
    expect(isLeftover(item({ kind: 'snapshot', rev: 'snapB' }), left)).toBe(false);
    const entry = { id: 'c', media: { images: { rev: 'r1', at: 100, shards: [], count: 1, bytes: 1, left: 0, reason: null }, snapshot: { id: 'snapA', shards: [], bytes: 1, htmlBytes: 1, left: 0, at: 5 } } } as unknown as CatalogEntryV1;
    expect(isCurrent(item({}), entry)).toBe(true);
    expect(isCurrent(item({ kind: 'snapshot', rev: 'snapA' }), entry)).toBe(true);
    expect(isCurrent(item({ at: 99 }), entry)).toBe(false);
  });

  it('lists the clips with leftovers in this device’s documents only, at most `max`', () => {
    const e = (id: string, shards: string[]) => ({ id, media: { stale: [{ kind: 'image', rev: 'r', at: 1, shards }] } }) as unknown as CatalogEntryV1;
    const entries = [e('a', ['mine']), e('b', ['theirs']), e('c', ['theirs', 'mine']), e('d', ['mine']), { id: 'e' } as CatalogEntryV1];
    expect(clipsToSweep(entries, (s) => s === 'mine', 10)).toEqual(['a', 'c', 'd']);
    expect(clipsToSweep(entries, (s) => s === 'mine', 2)).toEqual(['a', 'c']);
  });
});
