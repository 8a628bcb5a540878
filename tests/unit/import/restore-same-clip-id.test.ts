/**
 * A clip of a Commonplace export that the library already holds, by its id, is that clip: it is
 * merged into it (a duplicate), never imported beside it as a second copy. Its de-duplication key
 * alone cannot tell: a selection's key is made from its text, and a selection the export holds
 * without its article (it had not arrived on the exporting device) is restored with a one-line
 * stand-in article, so its key came out different and the library got a second copy of the
 * selection, under a new id, holding the stand-in.
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../../src/capture/text';
import { repoSource } from '../../../src/export/repo-source';
import { newHighlightId } from '../../../src/schema/ids';
import { targetIn } from '../export/fixtures';
import { exportToMemory } from '../export/helpers';
import { openLibrary, page } from '../library/helpers';
import { clipsOf, exportWithout, importInto } from './commonplace-helpers';


describe('an exported clip the library holds under the same id', () => {
  it('a selection exported without its article merges into the library’s copy: no second clip', async () => {
    const a = await openLibrary();
    const passage = '<p>The river rises in the hills.</p>';
    const sel = (await a.library.save(page({ kind: 'selection', extractor: 'selection', title: 'A passage', pageUrl: 'https://example.com/rivers', canonicalUrl: null, html: passage, text: textOfHtml(passage) }))).clip.id;
    await a.library.settled();
    const b = await openLibrary();
    expect(await importInto(b, (await exportToMemory(repoSource(a.repo, a.url))).bytes, 'f')).toMatchObject({ state: 'done', imported: 1 });
    // Meanwhile, on A, a highlight and a tag; then an export made before its article arrived there.
    const h = await a.library.highlights.add(sel, { id: newHighlightId(), target: targetIn(passage, 'river rises'), page: null, color: 'green', note: 'from A' });
    await a.library.organise.setTags(sel, ['rivers']);
    await a.library.settled();
    const partial = await exportWithout(a, sel);
    expect(partial.manifest.counts).toMatchObject({ clips: 1, missingArticles: 1 });
    expect(await importInto(b, partial.bytes, 'g')).toMatchObject({ state: 'done', imported: 0, duplicates: 1, failedCount: 0 });
    await b.library.settled();
    const clips = await clipsOf(b.repo, b.url);
    expect(clips.map((c) => c.id)).toEqual([sel]);
    expect(b.library.counts()).toEqual({ live: 1, deleted: 0 });
    // Merged as every duplicate is: the export's tag and the highlight B lacked; B's article stays.
    expect(clips[0]).toMatchObject({ tags: ['rivers'], html: passage });
    expect((await b.library.highlights.list(sel)).map((x) => [x.id, x.note, x.found])).toEqual([[h.id, 'from A', true]]);
  });
});
