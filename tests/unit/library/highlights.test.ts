import * as A from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { describeText } from '../../../src/anchoring/anchor';
import { textOfHtml } from '../../../src/capture/text';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import type { Library } from '../../../src/library/library';
import { CATALOG_SLOTS } from '../../../src/schema/catalog-doc';
import { MAX_NOTE_CHARS } from '../../../src/schema/highlight';
import { newHighlightId, type ClipId } from '../../../src/schema/ids';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { openLibrary, page, carryCatalogs } from './helpers';

const ARTICLE = '<h1>Rivers</h1><p>The river rises in the hills above the town.</p><p>In spring the water runs fast and cold, and the mill wheel turns all day.</p><p>By August the river is slow.</p>';

/** A target for `passage` in the text of `html`, as the reader would describe it. */
function targetIn(html: string, passage: string): HighlightTarget {
  const text = textOfHtml(html);
  const start = text.indexOf(passage);
  if (start < 0) throw new Error(`"${passage}" is not in the text`);
  const d = describeText(text, start, start + passage.length);
  if (!d.ok) throw new Error(d.error.message);
  return { ...d.value, range: null };
}

/** A target described on a live page whose text differs from the saved article (a header and a footer around it). */
function pageTargetFor(passage: string): HighlightTarget {
  return targetIn(`<nav>Home News Sport</nav>${ARTICLE}<footer>Contact us</footer>`, passage);
}

async function withClip(html = ARTICLE) {
  const lib = await openLibrary();
  const { clip } = await lib.library.save(page({ html, text: textOfHtml(html) }));
  await lib.library.settled();
  return { ...lib, clipId: clip.id };
}

/** A clip with a highlight whose note is "hills", in browser `a`, and `b` opened on a copy of its storage. */
async function noteInTwoBrowsers() {
  const a = await withClip();
  const id = newHighlightId();
  await a.library.highlights.add(a.clipId, { id, target: targetIn(ARTICLE, 'The river rises'), page: null, color: 'yellow', note: 'hills' });
  await a.library.settled();
  await a.repo.flush();
  const b = await openLibrary(a.storage.snapshot(), new MemoryClipIndex(), a.url);
  return { a, b, id };
}

describe('highlights', () => {
  it('a highlight made on the live page before the clip\'s article was on this device is found in the saved copy once the article is', async () => {
    const { library, clipId } = await withClip();
    const store = library.highlights as unknown as { content: { read: unknown } };
    const real = store.content;
    // The entry synced, its content document not yet: the article cannot be read.
    store.content = { read: async () => { throw new Error('not arrived'); } } as never;
    const id = newHighlightId();
    await library.highlights.add(clipId, { id, target: null, page: pageTargetFor('the mill wheel turns all day'), color: 'yellow', note: '' });
    store.content = real;
    const [v] = await library.highlights.list(clipId);
    expect(v).toMatchObject({ id, found: true });
    expect(v!.target?.quote.exact).toBe('the mill wheel turns all day');
  });

  it('a highlight made in the reader is stored, found, listed, and added once however often the call is sent', async () => {
    const { library, clipId } = await withClip();
    const id = newHighlightId();
    const h = { id, target: targetIn(ARTICLE, 'the water runs fast and cold'), page: null, color: 'green' as const, note: 'spring' };
    const first = await library.highlights.add(clipId, h);
    const again = await library.highlights.add(clipId, h);
    expect(first).toEqual(again);
    expect(first).toMatchObject({ id, clipId, color: 'green', note: 'spring', found: true, readOnly: false, page: null });
    expect(first.target?.quote.exact).toBe('the water runs fast and cold');
    expect(await library.highlights.list(clipId)).toHaveLength(1);
  });

  it('a highlight made on the live page gets a target in the saved copy when its quote is there, and none when it is not', async () => {
    const { library, clipId } = await withClip();
    const inArticle = await library.highlights.add(clipId, { id: newHighlightId(), target: null, page: pageTargetFor('the mill wheel turns all day'), color: 'yellow', note: '' });
    expect(inArticle.found).toBe(true);
    // The saved copy's own offsets and context, not the live page's.
    const text = textOfHtml(ARTICLE);
    expect(text.slice(inArticle.target!.position.start, inArticle.target!.position.end)).toBe('the mill wheel turns all day');
    expect(inArticle.page?.quote.prefix).toBeDefined();
    const outside = await library.highlights.add(clipId, { id: newHighlightId(), target: null, page: pageTargetFor('Contact us'), color: 'pink', note: 'footer' });
    expect(outside).toMatchObject({ target: null, found: false, note: 'footer' });
    // An orphan is listed, never hidden.
    expect((await library.highlights.list(clipId)).map((h) => h.note)).toEqual(['', 'footer']);
  });

  it('changes colour and note, deletes and undoes, durably', async () => {
    const lib = await withClip();
    const { library, clipId } = lib;
    const id = newHighlightId();
    await library.highlights.add(clipId, { id, target: targetIn(ARTICLE, 'By August the river is slow.'), page: null, color: 'yellow', note: '' });
    await library.highlights.change(clipId, id, { color: 'blue', note: 'late summer' });
    await library.highlights.change(clipId, id, { deleted: true });
    expect(await library.highlights.list(clipId)).toHaveLength(0);
    await library.highlights.change(clipId, id, { deleted: false });
    // A background killed right after the last answer: everything is on disk.
    const after = await lib.crash();
    const [h] = await after.library.highlights.list(clipId);
    expect(h).toMatchObject({ id, color: 'blue', note: 'late summer', found: true });
  });

  it('lists every highlight of the library, newest first, a page at a time', async () => {
    const lib = await openLibrary();
    const ids: ClipId[] = [];
    for (let i = 0; i < 3; i++) {
      const html = `<p>Clip ${i} has a sentence worth keeping for later.</p>`;
      ids.push((await lib.library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null, title: `C${i}`, html, text: textOfHtml(html) }))).clip.id);
    }
    for (const [i, id] of ids.entries()) {
      await lib.library.highlights.add(id, { id: newHighlightId(), target: targetIn(`<p>Clip ${i} has a sentence worth keeping for later.</p>`, 'worth keeping'), page: null, color: 'yellow', note: `n${i}` });
    }
    const first = await lib.library.highlights.inLibrary(2);
    expect(first.highlights.map((h) => h.note)).toEqual(['n2', 'n1']);
    expect(first.more).toBe(true);
    expect(first.highlights[0]).toMatchObject({ clipTitle: 'C2', found: true });
    const next = await lib.library.highlights.inLibrary(2, first.highlights[1]!.createdAt);
    expect(next.highlights.map((h) => h.note)).toEqual(['n0']);
    expect(next.more).toBe(false);
  });

  it('re-saving a page finds its highlights again in the new text; one whose passage is gone stays, as an orphan', async () => {
    const { library, clipId } = await withClip();
    const kept = await library.highlights.add(clipId, { id: newHighlightId(), target: targetIn(ARTICLE, 'the mill wheel turns all day'), page: null, color: 'yellow', note: '' });
    const gone = await library.highlights.add(clipId, { id: newHighlightId(), target: targetIn(ARTICLE, 'By August the river is slow.'), page: null, color: 'pink', note: 'keep me' });
    const edited = '<h1>Rivers</h1><p>A new first paragraph was added to the page since.</p><p>The river rises in the hills above the town.</p><p>In spring the water runs fast and cold, and the mill wheel turns all day.</p>';
    await library.save(page({ html: edited, text: textOfHtml(edited) }));
    await library.settled();
    const after = await library.highlights.list(clipId);
    const k = after.find((h) => h.id === kept.id)!;
    expect(k.found).toBe(true);
    expect(textOfHtml(edited).slice(k.target!.position.start, k.target!.position.end)).toBe('the mill wheel turns all day');
    expect(after.find((h) => h.id === gone.id)).toMatchObject({ found: false, note: 'keep me' });
  });

  it('two browsers editing one note at once both keep their words', async () => {
    const { a, b, id } = await noteInTwoBrowsers();
    await a.library.highlights.change(a.clipId, id, { note: 'green hills' });
    await b.library.highlights.change(a.clipId, id, { note: 'hills, far away' });
    carry(a.library, b.library);
    carry(b.library, a.library);
    const na = (await a.library.highlights.list(a.clipId))[0]!.note;
    const nb = (await b.library.highlights.list(a.clipId))[0]!.note;
    expect(na).toBe(nb);
    expect(na).toContain('green');
    expect(na).toContain('far away');
  });

  it('an edit sent with the note its editor loaded keeps the words another browser wrote after it loaded, even once they arrived', async () => {
    const { a, b, id } = await noteInTwoBrowsers();
    // B's editor loaded "hills"; A's edit reaches B before B's editor saves.
    await a.library.highlights.change(a.clipId, id, { note: 'green hills' });
    carry(a.library, b.library);
    expect((await b.library.highlights.list(a.clipId))[0]!.note).toBe('green hills');
    await b.library.highlights.change(a.clipId, id, { note: 'hills, far away', noteBase: 'hills' });
    carry(b.library, a.library);
    for (const side of [a, b]) expect((await side.library.highlights.list(a.clipId))[0]!.note).toBe('green hills, far away');
    // Over the limit once merged: refused with the reason, the note unchanged.
    const long = 'x'.repeat(MAX_NOTE_CHARS - 3);
    await expect(b.library.highlights.change(a.clipId, id, { note: long, noteBase: 'hills' })).rejects.toMatchObject({ code: 'bad-request' });
    expect((await b.library.highlights.list(a.clipId))[0]!.note).toBe('green hills, far away');
  });

  it('a highlight written by a newer version is kept untouched: listed read-only, never changed, never re-anchored', async () => {
    const { library, clipId } = await withClip();
    const catalogs = (library as unknown as { catalogs: { change(id: ClipId, fn: (clips: Record<string, { highlights: Record<string, unknown> }>) => void): string } }).catalogs;
    const future = { v: 2, id: 'FUTUREFUTUREFUTUREFUTU', color: new A.ImmutableString('yellow'), note: 'from the future', createdAt: 5, updatedAt: 5, deletedAt: null, target: { kind: 'something new' }, page: null, shape: 'circle' };
    catalogs.change(clipId, (clips) => void (clips[clipId]!.highlights.FUTUREFUTUREFUTUREFUTU = future));
    const [h] = await library.highlights.list(clipId);
    expect(h).toMatchObject({ readOnly: true, note: 'from the future', target: null, found: false });
    await expect(library.highlights.change(clipId, h!.id, { note: 'x' })).rejects.toMatchObject({ code: 'read-only' });
    await library.save(page({ html: ARTICLE + '<p>more</p>', text: textOfHtml(ARTICLE + '<p>more</p>') }));
    await library.settled();
    const entry = (library as unknown as { catalogs: { entry(id: ClipId): { highlights: Record<string, Record<string, unknown>> } } }).catalogs.entry(clipId)!;
    expect(entry.highlights.FUTUREFUTUREFUTUREFUTU).toMatchObject({ v: 2, shape: 'circle', target: { kind: 'something new' } });
  });
});

const carry = carryCatalogs;
