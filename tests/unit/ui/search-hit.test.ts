// @vitest-environment jsdom
/** A search result marks the query's words in its title and meta line as in its passage: text and <mark>s only, bad offsets skipped. */
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SearchHitBody, type SearchHitData } from '../../../extension/ui/SearchHit';
import { parseQuery } from '../../../src/search/query';

const clip = { id: 'c1', title: 'The <b>North</b> Sea', url: 'https://example.com/a', siteName: 'Harbour', savedAt: 0, tags: [], excerpt: 'An excerpt' } as unknown as SearchHitData['clip'];
const host = document.createElement('div');
afterEach(() => render(null, host));

const shown = (hit: Partial<SearchHitData>) => {
  render(h(SearchHitBody, { hit: { clip, snippet: null, ...hit } as SearchHitData }), host);
  const title = host.querySelector('.clip-title')!;
  return { text: title.textContent, marks: [...title.querySelectorAll('mark')].map((m) => m.textContent), html: title.innerHTML };
};

describe('SearchHitBody', () => {
  it('marks the title where the background says the words are', () => {
    const r = shown({ titleMarks: [{ start: 4, end: 8 }, { start: 17, end: 20 }] });
    expect(r.text).toBe('The <b>North</b> Sea');
    expect(r.marks).toEqual(['<b>N', 'Sea']);
    expect(r.html).not.toContain('<b>');
  });
  it('shows the title unmarked without marks, and skips marks out of order or past its end', () => {
    expect(shown({}).marks).toEqual([]);
    const r = shown({ titleMarks: [{ start: 17, end: 20 }, { start: 0, end: 3 }, { start: 18, end: 99 }, { start: 5, end: 5 }] });
    expect(r.marks).toEqual(['Sea']);
    expect(r.text).toBe('The <b>North</b> Sea');
  });
  it('marks the site, shows the byline when the query names it, and the tags holding its words first', () => {
    const tagged = { ...clip, byline: 'Ann Lee', tags: ['history', 'maps', 'photography', 'sea'] } as SearchHitData['clip'];
    render(h(SearchHitBody, { hit: { clip: tagged, snippet: null }, query: parseQuery('harbour lee sea ') }), host);
    const meta = host.querySelector('.search-meta')!;
    expect([...meta.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Harbour', 'Lee', 'sea']);
    expect([...meta.querySelectorAll('[data-testid=search-tag]')].map((t) => t.textContent)).toEqual([' · sea', ', history', ', maps']);
    expect(meta.textContent).toContain(' · by Ann Lee');
  });
  it('a query that names none of them, or none given: the plain line, the first three tags, no byline, nothing marked', () => {
    const tagged = { ...clip, byline: 'Ann Lee', tags: ['a', 'b', 'c', 'd'] } as SearchHitData['clip'];
    for (const query of [parseQuery('north'), parseQuery(''), null]) {
      render(h(SearchHitBody, { hit: { clip: tagged, snippet: null }, query }), host);
      expect(host.querySelector('.search-meta')).toBeNull();
      const meta = host.querySelector('.clip-meta')!;
      expect(meta.querySelectorAll('mark')).toHaveLength(0);
      expect(meta.textContent).toMatch(/^Harbour · .+ · a, b, c$/);
    }
  });
  it('a result whose title or passage shows a word of the query: the plain line (the meta line is marked only where nothing else says why)', () => {
    const tagged = { ...clip, byline: 'Ann Lee', tags: ['sea'] } as SearchHitData['clip'];
    const query = parseQuery('sea');
    for (const hit of [{ titleMarks: [{ start: 17, end: 20 }], snippet: null }, { snippet: { text: 'the sea', marks: [{ start: 4, end: 7 }], cutStart: false, cutEnd: false } }]) {
      render(h(SearchHitBody, { hit: { clip: tagged, ...hit } as SearchHitData, query }), host);
      expect(host.querySelector('.search-meta')).toBeNull();
      expect(host.querySelector('.clip-meta')!.textContent).toMatch(/ · sea$/);
    }
  });
  it('the site is the host when the clip has no site name, or an empty one, and is marked there', () => {
    const bare = { ...clip, siteName: '', url: 'https://lights.example.org/x' } as SearchHitData['clip'];
    render(h(SearchHitBody, { hit: { clip: bare, snippet: null }, query: parseQuery('lights') }), host);
    expect([...host.querySelectorAll('.search-meta mark')].map((m) => m.textContent)).toEqual(['lights']);
    expect(host.querySelector('.search-meta')!.textContent).toMatch(/^lights\.example\.org · /);
  });
});
