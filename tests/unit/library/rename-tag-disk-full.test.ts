/**
 * Found hunting full-disk bugs: renaming a tag wrote its clips in one batch, then the saved views
 * of the tag in a second one. When the disk filled in between, the rename was reported as failed
 * ("no room left… Nothing was half-saved") though every clip was renamed for good, and a browser
 * closed before the next write kept views asking for the old tag, which no clip has any more: they
 * listed nothing. Trying the rename again did not mend them (no clip has the old tag: nothing is
 * written). Now the clips and the views are written in one batch: both, or neither.
 */
import { describe, expect, it } from 'vitest';
import { toAppError } from '../../../src/util/result';
import { openLibrary, page } from './helpers';
import { spec } from './views-helpers';

describe('renaming a tag when the disk fills', () => {
  it('writes the clips and the views of the tag together: both or neither', async () => {
    const lib = await openLibrary();
    const a = await lib.library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null }));
    await lib.library.organise.setTags(a.clip.id, ['work']);
    const view = await lib.library.views.save({ name: 'Work', spec: spec({ query: 'tag:work', tag: 'work' }) });
    await lib.library.settled();
    // The disk is full from the moment the first batch of the rename lands.
    let armed = true;
    lib.library.onLocalChange(() => {
      if (armed) lib.storage.failCommits = new Error('QuotaExceededError');
      armed = false;
    });
    const renamed = await lib.library.organise.renameTag('work', 'job').then(
      () => true,
      () => false,
    );
    const after = await lib.crash();
    const tags = (await after.library.get(a.clip.id)).tags;
    const stored = after.library.views.list().views.find((v) => v.id === view.id)!.spec;
    if (renamed) {
      expect(tags).toEqual(['job']);
      expect(stored).toMatchObject({ query: 'tag:job', tag: 'job' });
    } else {
      expect(tags).toEqual(['work']);
      expect(stored).toMatchObject({ query: 'tag:work', tag: 'work' });
    }
  });

  it('a disk full before the rename: refused, saying to free space, and nothing of it stored', async () => {
    const lib = await openLibrary();
    const a = await lib.library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null }));
    await lib.library.organise.setTags(a.clip.id, ['work']);
    const view = await lib.library.views.save({ name: 'Work', spec: spec({ query: 'tag:work', tag: 'work' }) });
    await lib.library.settled();
    // Nothing lands any more: neither our batches nor automerge-repo's own throttled saves (which a full disk refuses too).
    lib.stall();
    lib.storage.failCommits = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const refused = await lib.library.organise.renameTag('work', 'job').then(() => null, (e: unknown) => toAppError(e));
    expect(refused).toMatchObject({ code: 'storage-full', message: expect.stringMatching(/Free disk space/) });
    const after = await lib.crash();
    expect((await after.library.get(a.clip.id)).tags).toEqual(['work']);
    expect(after.library.views.list().views.find((v) => v.id === view.id)!.spec).toMatchObject({ query: 'tag:work', tag: 'work' });
  });
});
