import * as A from '@automerge/automerge/slim';
import { Repo } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { LibraryRoot } from '../../../src/library/root';
import { namedShards, retireCandidates } from '../../../src/library/media-retire';
import type { CatalogEntryV1 } from '../../../src/schema/catalog-doc';
import { isRetiredMedia, type LibraryDoc, type MediaShardEntry } from '../../../src/schema/library-doc';

describe('which media documents may be retired', () => {
  const entry = (device: string, createdAt: number, retiredAt?: number): MediaShardEntry => ({ doc: `automerge:${device}${createdAt}` as never, device, createdAt, ...(retiredAt === undefined ? {} : { retiredAt }) });
  it('only this device’s own, live, older than its newest live one, not the one it appends to, and named by no entry', () => {
    const media = { s1: entry('me', 1), s2: entry('me', 2), s3: entry('me', 3, 9), s4: entry('me', 4), s5: entry('me', 5), o1: entry('other', 1), s6: entry('me', 6, 7) };
    // s6 is retired, so s5 is the newest live one (kept for appending); s3 is retired; o1 is another device's.
    expect(retireCandidates(media, 'me', null, new Set()).sort()).toEqual(['s1', 's2', 's4']);
    expect(retireCandidates(media, 'me', 's2', new Set(['s4'])).sort()).toEqual(['s1']);
    expect(retireCandidates({ s1: entry('me', 1) }, 'me', null, new Set())).toEqual([]);
    // A damaged entry is never a candidate.
    expect(retireCandidates({ s1: { device: 'me', createdAt: 1 } as never, s2: entry('me', 2) }, 'me', null, new Set())).toEqual([]);
  });

  it('reads a retired mark only as a finite number: anything else another version may write is live', () => {
    expect(isRetiredMedia({ retiredAt: 5 })).toBe(true);
    for (const v of [undefined, null, '5', NaN, Infinity, {}]) expect(isRetiredMedia({ retiredAt: v })).toBe(false);
    expect(isRetiredMedia(undefined)).toBe(false);
  });

  it('names the shards of current images and snapshots, every stale record, and any other `shards` list a newer version may add', () => {
    const e = (media: unknown) => ({ id: 'c', media }) as unknown as CatalogEntryV1;
    const named = namedShards([
      e({ images: { shards: ['i1'] }, snapshot: { shards: ['p1'] }, stale: [{ kind: 'image', shards: ['st1'] }, { kind: 'future', shards: ['st2'] }] }),
      e({ thumbnails: { shards: ['t1'] } }),
      e(undefined),
      e({ images: null }),
    ]);
    expect([...named].sort()).toEqual(['i1', 'p1', 'st1', 'st2', 't1']);
  });
});

describe('a retired mark in maps two devices made at once', () => {
  it('wins over a live version of the same entry, whichever map Automerge shows, and is healed into the visible one', async () => {
    const base = A.from<Record<string, unknown>>({ schema: 'commonplace/library', schemaVersion: 2, createdAt: 1, catalogs: {}, contents: {} });
    const entry = { doc: 'automerge:4NMNnkMhL8jXrdJ9jamS2CBxVVkA', device: 'x', createdAt: 1 };
    // Each device made `media` before seeing the other's: one holds the entry retired, the other
    // live. The actors decide which map Automerge shows: both ways round.
    for (const [ra, la] of [['01', '02'], ['02', '01']] as const) {
      const retired = A.change(A.clone(base, { actor: ra.repeat(16) }), (d) => void (d.media = { s: { ...entry, retiredAt: 5 } }));
      const live = A.change(A.clone(base, { actor: la.repeat(16) }), (d) => void (d.media = { s: { ...entry }, t: { ...entry, doc: 'automerge:2x8b6Qy7dmYwDq9N5sUpTGgBNhqv' } }));
      const merged = A.merge(A.clone(retired), live);
      const repo = new Repo({ network: [] });
      const handle = repo.import<LibraryDoc>(A.save(merged));
      const { root } = await LibraryRoot.open(repo, handle.url as never, 0);
      expect(isRetiredMedia(root.media()['s'])).toBe(true);
      expect(isRetiredMedia(root.media()['t'])).toBe(false);
      root.heal();
      expect(isRetiredMedia((handle.doc().media as Record<string, unknown>)['s'])).toBe(true);
      expect(root.hidden()).toBe(0);
      await repo.shutdown();
    }
  });
});
