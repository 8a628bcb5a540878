import { change, clone, merge, updateText } from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { MAX_TAGS_PER_CLIP, normalizeTag, normalizeTags, tagKey } from '../../../src/library/tags';
import { rowFilter } from '../../../src/index-db/list-query';
import { LIST_STATES } from '../../../src/schema/plain-values';
import { newClipId, type ClipId } from '../../../src/schema/ids';
import { catalogHandle, openLibrary, page } from './helpers';
import { textOfHtml } from '../../../src/capture/text';

async function withClips(n: number) {
  const lib = await openLibrary();
  const ids: ClipId[] = [];
  for (let i = 0; i < n; i++) ids.push((await lib.library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null, title: `Clip ${i}` }))).clip.id);
  await lib.library.settled();
  return { ...lib, ids };
}


describe('tag rules', () => {
  it('normalises what is typed: NFC, invisible characters out, spaces collapsed, # dropped', () => {
    expect(normalizeTag('  #Cafe\u0301  ')).toEqual({ ok: true, value: 'Café' });
    expect(normalizeTag('a\u200bb\u202e c\n\td')).toEqual({ ok: true, value: 'ab c d' });
    expect(normalizeTag('日本語')).toEqual({ ok: true, value: '日本語' });
    expect(normalizeTag('\u200b \u202e')).toMatchObject({ ok: false });
  });

  it('keeps the joiners inside emoji sequences and Persian words, drops loose ones, and ignores them when comparing', () => {
    const coder = '\u{1F469}\u200d\u{1F4BB}'; // 👩‍💻: woman + ZWJ + laptop
    expect(normalizeTag(`${coder} reading`)).toEqual({ ok: true, value: `${coder} reading` });
    expect(normalizeTag('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645')).toEqual({ ok: true, value: '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645' }); // می‌خواهم
    expect(normalizeTag('\u200dnews\u200c')).toEqual({ ok: true, value: 'news' });
    expect(normalizeTag('a \u200d b')).toEqual({ ok: true, value: 'a b' });
    expect(normalizeTag('\u200c\u200d')).toMatchObject({ ok: false });
    expect(tagKey('ne\u200dws')).toBe(tagKey('news'));
    expect(normalizeTags(['news', 'ne\u200dws'])).toEqual({ ok: true, value: ['news'] });
  });

  it('refuses a tag over 200 characters, counting code points, with the reason', () => {
    expect(normalizeTag('😀'.repeat(200))).toMatchObject({ ok: true });
    const long = normalizeTag('x'.repeat(201));
    expect(long).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(!long.ok && long.error.message).toMatch(/at most 200 characters; this one has 201/);
  });

  it('compares tags without case or accents, keeping the first spelling', () => {
    expect(tagKey('Café')).toBe(tagKey('cafe'));
    expect(normalizeTags(['Work', 'work', 'WORK ', 'play'])).toEqual({ ok: true, value: ['Work', 'play'] });
  });
});

describe('organising clips', () => {
  it('sets tags, archived, favourite and a note; each is in the index row at once and survives a restart', async () => {
    const lib = await withClips(2);
    const [a] = lib.ids;
    const tagged = await lib.library.organise.setTags(a!, ['Reading', ' later ', 'reading']);
    expect(tagged.tags).toEqual(['Reading', 'later']);
    expect((await lib.library.organise.setArchived(a!, true)).archivedAt).not.toBeNull();
    expect((await lib.library.organise.setFavorite(a!, true)).favoriteAt).not.toBeNull();
    expect((await lib.library.organise.setNote(a!, 'Read the second half again.')).hasNote).toBe(true);
    expect(await lib.index.get(a!)).toMatchObject({ tags: ['Reading', 'later'], hasNote: true });
    const again = await lib.reopen();
    const view = await again.library.get(a!);
    expect(view).toMatchObject({ tags: ['Reading', 'later'], note: 'Read the second half again.' });
    expect(view.favoriteAt).not.toBeNull();
    expect(view.archivedAt).not.toBeNull();
    expect((await again.library.organise.setFavorite(a!, false)).favoriteAt).toBeNull();
  });

  it('writes a tag set as a difference, so a tag added on another device at the same time survives', async () => {
    const lib = await withClips(1);
    const [a] = lib.ids;
    await lib.library.organise.setTags(a!, ['one']);
    const handle = await catalogHandle(lib, a!);
    const elsewhere = clone(handle.doc());
    const other = (await import('@automerge/automerge/slim')).change(elsewhere, (d) => void (d.clips[a!]!.tags['from-phone'] = true));
    await lib.library.organise.setTags(a!, ['one', 'two']);
    handle.update((d) => merge(d, other));
    expect(Object.keys(handle.doc().clips[a!]!.tags).sort()).toEqual(['from-phone', 'one', 'two']);
  });

  it('keeps both of two concurrent edits of a note (a collaborative text)', async () => {
    const lib = await withClips(1);
    const [a] = lib.ids;
    await lib.library.organise.setNote(a!, 'Good points about rivers.');
    const handle = await catalogHandle(lib, a!);
    const fork = (await import('@automerge/automerge/slim')).change(clone(handle.doc()), (d) => updateText(d as never, ['clips', a!, 'note'], 'Good points about rivers. See also lakes.'));
    await lib.library.organise.setNote(a!, 'Very good points about rivers.');
    const merged = merge(clone(handle.doc()), fork);
    expect(merged.clips[a!]!.note).toBe('Very good points about rivers. See also lakes.');
  });

  it('merges a note edit made from an older text with what arrived meanwhile (sync), keeping both', async () => {
    const lib = await withClips(1);
    const [a] = lib.ids;
    await lib.library.organise.setNote(a!, 'A');
    const loaded = await lib.library.organise.readNote(a!);
    expect(loaded.note).toBe('A');
    // Another device edits the note to "A B"; the change arrives through sync after the editor loaded "A".
    const handle = await catalogHandle(lib, a!);
    const elsewhere = (await import('@automerge/automerge/slim')).change(clone(handle.doc()), (d) => updateText(d as never, ['clips', a!, 'note'], 'A B'));
    handle.update((d) => merge(d, elsewhere));
    expect((await lib.library.organise.readNote(a!)).note).toBe('A B');
    // The editor, still showing "A", saves "A C".
    const saved = await lib.library.organise.editNote(a!, 'A C', loaded.note);
    expect(saved.note).toBe('A B C');
    expect(handle.doc().clips[a!]!.note).toBe('A B C');
    // A deletion made from an older text deletes only what it deleted.
    const again = await lib.library.organise.editNote(a!, ' C', 'A C');
    expect(again.note).toBe(' B C');
    await expect((await lib.reopen()).library.get(a!)).resolves.toMatchObject({ note: ' B C' });
  });

  it("keeps both devices' first notes written offline at once: a new clip's note text is made with it, and an older clip's two texts are both shown and kept on the next edit", async () => {
    const lib = await withClips(2);
    const [a] = lib.ids;
    const handle = await catalogHandle(lib, a!);
    // A new clip: one text from the start, so both devices' first words merge into it.
    const phone = change(clone(handle.doc()), (d) => updateText(d as never, ['clips', a!, 'note'], 'Written on the phone.'));
    await lib.library.organise.editNote(a!, 'Written on the laptop.', '');
    handle.update((d) => merge(d, phone));
    const merged = (await lib.library.organise.readNote(a!)).note;
    expect(merged).toContain('phone');
    expect(merged).toContain('laptop');

    // A clip from before: no note text, so each device made its own; Automerge shows one.
    const old = lib.ids[1]!;
    const oldHandle = await catalogHandle(lib, old);
    oldHandle.change((d) => void delete (d.clips[old] as { note?: string }).note);
    const other = change(clone(oldHandle.doc()), (d) => void ((d.clips[old] as { note?: string }).note = 'Other device.'));
    oldHandle.change((d) => void ((d.clips[old] as { note?: string }).note = 'This device.'));
    oldHandle.update((d) => merge(d, other));
    const both = (await lib.library.organise.readNote(old)).note;
    expect(both.split('\n\n').sort()).toEqual(['Other device.', 'This device.']);
    expect((await lib.library.get(old)).note).toBe(both);
    // An edit of what was shown keeps both, once each, from then on.
    const edited = (await lib.library.organise.editNote(old, `${both} Checked.`, both)).note;
    expect(edited).toBe(`${both} Checked.`);
    expect((await lib.library.organise.readNote(old)).note).toBe(`${both} Checked.`);
    await expect((await lib.reopen()).library.organise.readNote(old)).resolves.toMatchObject({ note: `${both} Checked.` });
  });

  it('merges two editors of one note (popup and side panel): each keeps its edit', async () => {
    const lib = await withClips(1);
    const [a] = lib.ids;
    await lib.library.organise.setNote(a!, 'Rivers.');
    const panel = await lib.library.organise.readNote(a!);
    const popup = await lib.library.organise.readNote(a!);
    expect((await lib.library.organise.editNote(a!, 'Rivers. Lakes.', popup.note)).note).toBe('Rivers. Lakes.');
    expect((await lib.library.organise.editNote(a!, 'Big rivers.', panel.note)).note).toBe('Big rivers. Lakes.');
    // No edit (the text is its base): nothing is written, the stored text comes back.
    const before = lib.commits.count;
    expect((await lib.library.organise.editNote(a!, 'Rivers.', 'Rivers.')).note).toBe('Big rivers. Lakes.');
    expect(lib.commits.count).toBe(before);
    // A merge over the longest note is refused, changing nothing.
    const long = 'x'.repeat(99_990);
    await expect(lib.library.organise.editNote(a!, `${long}Rivers.`, 'Rivers.')).rejects.toThrow(/over 100,000 characters/);
    expect((await lib.library.organise.readNote(a!)).note).toBe('Big rivers. Lakes.');
  });

  it('applies a tag edit as what it added and removed, so a tag added on another device meanwhile is kept', async () => {
    const lib = await withClips(1);
    const [a] = lib.ids;
    await lib.library.organise.setTags(a!, ['x']);
    const loaded = (await lib.library.organise.readNote(a!)).clip.tags;
    expect(loaded).toEqual(['x']);
    // Another device adds "y" after the editor loaded [x].
    const handle = await catalogHandle(lib, a!);
    const elsewhere = (await import('@automerge/automerge/slim')).change(clone(handle.doc()), (d) => void (d.clips[a!]!.tags['y'] = true));
    handle.update((d) => merge(d, elsewhere));
    // The editor adds "z": [x, y, z].
    const added = await lib.library.organise.setTags(a!, [...loaded, 'z'], loaded);
    expect([...added.tags].sort()).toEqual(['x', 'y', 'z']);
    // It removes "x" (from what it shows now): "y" and "z" stay.
    const removed = await lib.library.organise.setTags(a!, ['y', 'z'], added.tags);
    expect([...removed.tags].sort()).toEqual(['y', 'z']);
    // An editor that never saw "y" removes "x" again and "z": "y" stays.
    expect((await lib.library.organise.setTags(a!, [], ['x', 'Z'])).tags).toEqual(['y']);
    // Adding a tag that is there in another spelling keeps that spelling.
    expect((await lib.library.organise.setTags(a!, ['Y'], [])).tags).toEqual(['y']);
    // Without a base, the tags become the list (older callers).
    expect((await lib.library.organise.setTags(a!, ['w'])).tags).toEqual(['w']);
  });

  it("counts each tag's clips per list: the count beside a tag is the length of the list choosing it gives", async () => {
    const lib = await withClips(30);
    for (const [i, id] of lib.ids.entries()) await lib.library.organise.setTags(id, i % 3 === 0 ? ['news', 'long read'] : i % 3 === 1 ? ['news'] : []);
    // Archived, read, favourite, an archived favourite and a deleted clip, among the tagged ones.
    for (const i of [0, 1, 4]) await lib.library.organise.setArchived(lib.ids[i]!, true);
    for (const i of [3, 6]) await lib.library.markRead(lib.ids[i]!, true);
    for (const i of [4, 7, 9]) await lib.library.organise.setFavorite(lib.ids[i]!, true);
    // Started: being read (7, 12) unless archived (1), read (3) or finished (13).
    for (const [i, percent] of [[1, 30], [3, 50], [7, 40], [12, 99], [13, 100]] as const) await lib.library.organise.setProgress(lib.ids[i]!, 100, percent);
    await lib.library.setDeleted(lib.ids[10]!, true);
    const facets = lib.library.organise.facets();
    const rows = (await Promise.all(lib.ids.map((id) => lib.index.get(id)))).flatMap((r) => (r && r.deletedAt === null ? [r] : []));
    for (const t of facets.tags) {
      for (const state of LIST_STATES) {
        const list = rows.filter(rowFilter({ state, tag: t.tag }));
        expect(t.states?.[state], `${t.tag} in ${state}`).toBe(list.length);
      }
      // `count` is every clip with the tag, archived ones too (what a rename changes).
      expect(t.count).toBe(rows.filter((r) => r.tags.includes(t.tag)).length);
    }
    expect(facets.tags.find((t) => t.tag === 'news')).toEqual({ tag: 'news', count: 19, states: { unread: 14, reading: 2, all: 16, favorites: 3, archived: 3 } });
    expect(facets.reading).toBe(2);
  });

  it('refuses a note over 100,000 characters and a bad tag, changing nothing', async () => {
    const lib = await withClips(1);
    const [a] = lib.ids;
    await expect(lib.library.organise.setNote(a!, 'x'.repeat(100_001))).rejects.toThrow(/at most 100,000/);
    await expect(lib.library.organise.setTags(a!, ['ok', 'y'.repeat(300)])).rejects.toThrow(/at most 200/);
    expect((await lib.library.get(a!)).tags).toEqual([]);
  });

  it('renames a tag on every clip in one batch, merging into a tag that exists, and counts per state and tag', async () => {
    const lib = await withClips(40);
    for (const [i, id] of lib.ids.entries()) await lib.library.organise.setTags(id, i % 2 === 0 ? ['Todo'] : i % 5 === 0 ? ['todo', 'done'] : ['done']);
    await lib.library.organise.setArchived(lib.ids[1]!, true);
    await lib.library.markRead(lib.ids[2]!, true);
    await lib.library.organise.setFavorite(lib.ids[3]!, true);
    const before = lib.commits.count;
    expect(await lib.library.organise.renameTag('TODO', 'done')).toEqual({ clips: 24, tag: 'done' });
    expect(lib.commits.count - before).toBe(1);
    for (const id of lib.ids) expect((await lib.index.get(id))!.tags).toEqual(['done']);
    const facets = lib.library.organise.facets();
    expect(facets).toMatchObject({ all: 40, archived: 1, read: 1, unread: 38, favorites: 1, tags: [{ tag: 'done', count: 40 }] });
    // Counted once while no catalog changes; counted again after any change.
    expect(lib.library.organise.facets()).toBe(facets);
    await lib.library.markRead(lib.ids[5]!, true);
    expect(lib.library.organise.facets()).toMatchObject({ read: 2, unread: 37 });
    expect(await lib.library.organise.deleteTag('Done')).toEqual({ clips: 40 });
    expect(lib.library.organise.facets().tags).toEqual([]);
    expect(await lib.library.organise.renameTag('nothing', 'else')).toEqual({ clips: 0, tag: 'else' });
    // Merging into an existing tag keeps the spelling it has.
    await lib.library.organise.setTags(lib.ids[0]!, ['beta']);
    await lib.library.organise.setTags(lib.ids[1]!, ['alpha']);
    await lib.library.organise.renameTag('alpha', 'BETA');
    expect((await lib.index.get(lib.ids[1]!))!.tags).toEqual(['beta']);
  });
});

describe('organising many clips at once', () => {
  it('applies one change to a selection in one durable batch, leaving clips already so as they were', async () => {
    const lib = await withClips(6);
    const [a, b, c, d] = lib.ids;
    const archivedAt = (await lib.library.organise.setArchived(a!, true)).archivedAt;
    const before = lib.commits.count;
    expect(await lib.library.organise.changeMany([a!, b!, c!, b!], { archived: true })).toEqual({ changed: 2, unchanged: 1, skipped: 0 });
    expect(lib.commits.count - before).toBe(1);
    // The clip archived before keeps its date.
    expect((await lib.index.get(a!))!.archivedAt).toBe(archivedAt);
    for (const id of [b!, c!]) expect((await lib.index.get(id))!.archivedAt).not.toBeNull();
    expect((await lib.index.get(d!))!.archivedAt).toBeNull();
    // Read, favourite, a tag added (normalised) and removed (by its key).
    await lib.library.organise.changeMany([a!, b!], { read: true });
    await lib.library.organise.changeMany([b!, c!], { favorite: true });
    await lib.library.organise.changeMany([a!, b!, c!], { addTag: '  #Later ' });
    await lib.library.organise.changeMany([c!], { removeTag: 'LATER' });
    expect(await lib.index.get(a!)).toMatchObject({ tags: ['Later'], favoriteAt: null });
    expect((await lib.index.get(a!))!.readAt).not.toBeNull();
    expect((await lib.index.get(b!))!.favoriteAt).not.toBeNull();
    expect((await lib.index.get(c!))!.tags).toEqual([]);
    expect(lib.library.organise.facets()).toMatchObject({ all: 6, archived: 3, favorites: 2, tags: [{ tag: 'Later', count: 2 }] });
    // Deleted together, restored together; all of it survives a restart.
    expect(await lib.library.organise.changeMany([a!, b!], { deleted: true })).toMatchObject({ changed: 2 });
    expect(lib.library.organise.facets().all).toBe(4);
    await lib.library.organise.changeMany([a!, b!], { deleted: false });
    const again = await lib.reopen();
    expect(await again.library.get(b!)).toMatchObject({ tags: ['Later'], deletedAt: null });
    expect(again.library.organise.facets()).toMatchObject({ all: 6, archived: 3, favorites: 2 });
  });

  it('skips clips that are gone or full of tags, and refuses a bad tag before writing anything', async () => {
    const lib = await withClips(2);
    const [a, b] = lib.ids;
    await lib.library.organise.setTags(a!, Array.from({ length: MAX_TAGS_PER_CLIP }, (_, i) => `t${i}`));
    expect(await lib.library.organise.changeMany([a!, b!, newClipId()], { addTag: 'new' })).toEqual({ changed: 1, unchanged: 0, skipped: 2 });
    expect((await lib.index.get(a!))!.tags).not.toContain('new');
    const before = lib.commits.count;
    await expect(lib.library.organise.changeMany([a!, b!], { addTag: 'x'.repeat(201), archived: true })).rejects.toThrow(/at most 200/);
    expect(lib.commits.count).toBe(before);
    expect((await lib.index.get(b!))!.archivedAt).toBeNull();
  });
});

describe('tags in more than one spelling, and tags stored before they were normalised', () => {
  it('a rename does not give the new name to a clip whose old tag was removed while the rename waited for the write lock', async () => {
    const lib = await withClips(2);
    const [a, b] = lib.ids;
    await lib.library.organise.setTags(a!, ['old']);
    await lib.library.organise.setTags(b!, ['old']);
    const untag = lib.library.organise.setTags(a!, [], ['old']);
    const rename = lib.library.organise.renameTag('old', 'new');
    await untag;
    expect(await rename).toEqual({ clips: 1, tag: 'new' });
    expect((await lib.library.get(a!)).tags).toEqual([]);
    expect((await lib.library.get(b!)).tags).toEqual(['new']);
  });

  it('counts a tag two devices spelled differently on one clip once, shows it once, and removes it from the editor at once', async () => {
    const lib = await withClips(1);
    const [a] = lib.ids;
    const handle = await catalogHandle(lib, a!);
    const phone = change(clone(handle.doc()), (d) => void (d.clips[a!]!.tags['Work'] = true));
    await lib.library.organise.setTags(a!, ['work'], []);
    handle.update((d) => merge(d, phone));
    await lib.library.reconcileIndex();
    const facet = lib.library.organise.facets().tags.find((t) => tagKey(t.tag) === 'work')!;
    expect(facet.count).toBe(1);
    const row = (await lib.index.get(a!))!;
    expect(row.tags).toHaveLength(1);
    // The editor's × sends the tags it shows without that one: both spellings go.
    await lib.library.organise.setTags(a!, [], row.tags);
    expect(Object.keys((await catalogHandle(lib, a!)).doc()!.clips[a!]!.tags ?? {})).toEqual([]);
  });

  it('normalises imported tags ("#toread" is "toread", one spelling each), and can rename, remove or delete a tag an older import stored raw', async () => {
    const lib = await openLibrary();
    const html = '<p>Imported text.</p>';
    const item = (i: number, tags: string[]) => ({ page: page({ pageUrl: `https://import.example/${i}`, canonicalUrl: null, html, text: textOfHtml(html) }), savedAt: 1 + i, tags, readAt: null, archivedAt: null, highlights: [] });
    const [o] = await lib.library.importBatch([item(1, ['#toread', 'Café', 'cafe', '#', '__proto__'])]);
    const id = (o as { clip: ClipId }).clip;
    expect((await lib.library.get(id)).tags.sort()).toEqual(['Café', 'toread']);
    // An older import stored tags as another service wrote them.
    const handle = await catalogHandle(lib, id);
    handle.change((d) => {
      const tags = (d as unknown as { clips: Record<string, { tags: Record<string, boolean> }> }).clips[id]!.tags;
      tags['#later'] = true;
      tags['#'] = true;
      tags['#x'] = true;
    });
    await lib.library.reconcileIndex();
    expect(await lib.library.organise.renameTag('#later', 'soon')).toEqual({ clips: 1, tag: 'soon' });
    expect(await lib.library.organise.changeMany([id], { removeTag: 'x' })).toMatchObject({ changed: 1 });
    expect(await lib.library.organise.deleteTag('#')).toEqual({ clips: 1 });
    expect((await lib.library.get(id)).tags.sort()).toEqual(['Café', 'soon', 'toread']);
    expect(rowFilter({ state: 'all', tag: 'toread' })((await lib.index.get(id))!)).toBe(true);
  });

  it('refuses "__proto__" as a tag with a message (Automerge refuses it as a key)', async () => {
    const lib = await withClips(1);
    await expect(lib.library.organise.setTags(lib.ids[0]!, ['__proto__'], [])).rejects.toMatchObject({ code: 'bad-request' });
    await expect(lib.library.organise.changeMany(lib.ids, { addTag: '#__proto__' })).rejects.toMatchObject({ code: 'bad-request' });
  });
});
