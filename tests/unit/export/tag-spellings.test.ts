/**
 * Two devices that add one tag in two spellings at once ("Work" and "work") leave both keys in a
 * clip's tag map; the library shows, counts and removes them as one tag (`distinctTags`, its first
 * spelling). The exports read the same entry: they listed both spellings, so the Markdown, the
 * clip's page and the `read` site (two tag pages, a tag count one too high) showed a tag twice
 * that the extension shows once.
 */
import { describe, expect, it } from 'vitest';
import { repoSource } from '../../../src/export/repo-source';
import { writeSite } from '../../../src/export/site';
import { catalogOf, domWindow } from './fixtures';
import { exportToMemory, memorySink, parseHtml, splitMarkdown } from './helpers';
import { openLibrary, page } from '../library/helpers';

describe('a clip holding one tag in two spellings', () => {
  it('is exported with the tag once, as the library shows it', async () => {
    const lib = await openLibrary();
    const id = (await lib.library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null }))).clip.id;
    await lib.library.settled();
    (await catalogOf(lib, id)).change((d) => void (d.clips[id]!.tags = { work: true, Work: true, 'Café': true, cafe: true, other: true }));
    await lib.library.settled();
    const shown = (await lib.library.get(id)).tags;
    expect(shown).toHaveLength(3);
    const exported = await exportToMemory(repoSource(lib.repo, lib.url));
    const md = Object.keys(exported.files).find((f) => f.endsWith('.md') && f.startsWith('clips/'))!;
    expect(splitMarkdown(exported.text(md)).meta.tags).toEqual(shown);
    const html = Object.keys(exported.files).find((f) => f.endsWith('.html') && f.startsWith('clips/'))!;
    expect(Array.from(parseHtml(exported.text(html)).querySelectorAll('.tag')).map((t) => t.textContent)).toEqual(shown);
    const site = memorySink();
    const summary = await writeSite(repoSource(lib.repo, lib.url), site, { window: domWindow() });
    expect(summary.tags).toBe(3);
    expect([...site.files.keys()].filter((p) => p.startsWith('tags/'))).toHaveLength(3);
  });

  it('two clips tagged in two spellings: the `read` site has one page for the tag, listing both, linked from both', async () => {
    const lib = await openLibrary();
    const one = (await lib.library.save(page({ title: 'One', pageUrl: 'https://example.com/1', canonicalUrl: null }))).clip.id;
    const two = (await lib.library.save(page({ title: 'Two', pageUrl: 'https://example.com/2', canonicalUrl: null }))).clip.id;
    await lib.library.settled();
    (await catalogOf(lib, one)).change((d) => void (d.clips[one]!.tags = { Work: true }));
    (await catalogOf(lib, two)).change((d) => void (d.clips[two]!.tags = { '#work': true }));
    await lib.library.settled();
    // The library: one tag, on two clips.
    expect(lib.library.organise.facets().tags.map((t) => t.count)).toEqual([2]);
    const site = memorySink();
    const summary = await writeSite(repoSource(lib.repo, lib.url), site, { window: domWindow() });
    expect(summary.tags).toBe(1);
    const pages = [...site.files.keys()].filter((p) => p.startsWith('tags/'));
    expect(pages).toHaveLength(1);
    const listed = Array.from(parseHtml(site.files.get('tags.html')!).querySelectorAll('a.tag'));
    expect(listed.map((a) => a.getAttribute('href'))).toEqual([pages[0]]);
    expect(listed[0]!.textContent).toMatch(/^(Work|#work) \(2\)$/);
    expect(Array.from(parseHtml(site.files.get(pages[0]!)!).querySelectorAll('.list .title')).map((a) => a.textContent).sort()).toEqual(['One', 'Two']);
    for (const p of [...site.files.keys()].filter((f) => f.startsWith('clips/'))) {
      expect(Array.from(parseHtml(site.files.get(p)!).querySelectorAll('a.tag')).map((a) => a.getAttribute('href'))).toEqual([`../${pages[0]}`]);
    }
  });

  it('the `read` site names a tag in the spelling the library shows, whichever clip it reads first', async () => {
    for (const [a, b] of [['work', 'Work'], ['Work', 'work']] as const) {
      const lib = await openLibrary();
      const one = (await lib.library.save(page({ title: 'One', pageUrl: 'https://example.com/1', canonicalUrl: null }))).clip.id;
      const two = (await lib.library.save(page({ title: 'Two', pageUrl: 'https://example.com/2', canonicalUrl: null }))).clip.id;
      await lib.library.settled();
      (await catalogOf(lib, one)).change((d) => void (d.clips[one]!.tags = { [a]: true }));
      (await catalogOf(lib, two)).change((d) => void (d.clips[two]!.tags = { [b]: true }));
      await lib.library.settled();
      const shown = lib.library.organise.facets().tags.map((t) => t.tag);
      expect(shown).toEqual(['Work']);
      const site = memorySink();
      await writeSite(repoSource(lib.repo, lib.url), site, { window: domWindow() });
      expect(Array.from(parseHtml(site.files.get('tags.html')!).querySelectorAll('a.tag')).map((t) => t.textContent)).toEqual(['Work (2)']);
    }
  });
});
