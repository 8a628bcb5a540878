import { getHeads } from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { uiToBackground, backgroundToContent } from '../../../src/protocol/protocol';
import { createClient, createServer, type Envelope } from '../../../src/protocol/rpc';
import { CapturedPageSchema, ExtractedPageSchema } from '../../../src/schema/capture';
import { CaptureRecordSchema } from '../../../src/schema/capture-record';
import { ClipSummarySchema, ClipViewSchema } from '../../../src/schema/clip-summary';
import { journalKey } from '../../../src/library/capture-journal';
import { catalogSlot } from '../../../src/schema/catalog-doc';
import type { Repo } from '@automerge/automerge-repo/slim';

/** The catalog document holding a clip (through the root, as any Automerge reader would find it). */
async function catalogOf(repo: Repo, rootUrl: string, id: string) {
  const root = await repo.find<Record<string, any>>(rootUrl as never);
  return repo.find<Record<string, any>>(root.doc().catalogs[String(catalogSlot(id as never))]);
}
import { openLibrary, page } from '../library/helpers';

/**
 * docs/schema.md, "Unknown fields": every boundary either rejects a field it does not know,
 * with an error that names it, or keeps it. Nothing is dropped silently.
 */
describe('unknown fields', () => {
  const { text: _text, ...captured } = page();

  it('every record schema rejects an unknown field, naming it', () => {
    for (const [schema, value] of [
      [CapturedPageSchema, captured],
      [ExtractedPageSchema, page()],
    ] as const) {
      const res = schema.safeParse({ ...value, images: [{ src: 'x' }] });
      expect(res.success).toBe(false);
      expect(JSON.stringify(res.error?.issues)).toContain('images');
    }
    const row = { id: 'AAAAAAAAAAAAAAAAAAAAAA', key: 'k', kind: 'page', url: 'u', pageUrl: 'u', title: 't', siteName: null, byline: null, excerpt: null, publishedTime: null, savedAt: 1, capturedAt: 1, wordCount: 1, readAt: null, archivedAt: null, deletedAt: null, favoriteAt: null, tags: [], hasNote: false };
    expect(ClipSummarySchema.safeParse(row).success).toBe(true);
    expect(ClipSummarySchema.safeParse({ ...row, colour: 'red' }).success).toBe(false);
    expect(ClipViewSchema.safeParse({ ...row, canonicalUrl: null, lang: null, dir: null, html: '', text: '', note: '', tooNew: false, extra: 1 }).success).toBe(false);
  });

  it('the content → background boundary rejects a capture with an unknown field, with a clear error', async () => {
    // A content script answers with a capture carrying a field this background does not know.
    const content = createServer('content', backgroundToContent, { hello: () => ({ url: 'x' }), extractPage: () => ({ ...captured, images: [] }) as never, extractSelection: () => captured, showToast: () => ({ shown: true }), describeSelection: () => { throw new Error('unused'); }, showHighlights: () => ({ drawn: 0, orphans: 0 }), scrollToHighlight: () => ({ found: false }), snapshotPage: () => { throw new Error('unused'); }, tagFrames: () => ({ tokens: [] }), frameToken: () => ({ token: null }), fetchImage: () => ({ image: null }) }, () => true);
    const client = createClient('content', backgroundToContent, async (e: Envelope) => content.handle(e, {}), { retries: 0 });
    const res = await client('extractPage', {});
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.message).toMatch(/Malformed extractPage response: .*images/);
  });

  it('a UI request with an unknown field is refused before its handler runs', async () => {
    let ran = false;
    const server = createServer('background', uiToBackground, { markRead: () => ((ran = true), null as never) } as never, () => true);
    const client = createClient('background', uiToBackground, async (e: Envelope) => server.handle(e, {}), { retries: 0 });
    const res = await client('markRead', { clipId: 'AAAAAAAAAAAAAAAAAAAAAA' as never, read: true, colour: 'red' } as never);
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(!res.ok && res.error.message).toContain('colour');
    expect(ran).toBe(false);
  });

  it('a journal record with an unknown field is neither replayed nor deleted', async () => {
    const first = await openLibrary();
    const at = 5_000;
    const record = { v: 1, key: journalKey(at), op: 'create', clipId: 'BBBBBBBBBBBBBBBBBBBBBB', doc: 'automerge:2j9knpCseyhnK8izDmLpGP5WMdZQ', at, filing: { url: 'https://example.com/n', pageUrl: 'https://example.com/n', key: 'https://example.com/n' }, page: { ...page(), images: [] } };
    expect(CaptureRecordSchema.safeParse(record).success).toBe(false);
    await first.storage.appendJournal(record.key, record);
    const second = await first.reopen();
    expect(second.library.journal.unreadable).toBe(1);
    expect(second.library.entryCount()).toBe(0);
    await second.library.save(page());
    await second.library.settled();
    expect((await second.storage.journalEntries()).map((e) => e.key)).toEqual([record.key]);
  });

  it('fields a newer version added to a catalog entry survive every write this version makes', async () => {
    const { library, repo, url } = await openLibrary();
    const a = await library.save(page());
    await library.settled();
    const handle = await catalogOf(repo, url, a.clip.id);
    handle.change((d) => {
      d.clips[a.clip.id].images = { one: { alt: 'a heron' } };
      d.clips[a.clip.id].content.images = ['one'];
    });
    await library.save(page({ title: 'A story, revised' }));
    await library.markRead(a.clip.id, true);
    await library.setDeleted(a.clip.id, true);
    await library.setDeleted(a.clip.id, false);
    await library.settled();
    const entry = handle.doc().clips[a.clip.id];
    expect(String(entry.title)).toBe('A story, revised');
    expect(entry.images).toEqual({ one: { alt: 'a heron' } });
    expect(entry.content.images).toEqual(['one']);
  });

  it('a catalog from a newer schema version is read as it is and never written', async () => {
    const { library, repo, url } = await openLibrary();
    const a = await library.save(page());
    await library.settled();
    const handle = await catalogOf(repo, url, a.clip.id);
    handle.change((d) => {
      d.schemaVersion = 99;
      d.futureField = { keep: true };
    });
    const heads = JSON.stringify(getHeads(handle.doc() as never));
    const view = await library.get(a.clip.id);
    expect(view.tooNew).toBe(true);
    await expect(library.markRead(a.clip.id, true)).rejects.toMatchObject({ code: 'read-only' });
    // A re-save is refused before it is journaled: it could never be written.
    await expect(library.save(page({ title: 'Overwritten?' }))).rejects.toMatchObject({ code: 'read-only' });
    await library.settled();
    expect(JSON.stringify(getHeads(handle.doc() as never))).toBe(heads);
    expect(handle.doc().futureField).toEqual({ keep: true });
    expect(library.pendingCaptures).toBe(0);
  });

  it('a library written by a newer version refuses writes with a read-only error, and reads', async () => {
    const first = await openLibrary();
    const a = await first.library.save(page());
    await first.library.settled();
    const root = await first.repo.find<Record<string, any>>(first.url);
    root.change((d) => void (d.schemaVersion = 99));
    await first.repo.flush();
    const second = await first.reopen();
    await expect(second.library.save(page({ pageUrl: 'https://example.com/new', canonicalUrl: null }))).rejects.toMatchObject({ code: 'read-only' });
    expect((await second.library.get(a.clip.id)).title).toBe('A story');
  });
});
