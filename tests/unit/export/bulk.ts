/**
 * A large library built straight into documents (the layout of docs/schema.md), fast: root,
 * 16 catalogs and content documents of 100 articles, every tenth clip with a highlight.
 * Saving thousands of clips through the library would test the library, not the export.
 */
import { Repo } from '@automerge/automerge-repo/slim';
import { describeText } from '../../../src/anchoring/anchor';
import { textOfHtml } from '../../../src/capture/text';
import { imm } from '../../../src/library/catalogs';
import { newEntry } from '../../../src/library/clip-record';
import { deflateText } from '../../../src/library/compress';
import { toStored } from '../../../src/library/highlights';
import { CATALOG_SLOTS, catalogSlot, type CatalogDocV1 } from '../../../src/schema/catalog-doc';
import type { ContentDocV1 } from '../../../src/schema/content-doc';
import { newClipId, newContentShardId, newHighlightId, type DocUrl } from '../../../src/schema/ids';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import { page } from '../library/helpers';

/** An article of about `kb` KB: numbered paragraphs, so each differs. */
export function article(i: number, kb: number): string {
  const para = (n: number) => `<p>Clip ${i}, paragraph ${n}: the river rises in the hills above the town, and in spring the water runs fast and cold past the mill.</p>`;
  return Array.from({ length: Math.max(1, Math.round((kb * 1024) / 140)) }, (_, n) => para(n)).join('');
}

/** A library of `n` clips in `repo` (a fresh in-memory one by default); returns its root URL. */
export async function bulkLibrary(n: number, kb = 4, repo = new Repo({ network: [] })): Promise<{ repo: Repo; url: DocUrl }> {
  const catalogs = Array.from({ length: CATALOG_SLOTS }, (_, slot) => {
    const h = repo.create<CatalogDocV1>();
    h.change((d) => Object.assign(d, { schema: 'commonplace/catalog', schemaVersion: 1, slot, clips: {} }));
    return h;
  });
  const root = repo.create<LibraryDoc>();
  root.change((d) => {
    Object.assign(d, { schema: 'commonplace/library', schemaVersion: 2, createdAt: 1, catalogs: {}, contents: {} });
    catalogs.forEach((c, slot) => void (d.catalogs[String(slot)] = c.url as DocUrl));
  });
  for (let start = 0; start < n; start += 100) {
    const shard = newContentShardId();
    const content = repo.create<ContentDocV1>();
    const items: ContentDocV1['items'] = {};
    const entries = [];
    for (let i = start; i < Math.min(n, start + 100); i++) {
      const id = newClipId();
      const html = article(i, kb);
      const rev = `rev-${i}`;
      items[rev] = { clip: id, html: await deflateText(html), bytes: html.length, at: i };
      const p = page({ pageUrl: `https://bulk.example/${i}`, canonicalUrl: null, title: `Clip ${i}`, html, text: textOfHtml(html) });
      const e = newEntry(id, p, { url: p.pageUrl, pageUrl: p.pageUrl, key: p.pageUrl }, 1_700_000_000_000 + i * 1000, { shard, rev, bytes: html.length });
      if (i % 10 === 0) {
        const text = textOfHtml(html);
        const at = text.indexOf('the water runs fast');
        const d = describeText(text, at, at + 'the water runs fast and cold'.length);
        if (!d.ok) throw new Error(d.error.message);
        const hid = newHighlightId();
        e.highlights[hid] = { v: 1, id: hid, color: imm('yellow'), note: `note ${i}`, createdAt: i, updatedAt: i, deletedAt: null, target: toStored({ ...d.value, range: null }), page: null };
      }
      entries.push(e);
    }
    content.change((d) => Object.assign(d, { schema: 'commonplace/content', schemaVersion: 1, device: 'bulk', createdAt: start, items }));
    root.change((d) => void (d.contents[shard] = { doc: content.url as DocUrl, device: 'bulk', createdAt: start }));
    for (const e of entries) catalogs[catalogSlot(e.id)]!.change((d) => void (d.clips[e.id] = e));
  }
  return { repo, url: root.url as DocUrl };
}
