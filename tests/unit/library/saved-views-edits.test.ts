/**
 * Saved views edited across devices and calls (src/library/saved-views.ts), each a bug found in
 * review: a rename no longer brings back a view deleted elsewhere; a call sent twice with the
 * panel's id saves one view; a renamed tag takes its views along; and a write dated before the
 * version it replaces (another device's clock ahead) is not undone by it.
 */
import * as A from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { createClient, createServer, type Envelope } from '../../../src/protocol/rpc';
import { uiToBackground } from '../../../src/protocol/protocol';
import { openLibrary, page } from './helpers';
import { carryRoot, rootOf, settle, spec, twoDevices } from './views-helpers';

describe('saved views: edits across devices and calls', () => {
  it('a rename of a view already deleted on another device is refused, not a silent undelete', async () => {
    const { a, b } = await twoDevices();
    const v = await a.library.views.save({ name: 'Work', spec: spec() });
    carryRoot(a.library, b.library);
    // B deletes it; sync brings the deletion to A, whose panel still had the rename form open.
    await b.library.views.remove(v.id);
    carryRoot(b.library, a.library);
    expect(a.library.views.list().views).toEqual([]);
    // A rename carries no spec (SavedViews.tsx: save(name, undefined, id)). The refusal the code
    // has for this case ("it may have been deleted on another device") is never reached.
    await expect(a.library.views.save({ viewId: v.id, name: 'Work reading' })).rejects.toMatchObject({ code: 'not-found' });
    expect(a.library.views.list().views).toEqual([]);
  });

  it('a re-sent saveView (the worker stopped after writing, before answering) makes one view, not two', async () => {
    const { library } = await openLibrary();
    const server = createServer('background', uiToBackground, { saveView: async (req: never) => ({ view: await library.views.save(req) }) } as never, () => true);
    let sends = 0;
    // The first delivery is handled (written, durable), then the port closes before the answer: the client retries (rpc.ts).
    const send = async (e: Envelope) => {
      const answer = await server.handle(e, {});
      if (sends++ === 0) throw new Error('The message port closed before a response was received.');
      return answer;
    };
    const client = createClient('background', uiToBackground, send, { retryDelayMs: 0 });
    // The panel names a new view's id (use-saved-views.ts), so the call sent again saves the same view.
    const res = await client('saveView', { viewId: 'v0000000000000000000001' as never, name: 'Long reads', spec: spec() });
    expect(res.ok).toBe(true);
    expect(library.views.list().views.map((v) => v.name)).toEqual(['Long reads']);
  });

  it('renaming a tag in the Tags view keeps the saved views of that tag pointing at it', async () => {
    const { library } = await openLibrary();
    const saved = await library.save(page());
    await library.organise.setTags(saved.clip.id, ['work']);
    const v = await library.views.save({ name: 'Work', spec: spec({ query: '', state: 'all', tag: 'work' }) });
    await library.organise.renameTag('work', 'job');
    // The view now asks for a tag no clip has: its chip says 0 and it shows an empty list.
    expect(library.views.list().views.find((x) => x.id === v.id)!.spec.tag).toBe('job');
  });

  it('two devices made the views map at once; a later rename and delete on the device whose clock is behind are not undone', async () => {
    // Which of the two maps Automerge shows depends on the actors' ids: set up until B's map is the hidden one.
    let devices: Awaited<ReturnType<typeof twoDevices>> | null = null;
    for (let i = 0; i < 20 && !devices; i++) {
      const d = await twoDevices(async (lib) => {
        // A root written before saved views: both devices make the map offline (map-conflicts.ts).
        rootOf(lib.library).update((doc) => A.change(doc, (x) => void delete x.views));
      });
      // B's clock is ahead of A's (each `now()` of the test clock is one ms): B saved more views offline.
      for (let k = 0; k < 30; k++) await d.b.library.views.save({ name: `B ${k}`, spec: spec({ query: `b${k}` }) });
      await d.a.library.views.save({ name: 'From A', spec: spec({ query: 'a' }) });
      carryRoot(d.a.library, d.b.library);
      carryRoot(d.b.library, d.a.library);
      const visible = rootOf(d.a.library).doc().views as unknown as Record<string, unknown>;
      if (Object.keys(visible).length === 1) devices = d; // A's map shown, B's 30 views hidden (then healed into A's)
    }
    const { a } = devices!;
    await settle();
    await a.library.settled();
    // Device A, after the merge (its writes go to the visible map): renames one of B's views, deletes another.
    const byName = (n: string) => a.library.views.list().views.find((v) => v.name === n)!;
    await a.library.views.save({ viewId: byName('B 29').id, name: 'Renamed on A' });
    expect(a.library.views.list().views.map((v) => v.name)).toContain('Renamed on A');
    expect(await a.library.views.remove(byName('B 28').id)).toBe(true);
    expect(a.library.views.list().views.map((v) => v.name)).not.toContain('B 28');
  });
});
