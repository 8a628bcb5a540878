import type { Repo } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { isRetiredMedia } from '../../../src/schema/library-doc';
import { refuseNotKept } from '../../../src/sync/refuse';
import { noise, page } from '../library/helpers';
import { device, joiningDevice, until, useSyncServer } from './helpers';

type Device = Awaited<ReturnType<typeof device>>;

const image = (data: Uint8Array) => ({ src: 'https://example.com/a.png', type: 'image/webp', data, width: 4, height: 3 });
const flushReady = (repo: Repo) => repo.flush(Object.values(repo.handles).filter((h) => h.isReady()).map((h) => h.documentId));
const stored = async (d: Device, url: string) => (await d.storage.listKeys([[url.slice('automerge:'.length)]]))[0]!.length > 0;
const synced = (d: Device, since = 0) => until('synced', () => d.engine.status().state === 'synced' && (d.engine.status().lastSyncedAt ?? 0) >= since, 30_000);

describe('a retired media document through a sync server', () => {
  const server = useSyncServer('cp-media-retire-');

  it('leaves every device: the one that made it retires it, another removes it and never takes it back, a joining one never fetches it', async () => {
    const a = await device();
    const clip = (await a.library.save(page())).clip.id;
    await a.library.settled();
    const rev = a.library.media.articleRev(clip)!;
    // Three saves of a 700 KB image: the third fills the first document past 2 MB, goes to a new
    // one, and deletes the last part left in the first.
    for (let seed = 1; seed <= 3; seed++) await a.library.media.attachImages(clip, rev, [image(noise(700_000, seed))], { count: 0, reason: null });
    const current = a.library.media.refs(clip)!.images!.shards.map(String);
    const empty = a.library.media.documents().map((e) => e.doc).filter((doc) => !current.includes(shardOf(a, doc)));
    expect(empty.length).toBe(1);
    const url = empty[0]!;
    a.connect(server().url);
    await synced(a);

    const b = await joiningDevice(server().url, a.url);
    refuseNotKept(b.repo, (u) => b.library.media.keeps(u));
    await synced(b);
    await flushReady(b.repo);
    expect(await stored(b, url)).toBe(true);

    expect(await a.library.media.retireEmpty()).toEqual([shardOf(a, url)]);
    expect((await a.library.media.prune()).removed).toEqual([url.slice('automerge:'.length)]);
    expect(await stored(a, url)).toBe(false);

    await until('B hears it retired', () => isRetiredMedia(b.library.media.documents().find((e) => e.doc === url)));
    expect(b.library.syncDocs().contents()).not.toContain(url);
    const pruned = await b.library.media.prune();
    await b.engine.forget(pruned.removed);
    expect(pruned.removed).toEqual([url.slice('automerge:'.length)]);
    expect(await stored(b, url)).toBe(false);
    // A pass later (the server still holds it), it is not stored again; the images still read.
    const since = Date.now();
    void b.engine.kick();
    await synced(b, since);
    await flushReady(b.repo);
    expect(await stored(b, url)).toBe(false);
    const got = await b.library.media.images(clip);
    expect(got.state).toBe('saved');
    expect(Buffer.from(got.images[0]!.data).equals(Buffer.from(noise(700_000, 3)))).toBe(true);

    const c = await joiningDevice(server().url, a.url);
    await synced(c);
    await flushReady(c.repo);
    expect(await stored(c, url)).toBe(false);
    expect((await c.library.media.images(clip)).state).toBe('saved');
    for (const d of [a, b, c]) d.engine.stop();
  }, 90_000);
});

/** The shard id the root lists the document `url` under. */
function shardOf(d: Device, url: string): string {
  const root = (d.library as unknown as { root: { media(): Record<string, { doc: string }> } }).root;
  return Object.entries(root.media()).find(([, e]) => e.doc === url)![0];
}
