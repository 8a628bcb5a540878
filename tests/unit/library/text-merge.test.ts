import { change, clone, from, merge, splice, updateText } from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { diffText, rebaseText } from '../../../src/library/text-merge';

/** What Automerge makes of the two edits as concurrent changes (the reference, for small texts). */
function automergeMerge(base: string, edited: string, current: string): string {
  const root = from({ t: base }, { actor: '00' });
  const theirs = change(clone(root, { actor: 'bb' }), (d) => updateText(d as never, ['t'], current));
  const ours = change(clone(root, { actor: 'aa' }), (d) => updateText(d as never, ['t'], edited));
  return merge(theirs, ours).t;
}

function applied(current: string, splices: ReturnType<typeof rebaseText>['splices']): string {
  let doc = from({ t: current });
  doc = change(doc, (d) => {
    for (const s of splices) splice(d as never, ['t'], s.index, s.remove, s.insert);
  });
  return doc.t;
}

describe('diffText', () => {
  it('finds the smallest hunks', () => {
    expect(diffText('abc', 'abc')).toEqual([]);
    expect(diffText('A', 'A C')).toEqual([{ start: 1, end: 1, insert: ' C' }]);
    expect(diffText('one two three', 'one 2 three!')).toEqual([
      { start: 4, end: 7, insert: '2' },
      { start: 13, end: 13, insert: '!' },
    ]);
  });

  it('never splits a surrogate pair', () => {
    expect(diffText('a😀b', 'a😁b')).toEqual([{ start: 1, end: 2, insert: '😁' }]);
  });

  it('is bounded: two unrelated long texts give one hunk, quickly', () => {
    const a = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 26))).join('');
    const b = Array.from({ length: 100_000 }, (_, i) => String.fromCharCode(97 + ((i * 104729) % 26))).join('');
    const t = performance.now();
    const hunks = diffText(a, b);
    expect(performance.now() - t).toBeLessThan(5_000);
    expect(hunks.length).toBeGreaterThan(0);
    const r = rebaseText(a, b, a);
    expect(r.text).toBe(b);
  });
});

describe('rebaseText', () => {
  const cases: Array<[string, string, string]> = [
    ['A', 'A C', 'A B'],
    ['hello world', 'hello world!', 'hello big world'],
    ['abc def ghi', 'abc dXef ghi', 'abc ghi'],
    ['abc def ghi', 'abc ghi', 'abc dXef ghi'],
    ['abc', 'xyz', 'abc'],
    ['abc', 'abc', 'xyz'],
    ['', 'mine', 'theirs'],
    ['one two three four', 'one 2 three 4', 'ONE two three four five'],
    ['the cat sat', 'the dog sat', 'the cat sat down'],
    ['aaaa', 'aaXaa', 'aaYaa'],
    ['a😀b', 'a😀😀b', 'X a😀b'],
    ['line 1\nline 2\nline 3', 'line 1\nline 3', 'line 1\nline 2 edited\nline 3'],
  ];
  it.each(cases)('base %j, ours %j, theirs %j: what Automerge would merge', (base, edited, current) => {
    const r = rebaseText(base, edited, current);
    expect(r.text).toBe(automergeMerge(base, edited, current));
    expect(applied(current, r.splices)).toBe(r.text);
  });

  it('keeps both edits: A → "A B" elsewhere, "A C" here', () => {
    const r = rebaseText('A', 'A C', 'A B');
    expect(r.text).toBe('A B C');
  });

  it('makes the text Automerge would merge, on 300 random small edits', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const edit = (s: string) => {
      const a = Array.from(s);
      for (let k = rand(3) + 1; k > 0; k--) {
        const at = rand(a.length + 1);
        a.splice(at, rand(3), ...Array.from('xyz😀 '.slice(0, rand(4))));
      }
      return a.join('');
    };
    const misses: string[][] = [];
    for (let t = 0; t < 300; t++) {
      const base = Array.from({ length: rand(12) }, () => 'abc '[rand(4)]).join('');
      const ours = edit(base);
      const theirs = edit(base);
      const r = rebaseText(base, ours, theirs);
      expect(applied(theirs, r.splices), JSON.stringify([base, ours, theirs])).toBe(r.text);
      if (r.text !== automergeMerge(base, ours, theirs)) misses.push([base, ours, theirs, r.text, automergeMerge(base, ours, theirs)]);
    }
    expect(misses.slice(0, 5)).toEqual([]);
  });
});
