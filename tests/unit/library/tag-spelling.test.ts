/**
 * The spelling shown for a tag two devices spelled differently ("Work" and "work"), each one tag:
 * it was the first met in the catalogs' map order, which after a merge depends on which device's
 * changes were applied first (measured: automerge lists a merged map's keys in the order they
 * arrived), so two devices of one library showed the tag list with different labels.
 */
import { describe, expect, it } from 'vitest';
import type { ClipId } from '../../../src/schema/ids';
import { carryCatalogs, openLibrary, page } from './helpers';
import { twoDevices } from './views-helpers';

describe('a tag spelled differently on two devices', () => {
  it('is shown with the same spelling on both once their catalogs merged, whichever merged first', async () => {
    const ids: ClipId[] = [];
    const { a, b } = await twoDevices(async (lib) => {
      for (let i = 0; i < 3; i++) ids.push((await lib.library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null, title: `Clip ${i}` }))).clip.id);
    });
    await b.library.settled();
    // Offline, each device adds the tag in its own spelling (setTags without a base keeps one spelling per clip).
    for (const id of ids) await a.library.organise.setTags(id, ['work', 'rust'], []);
    for (const id of ids) await b.library.organise.setTags(id, ['Work', 'Rust'], []);
    // A applies B's changes to its own; B applies A's to its own: the same merged documents.
    carryCatalogs(b.library, a.library);
    carryCatalogs(a.library, b.library);
    const shown = (lib: typeof a) => lib.library.organise.facets().tags.map((t) => `${t.tag} ${t.count}`);
    expect(shown(a)).toEqual(shown(b));
    // The defined choice: the first spelling in code-unit order, as a clip's row lists its tags.
    expect(shown(a)).toEqual(['Rust 3', 'Work 3']);
  });

  it('a tag merged into one spelled two ways takes the spelling the tag list shows, not the first met', async () => {
    // The first met was the first in the catalogs' order (clips spread over them by id): with one
    // "Beta" among six "beta", it was "beta" in most libraries; twice, so that a lucky order cannot pass.
    for (let round = 0; round < 2; round++) {
      const a = await openLibrary();
      const ids: ClipId[] = [];
      for (let i = 0; i < 8; i++) ids.push((await a.library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null, title: `Clip ${i}` }))).clip.id);
      for (const [i, id] of ids.entries()) await a.library.organise.setTags(id, [i === 0 ? 'alpha' : i === 1 ? 'Beta' : 'beta'], []);
      expect(a.library.organise.facets().tags.map((t) => t.tag)).toEqual(['Beta', 'alpha']);
      expect(await a.library.organise.renameTag('alpha', 'BETA')).toMatchObject({ tag: 'Beta' });
      expect(a.library.organise.facets().tags.map((t) => `${t.tag} ${t.count}`)).toEqual(['Beta 8']);
    }
  });
});
