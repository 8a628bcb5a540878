import { posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_CSP } from '../../../src/export/html';
import { repoSource } from '../../../src/export/repo-source';
import { writeSite } from '../../../src/export/site';
import { bytesAccess, ZipReader } from '../../../src/export/zip-reader';
import { zipSource } from '../../../src/export/zip-source';
import { domWindow, HOSTILE_TITLE, sampleLibrary } from './fixtures';
import { activeContent, exportToMemory, memorySink, parseHtml } from './helpers';

let lib: Awaited<ReturnType<typeof sampleLibrary>>;
let site: ReturnType<typeof memorySink>;
let summary: Awaited<ReturnType<typeof writeSite>>;

beforeAll(async () => {
  lib = await sampleLibrary();
  const exported = await exportToMemory(repoSource(lib.repo, lib.url));
  // `read --from`: the site of an export, read back from its Automerge binaries.
  const { source } = await zipSource(await ZipReader.open(bytesAccess(exported.bytes)));
  site = memorySink();
  summary = await writeSite(source, site, { window: domWindow() });
});

const page = (path: string) => parseHtml(site.files.get(path)!);

describe('the static site', () => {
  it('writes an index, the lists and one page per clip', () => {
    expect(summary).toEqual({ clips: 3, highlights: 4, notes: 3, tags: 2, missingArticles: 0 });
    const paths = [...site.files.keys()];
    for (const p of ['index.html', 'a-z.html', 'tags.html', 'sites.html', 'highlights.html']) expect(paths).toContain(p);
    expect(paths.filter((p) => p.startsWith('clips/'))).toHaveLength(3);
    expect(paths.filter((p) => p.startsWith('tags/'))).toHaveLength(2);
    const titles = Array.from(page('index.html').querySelectorAll('.list .title')).map((a) => a.textContent);
    expect(titles).toHaveLength(3);
    expect(titles).toContain('Rivers: a "field" guide');
    expect(titles).toContain(HOSTILE_TITLE.replace(/\s+/g, ' '));
    expect(page('index.html').querySelector('.list')!.textContent).toContain('3 highlights · 2 notes · read');
  });

  it('lists each tag and site on its own page', () => {
    const tags = page('tags.html');
    const nature = Array.from(tags.querySelectorAll('a.tag')).find((a) => a.textContent === 'nature (2)')!;
    expect(nature).toBeDefined();
    const tagPage = page(nature.getAttribute('href')!);
    expect(Array.from(tagPage.querySelectorAll('.list .title')).map((a) => a.textContent?.slice(0, 5)).sort()).toEqual(['Long ', 'River']);
    const sites = Array.from(page('sites.html').querySelectorAll('a.tag')).map((a) => a.textContent);
    expect(sites.sort()).toEqual(['Bad <b>site</b> (1)', 'Example (2)']);
  });

  it("shows every clip's article, highlights and notes", () => {
    const riverPath = [...site.files.keys()].find((p) => p.startsWith('clips/') && p.includes('rivers'))!;
    const doc = page(riverPath);
    expect(doc.querySelector('article')!.textContent).toContain('By August the river is slow.');
    expect(Array.from(doc.querySelectorAll('.highlights li .note')).map((n) => n.textContent)).toEqual(['spring\n\n*flood* <b>risk</b>: "high"', 'orphan note']);
    expect(doc.querySelectorAll('article mark').length).toBeGreaterThanOrEqual(2);
    const all = page('highlights.html');
    expect(all.querySelectorAll('.highlights li')).toHaveLength(4);
    expect(all.querySelector('.highlights')!.textContent).toContain('</li><script>alert(5)</script>');
  });

  it('needs no script and no network: CSP on every page, nothing active, every link relative and present', () => {
    for (const [path, html] of site.files) {
      const doc = parseHtml(html);
      expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'), path).toBe(EXPORT_CSP);
      expect(activeContent(doc), path).toEqual([]);
      for (const a of Array.from(doc.querySelectorAll('a[href]'))) {
        const href = a.getAttribute('href')!;
        if (/^https?:/.test(href)) {
          expect(a.getAttribute('rel'), `${path}: ${href}`).toContain('noopener');
          continue;
        }
        const [file, hash] = href.split('#');
        const target = file ? posix.normalize(posix.join(posix.dirname(path), file)) : path;
        expect(site.files.has(target), `${path} links to ${href}`).toBe(true);
        if (hash) expect(parseHtml(site.files.get(target)!).getElementById(hash), `${path} links to ${href}`).not.toBeNull();
      }
    }
  });
});
