import { describe, expect, it } from 'vitest';
import { firstK, SearchIndex } from '../../../src/search/search-index';
import { clip } from './helpers';

const day = (d: string) => new Date(d).getTime();

function library(): SearchIndex {
  const ix = new SearchIndex({ cjk: 'bigram' });
  ix.add(clip('a', { title: 'Rust ownership explained', text: 'Borrowing and lifetimes in Rust. The borrow checker.', tags: ['programming', 'Café'], savedAt: day('2024-03-01'), url: 'https://blog.rust-lang.org/x' }));
  ix.add(clip('b', { title: 'Cooking pasta', text: 'Salt the water. Rust never sleeps is a record, not a recipe.', tags: ['recipes'], savedAt: day('2024-05-01'), readAt: 1, favorite: true }));
  ix.add(clip('c', { title: 'Москва и Ёлка', text: 'Новогодняя ёлка в Москве.', savedAt: day('2023-12-01'), archivedAt: 1, url: 'https://www.example.ru/a' }));
  ix.add(clip('d', { title: 'العربية', text: 'مُحَمَّد في المَدِينَة', savedAt: day('2024-01-10') }));
  ix.add(clip('e', { title: '東京の天気', text: '東京都は今日晴れです', savedAt: day('2024-02-10'), highlights: [{ quote: 'important passage', note: 'remember the zebra' }] }));
  ix.add(clip('f', { title: 'Deleted rust clip', text: 'rust', deleted: true }));
  return ix;
}
const ids = (ix: SearchIndex, q: string) => ix.search(q).hits.map((h) => h.id);

describe('SearchIndex', () => {
  it('ranks a title match above an article match, and never returns deleted clips', () => {
    expect(ids(library(), 'rust ')).toEqual(['a', 'b']);
  });
  it('matches prefixes as you type, across accents and case', () => {
    const ix = library();
    expect(ids(ix, 'owne')).toEqual(['a']);
    expect(ids(ix, 'BORRÓW')).toEqual(['a']);
    expect(ids(ix, 'tag:cafe')).toEqual(['a']);
    expect(ids(ix, 'елк')).toEqual(['c']);
    expect(ids(ix, 'Ёлка ')).toEqual(['c']);
    expect(ids(ix, 'محمد')).toEqual(['d']);
    expect(ids(ix, 'المدينة')).toEqual(['d']);
    expect(ids(ix, '東京')).toEqual(['e']);
    expect(ids(ix, '東')).toEqual(['e']);
    expect(ids(ix, 'zebra')).toEqual(['e']);
  });
  it('requires every term', () => {
    expect(ids(library(), 'rust pasta')).toEqual(['b']);
    expect(ids(library(), 'rust nothinglikethis')).toEqual([]);
  });
  it('filters by tag, state, favourite, site and dates, alone or with words', () => {
    const ix = library();
    expect(ids(ix, 'state:read')).toEqual(['b']);
    expect(ids(ix, 'state:unread')).toEqual(['a', 'e', 'd']);
    expect(ids(ix, 'state:archived')).toEqual(['c']);
    expect(ids(ix, 'is:favorite')).toEqual(['b']);
    expect(ids(ix, 'site:rust-lang.org')).toEqual(['a']);
    expect(ids(ix, 'site:example.ru')).toEqual(['c']);
    expect(ids(ix, 'after:2024-01-01 before:2024-03')).toEqual(['e', 'd']);
    expect(ids(ix, 'rust tag:recipes')).toEqual(['b']);
    expect(ids(ix, 'rust is:favorite state:unread')).toEqual([]);
  });
  it('sorts by saved date, title or relevance', () => {
    const ix = library();
    expect(ids(ix, '')).toEqual(['b', 'a', 'e', 'd', 'c']);
    expect(ids(ix, 'sort:title')).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(ix.search('rust', { sort: 'saved' }).hits.map((h) => h.id)).toEqual(['b', 'a']);
  });
  it('sorts by length, shortest or longest first, with clips of unknown length last either way and ties newest first', () => {
    const ix = new SearchIndex({ cjk: 'bigram' });
    ix.add(clip('long', { title: 'lake long', words: 9_000, savedAt: 1 }));
    ix.add(clip('short', { title: 'lake short', words: 120, savedAt: 2 }));
    ix.add(clip('link', { title: 'lake link', savedAt: 3 }));
    ix.add(clip('mid-old', { title: 'lake mid old', words: 1_500, savedAt: 4 }));
    ix.add(clip('mid-new', { title: 'lake mid new', words: 1_500, savedAt: 5 }));
    ix.add(clip('odd', { title: 'lake odd', words: Number.NaN, savedAt: 6 }));
    expect(ids(ix, 'sort:shortest')).toEqual(['short', 'mid-new', 'mid-old', 'long', 'odd', 'link']);
    expect(ids(ix, 'sort:longest lake')).toEqual(['long', 'mid-new', 'mid-old', 'short', 'odd', 'link']);
    expect(ix.search('lake', { sort: 'shortest', limit: 2 }).hits.map((h) => h.id)).toEqual(['short', 'mid-new']);
    // Kept through a snapshot and back.
    const back = SearchIndex.restore(ix.snapshot(), { cjk: 'bigram' });
    expect(back.ok && back.index.search('', { sort: 'longest' }).hits.map((h) => h.id)).toEqual(['long', 'mid-new', 'mid-old', 'short', 'odd', 'link']);
  });
  it('sorts by publication, most recent first, with pages that gave no date (or none that reads) last and ties newest saved first', () => {
    const ix = new SearchIndex({ cjk: 'bigram' });
    ix.add(clip('old', { title: 'lake old', publishedTime: '1999-04-01', savedAt: 5 }));
    ix.add(clip('new', { title: 'lake new', publishedTime: '2024-02-03T10:00:00Z', savedAt: 1 }));
    ix.add(clip('none', { title: 'lake none', publishedTime: null, savedAt: 6 }));
    ix.add(clip('words', { title: 'lake words', publishedTime: 'sometime last spring', savedAt: 4 }));
    ix.add(clip('same-a', { title: 'lake same a', publishedTime: 'Tue, 05 Mar 2019 08:00:00 GMT', savedAt: 2 }));
    ix.add(clip('same-b', { title: 'lake same b', publishedTime: '2019-03-05T08:00:00.000Z', savedAt: 3 }));
    const order = ['new', 'same-b', 'same-a', 'old', 'none', 'words'];
    expect(ids(ix, 'sort:published')).toEqual(order);
    expect(ix.search('lake', { sort: 'published', limit: 2 }).hits.map((h) => h.id)).toEqual(['new', 'same-b']);
    const back = SearchIndex.restore(ix.snapshot(), { cjk: 'bigram' });
    expect(back.ok && back.index.search('', { sort: 'published' }).hits.map((h) => h.id)).toEqual(order);
  });
  it('sorts by reading progress, furthest read first, with clips not started (or with a bad value) last and ties newest saved first', () => {
    const ix = new SearchIndex({ cjk: 'bigram' });
    ix.add(clip('half', { title: 'lake half', progress: 50, savedAt: 1 }));
    ix.add(clip('done', { title: 'lake done', progress: 100, savedAt: 2 }));
    ix.add(clip('fresh', { title: 'lake fresh', savedAt: 6 }));
    ix.add(clip('bad', { title: 'lake bad', progress: Number.NaN, savedAt: 5 }));
    ix.add(clip('half-new', { title: 'lake half new', progress: 50, savedAt: 3 }));
    ix.add(clip('little', { title: 'lake little', progress: 3, savedAt: 4 }));
    const order = ['done', 'half-new', 'half', 'little', 'fresh', 'bad'];
    expect(ids(ix, 'sort:progress')).toEqual(order);
    expect(ids(ix, 'is:reading sort:progress lake')).toEqual(['half-new', 'half', 'little']);
    expect(ix.search('lake', { sort: 'progress', limit: 2 }).hits.map((h) => h.id)).toEqual(['done', 'half-new']);
    const back = SearchIndex.restore(ix.snapshot(), { cjk: 'bigram' });
    expect(back.ok && back.index.search('', { sort: 'progress' }).hits.map((h) => h.id)).toEqual(order);
  });
  it('adds, replaces and removes one clip incrementally', () => {
    const ix = library();
    ix.add(clip('g', { title: 'Fresh zeppelin', rev: 'r1' }));
    expect(ids(ix, 'zeppelin')).toEqual(['g']);
    expect(ix.revOf('g')).toBe('r1');
    ix.add(clip('g', { title: 'Renamed airship', rev: 'r2' }));
    expect(ids(ix, 'zeppelin')).toEqual([]);
    expect(ids(ix, 'airship')).toEqual(['g']);
    expect(ix.revOf('g')).toBe('r2');
    expect(ix.remove('g')).toBe(true);
    expect(ix.remove('g')).toBe(false);
    expect(ids(ix, 'airship')).toEqual([]);
    expect(ix.has('g')).toBe(false);
  });
  it('stays correct through many replacements (compaction)', () => {
    const ix = new SearchIndex({ cjk: 'bigram' });
    for (let round = 0; round < 5; round++) for (let i = 0; i < 100; i++) ix.add(clip(`c${i}`, { title: `word${round} common`, savedAt: i }));
    expect(ix.size).toBe(100);
    expect(ids(ix, 'word4 ')).toHaveLength(100);
    expect(ids(ix, 'word3 ')).toHaveLength(0);
    expect(ids(ix, 'commo')).toHaveLength(100);
  });
  it('indexes only the first textChars of the article', () => {
    const ix = new SearchIndex({ textChars: 100, cjk: 'bigram' });
    ix.add(clip('a', { text: `${'filler '.repeat(20)}needle` }));
    expect(ids(ix, 'filler ')).toEqual(['a']);
    expect(ids(ix, 'needle ')).toEqual([]);
  });
  it('orders only the first `limit` hits when asked, the same ones a full sort puts first, and counts them all', () => {
    const ix = new SearchIndex({ cjk: 'bigram' });
    for (let i = 0; i < 300; i++) ix.add(clip(`c${i}`, { title: `common ${i % 7 === 0 ? 'common common' : ''} t${i % 13}`, text: 'common '.repeat(i % 5), savedAt: (i * 7919) % 1000, words: (i * 31) % 17, progress: (i * 13) % 101, publishedTime: i % 4 === 0 ? null : `20${10 + (i % 9)}-0${1 + (i % 8)}-1${i % 10}` }));
    for (const [q, sort] of [['common ', 'relevance'], ['', 'saved'], ['commo', 'title'], ['state:unread', 'saved'], ['commo', 'shortest'], ['', 'longest'], ['commo', 'published'], ['', 'progress']] as const) {
      const all = ix.search(q, { sort });
      for (const limit of [0, 1, 20, 299, 300, 1000]) {
        const some = ix.search(q, { sort, limit });
        expect(some.total).toBe(all.hits.length);
        expect(some.hits).toEqual(all.hits.slice(0, limit));
      }
    }
  });
});

describe('firstK', () => {
  it('is the first k of a sort, for any k', () => {
    const items = Array.from({ length: 500 }, (_, i) => (i * 7919) % 211);
    const cmp = (a: number, b: number) => a - b;
    for (const k of [0, 1, 2, 10, 211, 499, 500, 600]) expect(firstK([...items], k, cmp)).toEqual([...items].sort(cmp).slice(0, k));
  });
});


describe('SearchIndex posting lists sealed into Int32Arrays at each snapshot', () => {
  it('answers exactly as an index never sealed, through adds, replacements and removals after sealing', () => {
    const sealed = new SearchIndex({ cjk: 'bigram' });
    const plain = new SearchIndex({ cjk: 'bigram' });
    const make = (i: number, gen = 0) => clip(`c${i}`, { title: `common title ${i % 7} gen${gen}`, text: `shared words everywhere ${i % 3 === 0 ? 'fizz' : ''} ${i % 5 === 0 ? 'buzz' : ''} n${i}`, savedAt: i });
    for (let i = 0; i < 200; i++) {
      sealed.add(make(i));
      plain.add(make(i));
    }
    const queries = ['shared', 'common', 'fizz buzz', 'fiz', 'gen1', 'n1', 'everywhere title', 'n199'];
    const same = () => {
      for (const q of queries) expect(sealed.search(q).hits, q).toEqual(plain.search(q).hits);
    };
    sealed.snapshot(); // seals: 'shared' (200 postings) becomes an Int32Array
    same();
    for (let i = 0; i < 200; i += 3) {
      sealed.add(make(i, 1));
      plain.add(make(i, 1));
    }
    for (let i = 1; i < 200; i += 4) {
      sealed.remove(`c${i}`);
      plain.remove(`c${i}`);
    }
    same();
    const snap = sealed.snapshot(); // compacts sealed lists too
    (plain as unknown as { ix: { compact(): void } }).ix.compact(); // the same compaction, without sealing (df counts dead postings until then)
    same();
    expect(snap).toEqual(plain.snapshot());
    const restored = SearchIndex.restore(snap, { cjk: 'bigram' });
    expect(restored.ok).toBe(true);
    if (restored.ok) for (const q of queries) expect(restored.index.search(q).hits, q).toEqual(plain.search(q).hits);
  });

  it('finds CJK words after a number or a Latin word, Thai words, and typographic apostrophes typed plainly', () => {
    for (const cjk of ['segmenter', 'bigram'] as const) {
      const ix = new SearchIndex({ cjk });
      ix.add(clip('date', { text: '会议于2024年5月在东京举行。' }));
      ix.add(clip('latin', { text: '我喜欢用Python编程语言' }));
      ix.add(clip('quote', { text: 'Conan O’Brien said they don’t know.' }));
      expect(ix.search('东京 ').hits.map((h) => h.id), cjk).toEqual(['date']);
      expect(ix.search('编程 ').hits.map((h) => h.id), cjk).toEqual(['latin']);
      for (const q of ["o'brien ", "don't ", "o'bri", 'o’brien ']) expect(ix.search(q).hits.map((h) => h.id), `${cjk}: ${q}`).toEqual(['quote']);
    }
    const ix = new SearchIndex({ cjk: 'segmenter' });
    ix.add(clip('th', { text: 'ภาษาไทยเป็นภาษาที่สวยงาม' }));
    expect(ix.search('สวยงาม ').hits.map((h) => h.id)).toEqual(['th']);
  });
});
