import * as A from '@automerge/automerge/slim';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_CSP } from '../../../src/export/html';
import type { ExportManifest } from '../../../src/export/layout';
import { repoSource } from '../../../src/export/repo-source';
import { fromStored } from '../../../src/library/highlights';
import type { CatalogDocV1 } from '../../../src/schema/catalog-doc';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import { catalogOf, HOSTILE_TITLE, sampleLibrary } from './fixtures';
import { activeContent, exportToMemory, parseHtml, splitMarkdown } from './helpers';

type Sample = Awaited<ReturnType<typeof sampleLibrary>>;
let lib: Sample;
let out: Awaited<ReturnType<typeof exportToMemory>>;
const fileOf = (m: ExportManifest, id: string) => m.clips.find((c) => c.id === id)!;

beforeAll(async () => {
  lib = await sampleLibrary();
  out = await exportToMemory(repoSource(lib.repo, lib.url));
});

describe('the export zip', () => {
  it('holds the README, the manifest, three files per clip with highlights and every document', () => {
    const names = Object.keys(out.files).sort();
    expect(names).toContain('README.md');
    expect(names).toContain('manifest.json');
    const m = out.manifest;
    expect(JSON.parse(out.text('manifest.json'))).toEqual(m);
    expect(m).toMatchObject({ format: 'commonplace-export', formatVersion: 1, exportedAt: '2026-01-02T03:04:05.000Z', library: { url: lib.url, schemaVersion: 2 }, selection: false, documents: 'all' });
    expect(m.counts).toEqual({ clips: 3, highlights: 4, notes: 3, missingArticles: 0, images: 0, snapshots: 0, unlisted: 1, documents: 18 });
    expect(m.clips.map((c) => c.id).sort()).toEqual([lib.clips.river.id, lib.clips.hostile.id, lib.clips.long.id].sort());
    for (const c of m.clips) {
      expect(names).toContain(c.markdown);
      expect(names).toContain(c.html);
      if (c.annotations) expect(names).toContain(c.annotations);
    }
    expect(fileOf(m, lib.clips.long.id).annotations).toBeNull();
    // Nothing of the deleted clip but its entry in its catalog's binary.
    expect(names.filter((n) => !n.startsWith('automerge/') && out.text(n).includes('Deleted one'))).toEqual([]);
    const expected = 3 * 2 + 2 + 18 + 2;
    expect(names).toHaveLength(expected);
    expect(out.text('README.md')).toContain(lib.url);
  });

  it('arrives as a stream of many chunks, not one buffer', () => {
    expect(out.chunks).toBeGreaterThan(20);
  });

  it('writes front matter a YAML parser reads back exactly', () => {
    const { meta, body } = splitMarkdown(out.text(fileOf(out.manifest, lib.clips.river.id).markdown));
    expect(meta).toEqual({
      title: 'Rivers: a "field" guide',
      url: 'https://example.com/rivers',
      page_url: 'https://example.com/rivers',
      author: 'Ada',
      site: 'Example',
      published: '2026-01-02T03:04:05Z',
      saved: new Date(lib.clips.river.savedAt).toISOString(),
      captured: new Date(lib.clips.river.capturedAt).toISOString(),
      state: 'read',
      read_at: expect.any(String),
      archived_at: null,
      favorite: false,
      tags: ['a/b: c', 'nature'],
      highlights: 3,
      words: lib.clips.river.wordCount,
      kind: 'page',
      lang: 'en',
      id: lib.clips.river.id,
    });
    expect(body).toContain('# Rivers: a "field" guide');
    expect(body).toContain('| Month | Flow |\n| --- | --- |\n| May | High |');
    expect(body).toContain('In spring the water runs _fast and cold_, and the mill wheel turns all day.');
    expect(body).toContain('> the water runs fast and cold\n>\n> — green highlight');
    expect(body).toContain('**Note:** spring\n\n\\*flood\\* \\<b>risk\\</b>: "high"');
    expect(body).toContain('> Contact us\n>\n> — pink highlight · 1970-01-01 · not found in the saved copy');
    const long = splitMarkdown(out.text(fileOf(out.manifest, lib.clips.long.id).markdown)).meta;
    expect(long).toMatchObject({ state: 'archived', archived_at: '1970-01-01T00:00:05.000Z', tags: ['nature'], highlights: 0 });
  });

  it('neutralises hostile titles and HTML in every file', () => {
    const c = fileOf(out.manifest, lib.clips.hostile.id);
    for (const name of [c.markdown, c.html, c.annotations!]) {
      expect(name).toMatch(/^(clips|annotations)\/1970-01-01-[\p{L}\p{N}-]+-[0-9a-z]{7}\.(md|html|jsonld)$/u);
      expect(name).not.toContain('..');
    }
    const { meta, body } = splitMarkdown(out.text(c.markdown));
    expect(meta.title).toBe(HOSTILE_TITLE);
    expect(meta.evil).toBeUndefined();
    expect(body).not.toMatch(/(?<!\\)<(script|iframe|img)|javascript:|onerror/i);
    expect(body).toContain('Before \\<script>alert("text")\\</script> after.');
    expect(body).toContain('\\*not emphasis\\* \\&amp; # not a heading');
    const doc = parseHtml(out.text(c.html));
    expect(activeContent(doc)).toEqual([]);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe(EXPORT_CSP);
    expect(doc.querySelector('h1')!.textContent).toBe(HOSTILE_TITLE);
    expect(doc.querySelector('.note')!.textContent).toBe('</li><script>alert(5)</script>');
    expect(doc.querySelector('article a[href="https://ok.example/"]')).not.toBeNull();
  });

  it('gives the JSON-LD annotations exactly the stored selectors, colours and notes', async () => {
    const catalog = (await catalogOf(lib, lib.clips.river.id)).doc();
    const stored = catalog.clips[lib.clips.river.id]!.highlights;
    const jsonld = JSON.parse(out.text(fileOf(out.manifest, lib.clips.river.id).annotations!));
    expect(jsonld).toMatchObject({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 3 });
    const items = jsonld.first.items as Array<Record<string, any>>;
    expect(items).toHaveLength(3);
    for (const [i, h] of [lib.highlights.h1, lib.highlights.h2, lib.highlights.h3].entries()) {
      const a = items[i]!;
      expect(a.id).toBe(`urn:commonplace:highlight:${lib.clips.river.id}:${h.id}`);
      expect(a.type).toBe('Annotation');
      expect(a.body).toContainEqual({ type: 'TextualBody', purpose: 'classifying', value: h.color });
      if (h.note) expect(a.body).toContainEqual({ type: 'TextualBody', purpose: 'commenting', format: 'text/plain', value: h.note });
      const s = stored[h.id]!;
      const targets = [fromStored(s.target), fromStored(s.page)].filter((t) => t !== null);
      expect(a.target).toHaveLength(targets.length);
      targets.forEach((t, k) => {
        expect(a.target[k].styleClass).toBe(`cp-${h.color}`);
        expect(a.target[k].selector).toEqual([t!.quote, t!.position, ...(t!.range ? [t!.range] : [])]);
      });
    }
    // The live-page target keeps its XPath range, to the character.
    expect(items[1]!.target[1].selector[2]).toEqual({ type: 'RangeSelector', startContainer: '/p[2]', startOffset: 52, endContainer: '/p[2]', endOffset: 80 });
    expect(items[0]!.target[0].state).toEqual({ type: 'TimeState', sourceDate: new Date(lib.clips.river.capturedAt).toISOString(), cached: fileOf(out.manifest, lib.clips.river.id).html });
  });

  it('marks the highlights in the HTML page and lists every one with its note', () => {
    const doc = parseHtml(out.text(fileOf(out.manifest, lib.clips.river.id).html));
    const marks = Array.from(doc.querySelectorAll('article mark'));
    expect(marks.filter((m) => m.className === 'cp-green').map((m) => m.textContent).join('')).toBe('the water runs fast and cold');
    expect(doc.querySelector('#hl-2')!.textContent).toBe('the mill wheel turns all day');
    const items = Array.from(doc.querySelectorAll('.highlights li'));
    expect(items.map((li) => li.querySelector('blockquote')!.textContent)).toEqual(['the water runs fast and cold', 'the mill wheel turns all day', 'Contact us']);
    expect(items[0]!.querySelector('.note')!.textContent).toBe('spring\n\n*flood* <b>risk</b>: "high"');
    expect(items[2]!.textContent).toContain('not in the saved article');
    expect(activeContent(doc)).toEqual([]);
  });

  it("holds every document's binary, which loads and equals the document", async () => {
    const root = (await lib.repo.find<LibraryDoc>(lib.url)).doc();
    const urls = [lib.url, ...Object.values(root.catalogs), ...Object.values(root.contents).map((c) => c.doc)];
    expect(out.manifest.documentFiles.map((d) => d.url).sort()).toEqual([...urls].sort());
    for (const d of out.manifest.documentFiles) {
      const loaded = A.load<unknown>(out.files[d.file]!);
      const live = (await lib.repo.find<unknown>(d.url as never)).doc();
      expect(A.getHeads(loaded)).toEqual(A.getHeads(live as A.Doc<unknown>));
      expect(A.toJS(loaded)).toEqual(A.toJS(live as A.Doc<unknown>));
    }
    const catalogs = out.manifest.documentFiles.filter((d) => d.kind === 'catalog');
    expect(catalogs).toHaveLength(16);
    const deleted = catalogs.map((d) => A.load<CatalogDocV1>(out.files[d.file]!)).find((c) => c.clips[lib.clips.gone.id]);
    expect(deleted?.clips[lib.clips.gone.id]?.deletedAt).not.toBeNull();
  });
});

describe('exporting a selection', () => {
  it('writes only the selected clips and, by default, no document', async () => {
    const sel = await exportToMemory(repoSource(lib.repo, lib.url), { select: (c) => c.tags.includes('nature') });
    expect(sel.manifest).toMatchObject({ selection: true, documents: 'none', counts: { clips: 2, documents: 0 } });
    expect(Object.keys(sel.files).filter((f) => f.startsWith('automerge/'))).toEqual([]);
    expect(sel.text('README.md')).toContain('without its Automerge documents');
  });

  it("with documents: 'touched', writes the root and the selected clips' documents only", async () => {
    const sel = await exportToMemory(repoSource(lib.repo, lib.url), { select: (c) => c.id === lib.clips.long.id, documents: 'touched' });
    expect(sel.manifest.documentFiles.map((d) => d.kind).sort()).toEqual(['catalog', 'content', 'root']);
  });
});
