/**
 * Found in a review: the stand-in sentences were written in three places (src/import/to-capture.ts
 * and src/import/restore-item.ts wrote them, src/library/stand-in.ts recognised them by patterns
 * of its own), so rewording one copy would have made the library stop recognising new stand-ins
 * (or old ones). Now src/library/stand-in.ts holds the words once: the writers and the recogniser
 * are made from them. The sentences are the schema (docs/schema.md, "Stand-in articles"): this
 * test pins them character by character, and checks that what the writers write is recognised.
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import type { ExportClip } from '../../../src/export/types';
import type { ImportItem } from '../../../src/import/import-item';
import { restoreItem } from '../../../src/import/restore-item';
import { linkPage, sourceName } from '../../../src/import/to-capture';
import type { ImportFormat } from '../../../src/import/types';
import * as standIn from '../../../src/library/stand-in';
import { isStandIn, LINK_STAND_IN } from '../../../src/library/stand-in';
import { codeFiles, read } from '../conventions/repo';

/** The sentences as libraries hold them: never to change (docs/schema.md). */
const SCHEMA = {
  link: (source: string) => `Imported from ${source}. The article was not fetched: open the original.`,
  noCopy: (source: string) => `Imported from ${source}, which kept no copy of it; it has no web address of its own.`,
  notExported: "This clip's article was not in the Commonplace export it was imported from. Open the original.",
};
const FORMATS: ImportFormat[] = ['pocket-csv', 'pocket-html', 'omnivore', 'bookmarks-html', 'commonplace'];
const item = (over: Partial<ImportItem> = {}): ImportItem => ({ url: 'https://example.com/a?b=1&c="2"', title: 'A', savedAt: 1, tags: [], state: 'unread', highlights: [], ...over });
const clip: ExportClip = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA', kind: 'page', url: 'https://x.example/a', pageUrl: 'https://x.example/a', canonicalUrl: null, title: 'A', byline: null, siteName: null,
  lang: null, dir: null, publishedTime: null, excerpt: null, savedAt: 10, capturedAt: 20, readAt: null, archivedAt: null, favoriteAt: null, note: '', tags: [], wordCount: 0, extractor: 'readability',
  highlights: [], stored: { catalog: '', content: null, rev: '' }, html: null, media: null, images: [], snapshot: null,
};

describe('stand-in sentences', () => {
  it('each importer writes, word for word, the sentence the schema names, and the recogniser knows it', async () => {
    for (const format of FORMATS) {
      const link = linkPage(item(), format);
      expect(link.text).toBe(SCHEMA.link(sourceName(format)));
      expect(link.html).toContain('href="https://example.com/a?b=1&amp;c=&quot;2&quot;"');
      expect(isStandIn(link.extractor, link.text)).toBe(true);
      expect(LINK_STAND_IN.test(link.text)).toBe(true);
      const none = linkPage(item({ placeholderUrl: true }), format);
      expect(none.text).toBe(SCHEMA.noCopy(sourceName(format)));
      expect(isStandIn(none.extractor, none.text)).toBe(true);
      expect(LINK_STAND_IN.test(none.text)).toBe(false);
    }
    const restored = await restoreItem(clip, async (html) => html);
    if (!restored.ok) throw new Error(restored.error.message);
    expect(restored.value.page.text).toBe(SCHEMA.notExported);
    expect(isStandIn(restored.value.page.extractor, restored.value.page.text)).toBe(true);
  });

  it('are written and recognised from one module, whose patterns are the ones older libraries were read with', () => {
    expect(textOfHtml(standIn.linkStandInHtml('Pocket', 'https://e.example/'))).toBe(SCHEMA.link('Pocket'));
    expect(textOfHtml(standIn.noCopyStandInHtml('Omnivore'))).toBe(SCHEMA.noCopy('Omnivore'));
    expect(textOfHtml(standIn.notExportedStandInHtml('https://e.example/'))).toBe(SCHEMA.notExported);
    // The pattern the link fetch and every earlier version used, unchanged to the character.
    expect(LINK_STAND_IN.source).toBe(String.raw`^Imported from [^\n]{1,80}\. The article was not fetched: open the original\.$`);
    // Texts older libraries hold (a source name no importer writes today included) are still stand-ins; a reworded one is not.
    for (const t of [SCHEMA.link('Instapaper'), SCHEMA.noCopy('Omnivore'), SCHEMA.notExported, ` ${SCHEMA.link('your bookmarks')}\n`]) expect(isStandIn('text', t)).toBe(true);
    for (const t of ['Imported from Pocket. The article was not fetched: open the original', SCHEMA.notExported.replace('Open', 'open'), SCHEMA.link('a\nb')]) expect(isStandIn('text', t)).toBe(false);
    expect(isStandIn('readability', SCHEMA.link('Pocket'))).toBe(false);
  });

  it('no other source file spells the sentences out', () => {
    const words = ['The article was not fetched', 'which kept no copy of it', 'was not in the Commonplace export'];
    const copies = codeFiles('src', 'extension', 'entrypoints').filter((f) => f !== 'src/library/stand-in.ts' && words.some((w) => read(f).includes(w)));
    expect(copies).toEqual([]);
    for (const w of words) expect(read('src/library/stand-in.ts')).toContain(w);
  });
});
