/**
 * Saved views and the tags they name (src/library/saved-views.ts), each a bug: a tag renamed or
 * merged in the Tags view left a `tag:` term typed in a view's query asking for the old tag (the
 * view then listed nothing); a stored view whose tag filter is only whitespace showed an empty
 * "(0)" list instead of being counted unreadable like the tag ''.
 */
import * as A from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import type { ViewId } from '../../../src/schema/ids';
import { isViewSpec } from '../../../src/schema/view-spec-guard';
import { openLibrary, page } from './helpers';
import { rootOf, spec } from './views-helpers';

async function tagged(tags: string[]) {
  const lib = await openLibrary();
  const saved = await lib.library.save(page());
  await lib.library.organise.setTags(saved.clip.id, tags);
  return lib;
}

describe('saved views follow a renamed tag typed in their words', () => {
  it('a rename rewrites tag: terms in the query (quoted when the new name has a space), and keeps the rest', async () => {
    const { library } = await tagged(['work', 'rust']);
    const typed = await library.views.save({ name: 'Rust at work', spec: spec({ query: 'rust tag:work', tag: null }) });
    const both = await library.views.save({ name: 'Both', spec: spec({ query: 'TAG:Work is:favorite', tag: 'work' }) });
    const other = await library.views.save({ name: 'Other', spec: spec({ query: 'work tag:rust', tag: null }) });
    await library.organise.renameTag('work', 'day job');
    const views = new Map(library.views.list().views.map((v) => [v.id, v.spec]));
    expect(views.get(typed.id)).toEqual(spec({ query: 'rust tag:"day job"', tag: null }));
    expect(views.get(both.id)).toEqual(spec({ query: 'TAG:"day job" is:favorite', tag: 'day job' }));
    expect(views.get(other.id)).toEqual(spec({ query: 'work tag:rust', tag: null }));
  });

  it('a merge into a tag that exists takes the spelling there; a deleted tag leaves its views as they were (documented)', async () => {
    const { library } = await tagged(['work', 'Job']);
    const v = await library.views.save({ name: 'Work', spec: spec({ query: 'tag:work', tag: null }) });
    expect(await library.organise.renameTag('work', 'job')).toMatchObject({ tag: 'Job' });
    expect(library.views.list().views.find((x) => x.id === v.id)!.spec.query).toBe('tag:Job');
    await library.organise.deleteTag('Job');
    expect(library.views.list().views.find((x) => x.id === v.id)!.spec.query).toBe('tag:Job');
  });
});

describe('a saved view whose tag filter is no tag', () => {
  it('counts a stored view whose tag is only whitespace (or invisible) as unreadable, as the tag ""', async () => {
    const { library } = await openLibrary();
    const ok = await library.views.save({ name: 'Fine', spec: spec({ tag: 'work' }) });
    rootOf(library).update((d) =>
      A.change(d, (doc) => {
        const views = doc.views as unknown as Record<string, unknown>;
        const copy = (name: string, tag: string) => ({ ...JSON.parse(JSON.stringify(doc.views![ok.id])), name, tag });
        views['DDDDDDDDDDDDDDDDDDDDDD'] = copy('Spaces', '   ');
        views['EEEEEEEEEEEEEEEEEEEEEE'] = copy('Invisible', '\u200b\n\t');
        views['FFFFFFFFFFFFFFFFFFFFFF'] = copy('Hashes', ' # ');
      }),
    );
    expect(library.views.list()).toMatchObject({ views: [{ name: 'Fine', spec: { tag: 'work' } }], unreadable: 3 });
    // The side panel's cached views (first paint) are checked by the same rule.
    expect(isViewSpec(spec({ tag: ' ' }))).toBe(false);
    expect(isViewSpec(spec({ tag: ' work ' }))).toBe(true);
  });

  it('refuses to save such a view instead of storing one no reader can show', async () => {
    const { library } = await openLibrary();
    await expect(library.views.save({ name: 'Blank', spec: spec({ tag: '  ' }) })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(library.views.save({ viewId: 'GGGGGGGGGGGGGGGGGGGGGG' as ViewId, name: 'Blank', spec: spec({ tag: '\u200b' }) })).rejects.toMatchObject({ code: 'bad-request' });
    expect(library.views.list()).toMatchObject({ views: [], unreadable: 0 });
  });
});
