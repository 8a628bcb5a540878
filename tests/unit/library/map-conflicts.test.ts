import * as A from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { healMap, hiddenEntries, mergedMap } from '../../../src/library/map-conflicts';

type D = { m?: Record<string, { n: number; at: number; s?: A.ImmutableString }> | null; other?: number };

/** Two copies of one document that each made `m` without seeing the other's, merged. */
function forked(a: (d: D) => void, b: (d: D) => void): A.Doc<D> {
  const base = A.change(A.init<D>(), (d) => void (d.other = 1));
  const one = A.change(A.clone(base), a);
  const two = A.change(A.clone(base), b);
  return A.merge(A.clone(one), two);
}

describe('maps two devices made at once', () => {
  it('reads every version, heals the visible map in one change, and then has nothing hidden', () => {
    let doc = forked((d) => void ((d.m ??= {}), (d.m.x = { n: 1, at: 1, s: new A.ImmutableString('kept') })), (d) => void ((d.m ??= {}), (d.m.y = { n: 2, at: 1 })));
    expect(Object.keys(doc.m!)).toHaveLength(1);
    expect(Object.keys(mergedMap(doc, 'm')).sort()).toEqual(['x', 'y']);
    expect(hiddenEntries(doc, 'm')).toBe(1);
    let copied = 0;
    doc = A.change(doc, (d) => void (copied = healMap(d, 'm')));
    expect(copied).toBe(1);
    expect(Object.keys(doc.m!).sort()).toEqual(['x', 'y']);
    expect(hiddenEntries(doc, 'm')).toBe(0);
    // Values survive the copy, an ImmutableString as one.
    expect(String(doc.m!.x!.s ?? '')).toBe('kept');
  });

  it('with `prefer`, the later version of an entry both maps hold wins', () => {
    const newer = (t: { at: number }, o: { at: number }) => t.at > o.at;
    let doc = forked((d) => void ((d.m ??= {}), (d.m.x = { n: 1, at: 5 })), (d) => void ((d.m ??= {}), (d.m.x = { n: 2, at: 9 })));
    expect(mergedMap<{ n: number; at: number }>(doc, 'm', newer).x!.n).toBe(2);
    doc = A.change(doc, (d) => void healMap(d, 'm', newer));
    expect(doc.m!.x!.n).toBe(2);
    expect(hiddenEntries(doc, 'm', newer)).toBe(0);
  });

  it('no conflict: the map as it is, nothing to heal; no map: empty', () => {
    const doc = A.change(A.init<D>(), (d) => void (d.m = { x: { n: 1, at: 1 } }));
    expect(mergedMap(doc, 'm')).toEqual({ x: { n: 1, at: 1 } });
    expect(hiddenEntries(doc, 'm')).toBe(0);
    expect(mergedMap(A.init<D>(), 'm')).toEqual({});
  });

  it('a value other than a map won: a new map takes every version', () => {
    let doc = forked((d) => void (d.m = null), (d) => void ((d.m ??= {}), (d.m.y = { n: 2, at: 1 })));
    doc = A.change(doc, (d) => void healMap(d, 'm'));
    expect(Object.keys(doc.m ?? {})).toEqual(['y']);
  });
});
