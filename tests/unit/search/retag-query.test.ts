/**
 * `tag:` terms typed in a saved view's query follow a tag renamed or merged in the Tags view
 * (src/search/retag-query.ts): before, only the view's tag filter did, and a view "rust tag:work"
 * found nothing once work was renamed job.
 */
import { describe, expect, it } from 'vitest';
import { storedTagKey } from '../../../src/library/tags';
import { foldTag } from '../../../src/search/fold-tag';
import { MAX_QUERY_CHARS, parseQuery } from '../../../src/search/query';
import { retagQuery, tagTermValue } from '../../../src/search/retag-query';

/** parse(rewritten) has `to` wherever parse(query) had `from`, and nothing else differs. */
function expectRetagged(query: string, from: string, to: string): string {
  const out = retagQuery(query, storedTagKey(from), to);
  // A name with a quote the term cannot hold (tagTermValue; any quote in a quoted term): the query is left whole.
  if (out === query && /["“”＂»]/u.test(to)) return out;
  const before = parseQuery(query);
  const after = parseQuery(out);
  const swap = (tags: readonly string[]) => [...new Set(tags.map((t) => (t === foldTag(from) ? foldTag(to) : t)))];
  expect(after.filters.tags, query).toEqual(swap(before.filters.tags));
  expect({ ...after, filters: { ...after.filters, tags: [] }, problems: [] }, query).toEqual({ ...before, filters: { ...before.filters, tags: [] }, problems: [] });
  return out;
}

describe('retagQuery: a renamed tag in the words typed', () => {
  it('rewrites each tag: term of the tag, keeping the rest of the text as it was', () => {
    expect(expectRetagged('rust tag:work', 'work', 'job')).toBe('rust tag:job');
    expect(expectRetagged('TAG:Work  rust tag:#work is:favorite tag:other', 'work', 'job')).toBe('TAG:job  rust tag:job is:favorite tag:other');
    expect(expectRetagged('tag:"two  words" sort:title', 'two words', 'three')).toBe('tag:"three" sort:title');
    expect(expectRetagged('"a phrase" tag:café x', 'cafe', 'Coffee')).toBe('"a phrase" tag:Coffee x');
  });

  it('quotes a new name with a space; a merge into a tag the query already names is read once', () => {
    expect(expectRetagged('tag:work rust', 'work', 'day job')).toBe('tag:"day job" rust');
    expect(expectRetagged('tag:work tag:job', 'work', 'job')).toBe('tag:job tag:job');
    expect(expectRetagged('tag:work', 'work', 'c++:“x”')).toBe('tag:c++:“x”');
  });

  it('leaves a query without the tag, or one it cannot write the new name into, as it was', () => {
    expect(retagQuery('work tag:working site:work.example', storedTagKey('work'), 'job')).toBe('work tag:working site:work.example');
    expect(retagQuery('tag:work', storedTagKey('work'), 'say "hi"')).toBe('tag:work');
    // A tag an older import stored raw ("#") renamed: the parser ignores `tag:#`, so it stays ignored.
    expect(retagQuery('rust tag:# x', storedTagKey('#'), 'hash')).toBe('rust tag:# x');
    const long = `tag:work ${'x'.repeat(MAX_QUERY_CHARS - 10)}`;
    expect(retagQuery(long, storedTagKey('work'), 'a longer name')).toBe(long);
    expect(tagTermValue('a “b” c')).toBeNull();
  });

  it('holds the property on many queries made of tag terms, filters, phrases and stray quotes', () => {
    const parts = ['rust', 'tag:work', 'TAG:Work', 'tag:"work"', 'tag:"wo rk"', '"a phrase"', 'is:favorite', 'tag:other', 'tag:#work', 'sort:title', 'tag:', '"open', 'tag:wörk', 'tag:"work', 'x"y', 'tag:work"s', '“curly”', 'tag:"work”x', 'tag:"Work“', 'TAG:"wörk  "', 'tag:“work”', 'tag:«wo rk»', 'tag:«work', '«open', 'tag:„work“', 'ｔａｇ：＂work＂', 'tag:＂wo rk'];
    let seed = 7;
    // xorshift32: the same queries every run.
    const next = (n: number) => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), (seed >>> 0) % n);
    for (let i = 0; i < 1000; i++) {
      const query = Array.from({ length: 1 + next(6) }, () => parts[next(parts.length)]).join(next(2) ? ' ' : '  ');
      const to = ['job', 'day job', 'Work', 'other', 'c++', 'x“y', 'a “b” c', 'say "hi"', '«x»', 'a »b', '＂x＂', 'a ＂b'][next(12)]!;
      expectRetagged(query, 'work', to);
    }
  });
});
