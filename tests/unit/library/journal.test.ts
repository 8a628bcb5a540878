import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { newClipId } from '../../../src/schema/ids';
import { openLibrary, page } from './helpers';

/**
 * The capture journal (src/library/capture-journal.ts): a background killed after a save
 * was answered and before its documents were written loses nothing.
 */
describe('Library capture journal', () => {
  it('replays a new clip journaled just before a crash: listed, readable, de-duplicated', async () => {
    const first = await openLibrary();
    first.stall();
    const a = await first.library.save(page());
    const second = await first.crash();
    expect(second.library.pendingCaptures).toBe(1);
    expect((await second.index.get(a.clip.id))?.title).toBe('A story');
    expect((await second.library.get(a.clip.id)).text).toBe('It begins. Then it ends.');
    expect(second.library.pendingCaptures).toBe(0);
    expect(second.library.clipIds()).toEqual([a.clip.id]);
    expect(await second.storage.journalEntries()).toEqual([]);
    const again = await second.library.save(page());
    expect(again).toMatchObject({ created: false, clip: { id: a.clip.id } });
  });

  it('stores the article as UTF-8 and replays any text exactly', async () => {
    const first = await openLibrary();
    first.stall();
    const text = 'A “naïve” café — 🚲 and 漢字, then\u00a0a no-break space.';
    const a = await first.library.save(page({ html: `<p>${text}</p>`, text }));
    const [entry] = await first.storage.journalEntries();
    const stored = entry!.record as { page: { html: unknown; text: unknown } };
    expect(stored.page.text).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(stored.page.text as Uint8Array)).toBe(text);
    const second = await first.crash();
    const view = await second.library.get(a.clip.id);
    // The stored text is the text of the stored HTML (a no-break space reads as a space).
    expect(view.text).toBe(textOfHtml(`<p>${text}</p>`));
    expect(view.html).toBe(`<p>${text}</p>`);
  });

  it('replays journaled captures in order, a re-capture after its creation', async () => {
    const first = await openLibrary();
    first.stall();
    const a = await first.library.save(page());
    const b = await first.library.save(page({ title: 'A story, revised' }));
    expect(b.clip.id).toBe(a.clip.id);
    const second = await first.crash();
    await second.library.reconcileIndex();
    expect((await second.library.get(a.clip.id)).title).toBe('A story, revised');
    expect(await second.index.count()).toBe(1);
    expect((await second.index.get(a.clip.id))?.title).toBe('A story, revised');
  });

  it('a start that replays keeps the journaled rows through reconciliation, and a rebuild brings them back', async () => {
    const first = await openLibrary();
    first.stall();
    await first.library.save(page({ pageUrl: 'https://example.com/one', canonicalUrl: null, title: 'One' }));
    const before = await first.crash();
    // The storage fails while replaying: the row must not be reconciled away, and the clip is still readable.
    before.storage.failCommits = new Error('QuotaExceededError');
    await before.library.reconcileIndex();
    expect(before.library.pendingCaptures).toBe(1);
    const rows = await before.index.list({ limit: 10 });
    expect(rows.map((r) => r.title)).toEqual(['One']);
    expect((await before.library.get(rows[0]!.id)).title).toBe('One');
    expect(await before.library.rebuildIndex()).toBe(1);
    // Once the disk has room, the next start writes it.
    before.storage.failCommits = null;
    const after = await before.reopen();
    expect(after.library.pendingCaptures).toBe(0);
    expect(after.library.clipIds().length).toBe(1);
  });

  it('replays a record version 1 wrote, and removes what a crash left of the document it had journaled', async () => {
    const first = await openLibrary();
    const journaledDoc = '2j9knpCseyhnK8izDmLpGP5WMdZQ';
    const p = page();
    const record = {
      v: 1,
      key: '0000000100-000001',
      op: 'create',
      clipId: 'CCCCCCCCCCCCCCCCCCCCCC',
      doc: `automerge:${journaledDoc}`,
      at: 100,
      filing: { url: 'https://example.com/story', pageUrl: 'https://example.com/story', key: 'https://example.com/story' },
      page: { ...p, html: new TextEncoder().encode(p.html), text: new TextEncoder().encode(p.text) },
    };
    await first.storage.appendJournal(record.key, record);
    // The repo of the crashed version may have written some of that document.
    await first.storage.save([journaledDoc, 'snapshot', 'left-behind'], new Uint8Array([1, 2, 3]));
    const second = await first.reopen();
    await second.library.settled();
    expect(await second.storage.loadRange([journaledDoc])).toEqual([]);
    expect(await second.storage.journalEntries()).toEqual([]);
    expect(second.library.clipIds()).toEqual([record.clipId]);
    expect((await second.library.get(record.clipId as never)).title).toBe('A story');
  });

  it('a background killed before the journal record was durable leaves no row: no stray duplicate, no unsaved title', async () => {
    const kept = page({ pageUrl: 'https://example.com/kept', canonicalUrl: null, title: 'Kept' });
    /** Saves `p` in a background killed while its journal write is in flight, and starts again on what is stored. */
    const killedWhileJournaling = async (lib: Awaited<ReturnType<typeof openLibrary>>, p: ReturnType<typeof page>) => {
      await lib.library.reconcileIndex();
      lib.stall();
      lib.storage.appendJournal = () => new Promise<void>(() => undefined);
      void lib.library.save(p);
      await new Promise((r) => setTimeout(r, 20));
      const next = await lib.crash();
      await next.library.reconcileIndex();
      return next;
    };
    const first = await openLibrary();
    const k = await first.library.save(kept);
    // A re-capture killed in flight: the row still says what the documents hold.
    const second = await killedWhileJournaling(first, { ...kept, title: 'Kept, changed' });
    expect((await second.index.list({ limit: 10 })).map((r) => r.title)).toEqual(['Kept']);
    // A new clip killed in flight: no row for a clip that is nowhere else.
    const third = await killedWhileJournaling(second, page());
    expect((await third.index.list({ limit: 10 })).map((r) => r.title)).toEqual(['Kept']);
    // The popup's retry saves the page once: one row for it.
    const again = await third.library.save(page());
    await third.library.settled();
    expect(again.created).toBe(true);
    expect((await third.index.list({ limit: 10 })).map((r) => r.title).sort()).toEqual(['A story', 'Kept']);
    expect(third.library.counts()).toEqual({ live: 2, deleted: 0 });
    expect((await third.index.get(k.clip.id))?.title).toBe('Kept');
  });

  it('a stray row an older version left (no entry, no record) is removed at the next start', async () => {
    const first = await openLibrary();
    const a = await first.library.save(page());
    await first.library.reconcileIndex();
    // What a save killed between its row and its journal record left before 2026-12-03: the page listed twice.
    await first.index.put({ ...(await first.index.get(a.clip.id))!, id: newClipId() });
    expect(await first.index.count()).toBe(2);
    const second = await first.reopen();
    await second.library.reconcileIndex();
    expect((await second.index.list({ limit: 10 })).map((r) => r.id)).toEqual([a.clip.id]);
  });

  it('leaves a record it cannot read where it is, and replays the others', async () => {
    const first = await openLibrary();
    first.stall();
    await first.storage.appendJournal('0000000000-zzzzzz', { v: 99, from: 'a newer version' });
    const a = await first.library.save(page());
    const second = await first.crash();
    await second.library.settled();
    expect((await second.library.get(a.clip.id)).title).toBe('A story');
    expect((await second.storage.journalEntries()).map((e) => e.key)).toEqual(['0000000000-zzzzzz']);
  });
});
