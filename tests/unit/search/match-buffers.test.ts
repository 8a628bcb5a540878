/**
 * `InvertedIndex.match` scores into buffers it reuses from one search to the next (no map per
 * term, no boxed score per candidate). Checked against the way it scored before, with maps,
 * over random libraries with replaced and removed clips, many searches in a row on the same
 * buffers, a library growing between searches, and the marks' generation wrapping round.
 */
import { describe, expect, it } from 'vitest';
import { clipTermsOf } from '../../../src/search/fields';
import { InvertedIndex, weightOf } from '../../../src/search/inverted-index';
import { prng } from '../../e2e/harness/generated';
import { clip } from './helpers';

/** The scoring as it was (maps), on the index's public parts. */
function reference(ix: InvertedIndex, terms: string[], prefix: string | null): Map<number, number> {
  const idf = (df: number) => {
    const n = Math.max(ix.size, df);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  const scoresOf = (term: string, isPrefix: boolean) => {
    const out = new Map<number, number>();
    for (const t of isPrefix ? ix.expand(term) : [term]) {
      const list = ix.postings.get(t);
      if (!list) continue;
      const w = idf(list.length) * (isPrefix && t !== term ? 0.8 : 1);
      for (const p of list) {
        const slot = Math.floor(p / 256);
        if (ix.slots[slot] === null) continue;
        const s = w * weightOf(p);
        const had = out.get(slot);
        if (had === undefined || s > had) out.set(slot, s);
      }
    }
    return out;
  };
  const parts = terms.map((t) => ({ term: t, prefix: false, df: ix.postings.get(t)?.length ?? 0 }));
  if (prefix !== null) parts.push({ term: prefix, prefix: true, df: Infinity });
  if (parts.length === 0 || parts.some((p) => p.df === 0)) return new Map();
  parts.sort((a, b) => a.df - b.df);
  let acc: Map<number, number> | null = null;
  for (const part of parts) {
    const scores = scoresOf(part.term, part.prefix);
    if (acc === null) acc = scores;
    else {
      const next = new Map<number, number>();
      for (const [slot, s] of acc) {
        const t = scores.get(slot);
        if (t !== undefined) next.set(slot, s + t);
      }
      acc = next;
    }
  }
  return acc ?? new Map();
}

const asMap = (ix: InvertedIndex, terms: string[], prefix: string | null) => {
  const m = ix.match(terms, prefix);
  const out = new Map<number, number>();
  for (let i = 0; i < m.n; i++) out.set(m.slots[i]!, m.scores[m.slots[i]!]!);
  return out;
};
const sorted = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]);

const WORDS = ['alpha', 'alpine', 'alps', 'beta', 'better', 'bet', 'gamma', 'gam', 'delta', 'deltoid', 'epsilon', 'zeta', 'eta', 'theta', 'iota'];

describe('InvertedIndex.match on reused buffers', () => {
  it.each([1, 2, 3, 4, 5])('scores as the map-based search did, search after search (seed %i)', (seed) => {
    const r = prng(seed);
    const pick = () => WORDS[Math.floor(r() * WORDS.length)]!;
    const words = (k: number) => Array.from({ length: k }, pick).join(' ');
    const ix = new InvertedIndex();
    const add = (id: string) => ix.add(clipTermsOf(clip(id, { title: words(2), text: words(1 + Math.floor(r() * 40)), note: r() < 0.2 ? words(3) : '' })));
    let next = 0;
    for (let round = 0; round < 6; round++) {
      // The library grows (the buffers with it), clips are replaced and removed (dead slots), between searches.
      for (let i = 0; i < 40 + Math.floor(r() * 60); i++) add(`c${next++}`);
      for (let i = 0; i < 10; i++) add(`c${Math.floor(r() * next)}`);
      for (let i = 0; i < 8; i++) ix.remove(`c${Math.floor(r() * next)}`);
      for (let q = 0; q < 30; q++) {
        const terms = Array.from({ length: Math.floor(r() * 3) }, pick);
        const prefix = r() < 0.6 ? pick().slice(0, 1 + Math.floor(r() * 3)) : null;
        expect(sorted(asMap(ix, terms, prefix)), `${terms.join(' ')} ${prefix ?? ''}`).toEqual(sorted(reference(ix, terms, prefix)));
      }
    }
  });

  it('keeps its results apart when the marks’ generation wraps round', () => {
    const ix = new InvertedIndex();
    for (let i = 0; i < 50; i++) ix.add(clipTermsOf(clip(`c${i}`, { title: i % 2 ? 'alpha beta' : 'alpha gamma', text: 'delta '.repeat(i % 5) })));
    const want = sorted(reference(ix, ['alpha', 'beta'], 'del'));
    expect(want.length).toBeGreaterThan(0);
    ix.match(['alpha'], null);
    (ix as unknown as { gen: number }).gen = 0x7fffffff - 2;
    expect(sorted(asMap(ix, ['alpha', 'beta'], 'del'))).toEqual(want);
    expect(sorted(asMap(ix, ['alpha', 'beta'], 'del'))).toEqual(want);
  });

  it('finds nothing for a term no clip has, and every live clip with everyLive', () => {
    const ix = new InvertedIndex();
    for (let i = 0; i < 5; i++) ix.add(clipTermsOf(clip(`c${i}`, { title: 'alpha' })));
    ix.remove('c2');
    expect(ix.match(['alpha', 'nowhere'], null).n).toBe(0);
    expect(ix.match([], null).n).toBe(0);
    const all = ix.everyLive();
    expect([...all.slots.subarray(0, all.n)].map((s) => ix.slots[s]!.id)).toEqual(['c0', 'c1', 'c3', 'c4']);
  });
});
