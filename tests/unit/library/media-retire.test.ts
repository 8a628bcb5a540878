import { save } from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { recordStale } from '../../../src/library/media-stale';
import type { ClipId } from '../../../src/schema/ids';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import type { MediaDocV1 } from '../../../src/schema/media-doc';
import { catalogHandle, noisyImage, openLibrary, page, savedClip } from './helpers';

type Lib = Awaited<ReturnType<typeof openLibrary>>;

const image = noisyImage;
const none = { count: 0, reason: null };

/** The root's media entries, by shard. */
const mediaOf = async (lib: Lib) => (await lib.repo.find<LibraryDoc>(lib.url)).doc().media ?? {};
/** Whether the storage holds any chunk of the document `url`. */
const stored = async (lib: Lib, url: string) => ((await lib.storage.listKeys([[url.slice('automerge:'.length)]]))[0]?.length ?? 0) > 0;
/** The parts a stored media document holds, and its size as stored (history included). */
const partsOf = async (lib: Lib, url: string) => {
  const doc = (await lib.repo.find<MediaDocV1>(url as never)).doc();
  return { parts: Object.keys(doc.items).length, bytes: save(doc).byteLength };
};

describe('media documents whose parts were all deleted', () => {
  it('are retired by the device that made them and removed from its storage; the images saved last still read', async () => {
    let lib = await openLibrary(undefined, undefined, null, 'device-a');
    const { id, rev } = await savedClip(lib);
    // The same image saved again six times across restarts: each save deletes the part before it,
    // which stays in its document's history, so the documents fill (2 MB as stored) and new ones
    // are made; the older ones end with no part at all.
    for (let seed = 1; seed <= 6; seed++) {
      await lib.library.media.attachImages(id, rev, [image(700_000, seed)], none);
      await lib.library.settled();
      lib = await lib.crash();
    }
    const before = Object.entries(await mediaOf(lib));
    const empties: string[] = [];
    for (const [shard, e] of before) {
      const { parts, bytes } = await partsOf(lib, e.doc);
      if (parts === 0) {
        empties.push(shard);
        // The leak: no part, yet its history (at least one 700 KB part) kept and synced for good.
        expect(bytes).toBeGreaterThan(700_000);
      }
    }
    expect(empties.length).toBeGreaterThanOrEqual(2);
    // The one a save would look at first (the newest: this helper's clock starts again at each
    // restart, so it need not be the last made) is never retired, even empty.
    const newest = Math.max(...before.map(([, e]) => e.createdAt));
    const open = before.filter(([, e]) => e.createdAt === newest).map(([s]) => s);
    const expected = empties.filter((s) => !open.includes(s));
    expect(expected.length).toBeGreaterThanOrEqual(2);

    const retired = await lib.library.media.retireEmpty();
    expect(retired.sort()).toEqual([...expected].sort());
    const pruned = await lib.library.media.prune();
    expect(pruned.busy).toBe(0);
    const after = await mediaOf(lib);
    for (const shard of open) expect(await stored(lib, after[shard as never]!.doc)).toBe(true);
    for (const shard of expected) {
      expect(typeof after[shard as never]?.retiredAt).toBe('number');
      expect(await stored(lib, after[shard as never]!.doc)).toBe(false);
      expect(lib.library.media.keeps(after[shard as never]!.doc)).toBe(false);
    }
    // Sync no longer lists them.
    const synced = lib.library.syncDocs().contents();
    for (const shard of expected) expect(synced).not.toContain(after[shard as never]!.doc);
    expect(await lib.library.media.retireEmpty()).toEqual([]);

    // Durable, and the images saved last read, before and after a restart; a new save appends as before.
    lib = await lib.reopen();
    for (const shard of expected) expect(typeof (await mediaOf(lib))[shard as never]?.retiredAt).toBe('number');
    let got = await lib.library.media.images(id);
    expect(got.state).toBe('saved');
    expect(got.images[0]?.data[7]).toBe(image(700_000, 6).data[7]);
    await lib.library.media.attachImages(id, rev, [image(700_000, 7)], none);
    got = await lib.library.media.images(id);
    expect(got.state).toBe('saved');
    expect(got.images[0]?.data[7]).toBe(image(700_000, 7).data[7]);
    for (const shard of lib.library.media.refs(id)!.images!.shards) expect(expected).not.toContain(String(shard));
  }, 60_000);

  it('are never retired while a part is left in them or a catalog entry names them (a stale record too); a record arriving afterwards is cleared without the document', async () => {
    const lib = await openLibrary(undefined, undefined, null, 'device-b');
    const save1 = async (url: string) => {
      const id = (await lib.library.save(page({ pageUrl: url, canonicalUrl: null }))).clip.id;
      await lib.library.settled();
      return { id, rev: lib.library.media.articleRev(id)! };
    };
    const a = await save1('https://example.com/a');
    const b = await save1('https://example.com/b');
    const c = await save1('https://example.com/c');
    await lib.library.media.attachImages(a.id, a.rev, [image(900_000, 1)], none);
    await lib.library.media.attachImages(b.id, b.rev, [image(900_000, 2)], none);
    const first = String(lib.library.media.refs(a.id)!.images!.shards[0]);
    expect(String(lib.library.media.refs(b.id)!.images!.shards[0])).toBe(first);
    await lib.library.media.attachImages(c.id, c.rev, [image(900_000, 3)], none);
    expect(String(lib.library.media.refs(c.id)!.images!.shards[0])).not.toBe(first);
    // a's images saved again: the first document keeps b's part (live), so it stays.
    await lib.library.media.attachImages(a.id, a.rev, [image(900_000, 4)], none);
    expect(await lib.library.media.retireEmpty()).toEqual([]);

    // A record naming the first document arrives (as through sync) before b's images are saved again.
    const cat = await catalogHandle(lib, c.id);
    cat.change((d) => recordStale(d.clips[c.id]!.media!, { kind: 'image', rev: 'gone', at: 1, shards: [first] }));
    await lib.library.media.attachImages(b.id, b.rev, [image(900_000, 5)], none);
    const url = (await mediaOf(lib))[first as never]!.doc;
    expect((await partsOf(lib, url)).parts).toBe(0);
    // Empty, but still named by the record: kept.
    expect(await lib.library.media.retireEmpty()).toEqual([]);
    // The sweep clears the record (nothing of it is left there); then it goes.
    expect(await lib.library.media.sweepStale()).toBe(1);
    expect(await lib.library.media.retireEmpty()).toEqual([first]);
    expect((await lib.library.media.prune()).removed).toEqual([url.slice('automerge:'.length)]);
    expect(await stored(lib, url)).toBe(false);

    // A record naming it that arrives now is cleared without loading (or fetching) the document.
    cat.change((d) => recordStale(d.clips[c.id]!.media!, { kind: 'image', rev: 'late', at: 2, shards: [first] }));
    expect(await lib.library.media.sweepStale()).toBe(1);
    expect(lib.library.media.refs(c.id)?.stale).toBeUndefined();
    expect(await stored(lib, url)).toBe(false);
    for (const x of [a, b, c]) expect((await lib.library.media.images(x.id as ClipId)).state).toBe('saved');
  }, 60_000);
});
