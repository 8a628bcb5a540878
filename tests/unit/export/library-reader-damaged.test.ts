/**
 * The plain-Node reader (`librarySource`, src/export/library-reader.ts) over a Repo, the code
 * `npm run read/export --server` runs: a library from a newer Commonplace, and a root whose
 * entries are damaged or written by another version (another device's data arrives through
 * sync: any value can be there).
 */
import { describe, expect, it } from 'vitest';
import { repoSource } from '../../../src/export/repo-source';
import { writeSite } from '../../../src/export/site';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import { domWindow } from '../export/fixtures';
import { exportToMemory, memorySink } from '../export/helpers';
import { openLibrary, page } from '../library/helpers';

async function smallLibrary() {
  const lib = await openLibrary();
  await lib.library.save(page({ title: 'First', pageUrl: 'https://a.example/1', canonicalUrl: null, html: '<p>One.</p>', text: 'One.' }));
  await lib.library.save(page({ title: 'Second', pageUrl: 'https://a.example/2', canonicalUrl: null, html: '<p>Two.</p>', text: 'Two.' }));
  await lib.library.settled();
  const root = await lib.repo.find<LibraryDoc>(lib.url);
  return { ...lib, root };
}

describe('reading a library from a newer Commonplace', () => {
  it('says the library is from a newer version (update Commonplace), not that it is an older layout to upgrade', async () => {
    const lib = await smallLibrary();
    // Version 3 of the root: a later layout that no longer keeps `catalogs` where version 2 did.
    lib.root.change((d) => {
      d.schemaVersion = 3;
      delete (d as Partial<LibraryDoc>).catalogs;
    });
    const failure = await writeSite(repoSource(lib.repo, lib.url), memorySink(), { window: domWindow() }).then(
      () => 'read it',
      (e: Error) => e.message,
    );
    expect(failure).not.toMatch(/older layout|upgrade it/i);
    expect(failure).toMatch(/newer/i);
  });
});

describe('a root with a damaged or unknown entry', () => {
  it('export still writes the library when a media entry of the root names no document', async () => {
    const lib = await smallLibrary();
    // An entry of `media` without `doc` (damaged, or written by another version).
    lib.root.change((d) => void ((d as { media?: Record<string, unknown> }).media = { AAAAAAAAAAAAAAAAAAAAAA: { device: 'other', createdAt: 5 } }));
    const exported = await exportToMemory(repoSource(lib.repo, lib.url)).then(
      (r) => r.manifest.counts.clips,
      (e: Error) => `failed: ${e.message}`,
    );
    expect(exported).toBe(2);
  });

  it('read still writes every clip when the content entry its article is filed under names no document', async () => {
    const lib = await smallLibrary();
    lib.root.change((d) => {
      for (const entry of Object.values(d.contents)) delete (entry as Partial<typeof entry>).doc;
    });
    const site = memorySink();
    const summary = await writeSite(repoSource(lib.repo, lib.url), site, { window: domWindow() }).then(
      (s) => s,
      (e: Error) => `failed: ${e.message}`,
    );
    // The articles cannot be found; the clips are listed, their pages saying so.
    expect(summary).toEqual({ clips: 2, highlights: 0, notes: 0, tags: 0, missingArticles: 2 });
  });
});
