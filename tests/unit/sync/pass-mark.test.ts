/**
 * The pass mark (src/sync/pass-mark.ts): found again from the ledger, replaced when lost, changed
 * by each bump, and taken over by a successor once full, but only after the servers confirmed the
 * successor (until then a restore is still told by the old one).
 */
import { Repo, type DocHandle } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { MARK_KEY, MAX_MARKS, PassMark, type PassMarkDoc } from '../../../src/sync/pass-mark';
import type { SyncLedger } from '../../../src/sync/ledger';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';

function world(storage = new MemoryStorageAdapter(), entries = new Map<string, string>()) {
  const repo = new Repo({ storage, network: [] });
  const ledger: SyncLedger = { get: async (k) => entries.get(k), set: async (k, v) => void entries.set(k, v) };
  const watched: string[] = [];
  const dropped: string[] = [];
  const hooks = { watch: (h: DocHandle<PassMarkDoc>) => void watched.push(h.url), drop: (h: DocHandle<PassMarkDoc>) => void dropped.push(h.url) };
  return { repo, storage, entries, watched, dropped, mark: new PassMark(repo, ledger, hooks) };
}

describe('PassMark', () => {
  it('is made once, recorded in the ledger, watched, and found again after a restart', async () => {
    const w = world();
    const h = await w.mark.current();
    expect(w.entries.get(MARK_KEY)).toBe(h.url);
    expect(w.watched).toEqual([h.url]);
    expect(await w.mark.bump(5)).toBe(h);
    expect(h.doc()).toEqual({ n: 1, at: 5 });
    await w.repo.flush();
    const again = world(w.storage, w.entries);
    const found = await again.mark.current();
    expect(found.url).toBe(h.url);
    expect(found.doc().n).toBe(1);
  });

  it('is made anew when the ledger names one this device no longer has', async () => {
    const w = world(new MemoryStorageAdapter(), new Map([[MARK_KEY, 'automerge:2emoBb5AhDGjpmiEScxVqSfBkq2K']]));
    const h = await w.mark.current();
    expect(h.url).not.toBe('automerge:2emoBb5AhDGjpmiEScxVqSfBkq2K');
    expect(w.entries.get(MARK_KEY)).toBe(h.url);
  });

  it('is due at start, not after a bump, and due again when its change was not confirmed', async () => {
    const w = world();
    expect(w.mark.due).toBe(true);
    const h = (await w.mark.bump())!;
    expect(w.mark.due).toBe(false);
    await w.mark.confirmed(h, false);
    expect(w.mark.due).toBe(true);
    await w.mark.confirmed((await w.mark.bump())!, true);
    expect(w.mark.due).toBe(false);
  });

  it('hands over to a new mark once full, only after the servers confirmed the new one', async () => {
    const w = world();
    const first = await w.mark.current();
    first.change((d) => void (d.n = MAX_MARKS));
    const next = (await w.mark.bump())!;
    expect(next).not.toBe(first);
    expect(w.watched).toEqual([first.url, next.url]);
    // Not confirmed: the old one stays current (still what tells a restore), and the same successor is changed again.
    await w.mark.confirmed(next, false);
    expect(w.entries.get(MARK_KEY)).toBe(first.url);
    expect(await w.mark.bump()).toBe(next);
    expect(next.doc().n).toBe(1);
    await w.mark.confirmed(next, true);
    expect(w.entries.get(MARK_KEY)).toBe(next.url);
    expect(w.dropped).toEqual([first.url]);
    expect(await w.mark.current()).toBe(next);
    // The new one is changed from then on.
    expect(await w.mark.bump()).toBe(next);
    expect(next.doc().n).toBe(2);
  });
});
