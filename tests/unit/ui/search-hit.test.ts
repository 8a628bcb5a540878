// @vitest-environment jsdom
/** A search result marks the query's words in its title as in its passage: text and <mark>s only, bad offsets skipped. */
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SearchHitBody, type SearchHitData } from '../../../extension/ui/SearchHit';

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
});
