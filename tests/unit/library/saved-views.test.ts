import * as A from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { normalizeViewName, readStoredView } from '../../../src/library/saved-views';
import type { DocUrl, ViewId } from '../../../src/schema/ids';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import { MAX_SAVED_VIEWS } from '../../../src/schema/plain-values';
import { openLibrary } from './helpers';
import { carryRoot, rootOf, settle, spec, twoDevices } from './views-helpers';

describe('saved views', () => {
  it('saves, lists, renames, changes, deletes and brings back a view; each write is durable', async () => {
    const lib = await openLibrary();
    const { library } = lib;
    const made = await library.views.save({ name: '  Rust  to read ', spec: spec() });
    expect(made).toMatchObject({ name: 'Rust to read', spec: spec() });
    const other = await library.views.save({ name: 'Long reads', spec: spec({ query: '', state: 'all', tag: null, sort: 'longest' }) });
    expect(library.views.list().views.map((v) => v.name)).toEqual(['Rust to read', 'Long reads']);

    await library.views.save({ viewId: made.id, name: 'Rust' });
    await library.views.save({ viewId: other.id, name: 'Long reads', spec: spec({ query: 'essay', state: 'all', tag: null, sort: 'longest' }) });
    // A restart sees every write: each resolved once durable.
    let again = await lib.crash();
    expect(again.library.views.list().views).toEqual([
      { id: made.id, name: 'Rust', spec: spec(), createdAt: made.createdAt },
      { id: other.id, name: 'Long reads', spec: spec({ query: 'essay', state: 'all', tag: null, sort: 'longest' }), createdAt: other.createdAt },
    ]);

    expect(await again.library.views.remove(made.id)).toBe(true);
    expect(await again.library.views.remove(made.id)).toBe(false);
    again = await again.crash();
    expect(again.library.views.list().views.map((v) => v.name)).toEqual(['Long reads']);
    // The undo: saved again with its id, in its old place.
    await again.library.views.save({ viewId: made.id, name: 'Rust', spec: spec() });
    again = await again.crash();
    expect(again.library.views.list().views.map((v) => v.name)).toEqual(['Rust', 'Long reads']);
  });

  it('refuses a bad name, a view past the limit, and an unknown view without a spec, with the reason', async () => {
    const { library } = await openLibrary();
    await expect(library.views.save({ name: ' \u200b ', spec: spec() })).rejects.toMatchObject({ code: 'bad-request', message: 'A view needs a name.' });
    await expect(library.views.save({ name: 'x'.repeat(81), spec: spec() })).rejects.toMatchObject({ code: 'bad-request' });
    expect(normalizeViewName('日本語 ' + '😀'.repeat(76))).toMatchObject({ ok: true });
    await expect(library.views.save({ viewId: 'AAAAAAAAAAAAAAAAAAAAAA' as ViewId, name: 'Gone' })).rejects.toMatchObject({ code: 'not-found' });
    for (let i = 0; i < MAX_SAVED_VIEWS; i++) await library.views.save({ name: `View ${i}`, spec: spec({ query: String(i) }) });
    await expect(library.views.save({ name: 'One more', spec: spec() })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/at most 100 saved views/) });
    // A rename is not a new view.
    const first = library.views.list().views[0]!;
    await expect(library.views.save({ viewId: first.id, name: 'Renamed' })).resolves.toMatchObject({ name: 'Renamed' });
  });

  it('skips stored views this version cannot show, and never rewrites them', async () => {
    const { library } = await openLibrary();
    const ok = await library.views.save({ name: 'Fine', spec: spec() });
    const root = rootOf(library);
    root.update((d) =>
      A.change(d, (doc) => {
        const views = doc.views as unknown as Record<string, unknown>;
        views['BBBBBBBBBBBBBBBBBBBBBB'] = { v: 2, name: 'From the future' };
        views['CCCCCCCCCCCCCCCCCCCCCC'] = { ...JSON.parse(JSON.stringify(doc.views![ok.id])), v: 1, sort: 'sideways' };
      }),
    );
    expect(library.views.list()).toMatchObject({ views: [{ name: 'Fine' }], unreadable: 2, readOnly: false });
    await expect(library.views.save({ viewId: 'BBBBBBBBBBBBBBBBBBBBBB' as ViewId, name: 'Mine now', spec: spec() })).rejects.toMatchObject({ code: 'read-only' });
    expect(readStoredView('x' as ViewId, undefined)).toBeNull();
  });

  it("counts a stored view whose tag is '' or not text as unreadable: applied, it listed nothing while the tag menu showed every tag", async () => {
    const { library } = await openLibrary();
    const ok = await library.views.save({ name: 'Fine', spec: { ...spec(), tag: 'work' } });
    const root = rootOf(library);
    root.update((d) =>
      A.change(d, (doc) => {
        const views = doc.views as unknown as Record<string, unknown>;
        views['DDDDDDDDDDDDDDDDDDDDDD'] = { ...JSON.parse(JSON.stringify(doc.views![ok.id])), name: 'Empty tag', tag: '' };
        views['EEEEEEEEEEEEEEEEEEEEEE'] = { ...JSON.parse(JSON.stringify(doc.views![ok.id])), name: 'Number tag', tag: 5 };
      }),
    );
    expect(library.views.list()).toMatchObject({ views: [{ name: 'Fine', spec: { tag: 'work' } }], unreadable: 2 });
  });

  it('a view made on each of two devices offline: both are there after the merge, on both', async () => {
    const { a, b } = await twoDevices();
    await a.library.views.save({ name: 'From A', spec: spec({ query: 'a' }) });
    await b.library.views.save({ name: 'From B', spec: spec({ query: 'b' }) });
    carryRoot(a.library, b.library);
    carryRoot(b.library, a.library);
    for (const lib of [a.library, b.library]) expect(lib.views.list().views.map((v) => v.name).sort()).toEqual(['From A', 'From B']);
  });

  it('a rename on one device and a new query on the other both survive; a deletion is not undone by a merge', async () => {
    const { a, b } = await twoDevices();
    const v = await a.library.views.save({ name: 'Work', spec: spec() });
    const w = await a.library.views.save({ name: 'Gone soon', spec: spec({ query: 'x' }) });
    carryRoot(a.library, b.library);
    await a.library.views.save({ viewId: v.id, name: 'Work reading' });
    await b.library.views.save({ viewId: v.id, name: 'Work', spec: spec({ query: 'golang' }) });
    await a.library.views.remove(w.id);
    await b.library.views.save({ viewId: w.id, name: 'Gone soon, renamed' });
    carryRoot(a.library, b.library);
    carryRoot(b.library, a.library);
    for (const lib of [a.library, b.library]) {
      const views = lib.views.list().views;
      expect(views.map((x) => x.name)).toEqual(['Work reading']);
      expect(views[0]!.spec.query).toBe('golang');
    }
  });

  it('a library from before saved views: both devices make the map offline, and no view is lost (the root is healed)', async () => {
    const { a, b } = await twoDevices(async (lib) => {
      // A root written before saved views (and before media existed in the root).
      rootOf(lib.library).update((d) => A.change(d, (doc) => (delete doc.views, delete doc.media)));
    });
    expect(rootOf(b.library).doc().views).toBeUndefined();
    await a.library.views.save({ name: 'From A', spec: spec({ query: 'a' }) });
    await b.library.views.save({ name: 'From B', spec: spec({ query: 'b' }) });
    carryRoot(a.library, b.library);
    carryRoot(b.library, a.library);
    for (const lib of [a.library, b.library]) expect(lib.views.list().views.map((v) => v.name).sort()).toEqual(['From A', 'From B']);
    await settle();
    await a.library.settled();
    // Healed: the visible map holds both, so an export or an older reader sees them too.
    expect(Object.keys(rootOf(a.library).doc().views!)).toHaveLength(2);
    const reopened = await a.reopen();
    expect(reopened.library.views.list().views).toHaveLength(2);
  });

  it('a read-only library (written by a newer version) lists its views and refuses writes', async () => {
    const lib = await openLibrary();
    await lib.library.views.save({ name: 'Kept', spec: spec() });
    rootOf(lib.library).update((d) => A.change(d, (doc) => void (doc.schemaVersion = 99)));
    expect(lib.library.views.list()).toMatchObject({ views: [{ name: 'Kept' }], readOnly: true });
    await expect(lib.library.views.save({ name: 'New', spec: spec() })).rejects.toMatchObject({ code: 'read-only' });
  });
});

describe("the root's maps two devices made at once (media documents)", () => {
  it('a media document listed on each device offline is listed on both after the merge, and the root is healed', async () => {
    const { a, b } = await twoDevices(async (lib) => {
      // A root written before saved images: no `media` map yet.
      rootOf(lib.library).update((d) => A.change(d, (doc) => void delete doc.media));
    });
    const entry = (doc: string) => ({ doc: doc as DocUrl, device: 'd', createdAt: 1 });
    // What media-store.ts does when a device saves its first image.
    const rootA = (a.library as unknown as { root: { change(fn: (d: LibraryDoc) => void): void; media(): Record<string, unknown> } }).root;
    const rootB = (b.library as unknown as { root: { change(fn: (d: LibraryDoc) => void): void; media(): Record<string, unknown> } }).root;
    rootA.change((d) => void ((d.media ??= {}), (d.media['MMMMMMMMMMMMMMMMMMMMMA' as never] = entry('automerge:2j9knpCseyhnK8izDmLpGP5WMdZQ' as never))));
    rootB.change((d) => void ((d.media ??= {}), (d.media['MMMMMMMMMMMMMMMMMMMMMB' as never] = entry('automerge:3j9knpCseyhnK8izDmLpGP5WMdZQ' as never))));
    carryRoot(a.library, b.library);
    carryRoot(b.library, a.library);
    // Automerge shows one of the two maps; the other device's entry was out of view before map-conflicts.ts.
    expect(A.getConflicts(rootOf(a.library).doc(), 'media')).toBeDefined();
    for (const root of [rootA, rootB]) expect(Object.keys(root.media()).sort()).toEqual(['MMMMMMMMMMMMMMMMMMMMMA', 'MMMMMMMMMMMMMMMMMMMMMB']);
    await settle();
    await a.library.settled();
    expect(Object.keys(rootOf(a.library).doc().media!).sort()).toEqual(['MMMMMMMMMMMMMMMMMMMMMA', 'MMMMMMMMMMMMMMMMMMMMMB']);
  });
});
