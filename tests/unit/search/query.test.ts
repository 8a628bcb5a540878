import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, MAX_QUERY_TERMS, parseDate, parseQuery } from '../../../src/search/query';
import { hostOf } from '../../../src/search/fields';

describe('parseQuery', () => {
  it('takes free words as terms and the last one as a prefix while it is typed', () => {
    const q = parseQuery('Crème brû');
    expect(q.terms).toEqual(['creme']);
    expect(q.prefix).toBe('bru');
    expect(q.sort).toBe('relevance');
    expect(parseQuery('creme brulee ').prefix).toBeNull();
    expect(parseQuery('creme brulee ').terms).toEqual(['creme', 'brulee']);
  });
  it('reads quoted phrases, straight or curly, and unbalanced quotes', () => {
    const q = parseQuery('"the Quick fox" jumps');
    expect(q.phrases).toEqual(['the quick fox']);
    expect(q.terms).toEqual(['the', 'quick', 'fox']);
    expect(q.prefix).toBe('jumps');
    expect(parseQuery('“curly quotes”').phrases).toEqual(['curly quotes']);
    const open = parseQuery('say "hello world');
    expect(open.phrases).toEqual(['hello world']);
    expect(open.prefix).toBeNull();
    expect(open.problems.map((p) => p.code)).toEqual(['unbalanced-quote']);
  });
  it('reads every filter and combines them with words', () => {
    const q = parseQuery('tag:Café tag:"two words" state:archived is:favorite site:www.Example.com after:2024-01-01 before:2024-02 sort:title rust');
    expect(q.filters.tags).toEqual(['cafe', 'two words']);
    expect(q.filters.state).toBe('archived');
    expect(q.filters.favorite).toBe(true);
    expect(q.filters.sites).toEqual(['example.com']);
    expect(q.filters.after).toBe(new Date(2024, 0, 1).getTime());
    expect(q.filters.before).toBe(new Date(2024, 1, 1).getTime());
    expect(q.sort).toBe('title');
    expect(q.prefix).toBe('rust');
    expect(q.filterOnly).toBe(false);
    expect(parseQuery('is:unread').filters.state).toBe('unread');
  });
  it('an empty or filter-only query is the filtered list by saved date', () => {
    for (const s of ['', '   ', 'tag:x', 'state:read']) {
      const q = parseQuery(s);
      expect(q.filterOnly).toBe(true);
      expect(q.sort).toBe('saved');
      expect(q.problems).toEqual([]);
    }
  });
  it('reports bad filter values and ignores them, never throwing', () => {
    const q = parseQuery('state:done after:2024-13-01 before:yesterday sort:random tag: words');
    expect(q.filters).toEqual({ tags: [], state: null, favorite: false, reading: false, sites: [], after: null, before: null, notArchived: false, site: null });
    expect(q.problems.map((p) => p.code)).toEqual(['bad-filter', 'bad-filter', 'bad-filter', 'bad-filter', 'bad-filter']);
    expect(q.prefix).toBe('words');
    // A filter still being typed is not a problem.
    expect(parseQuery('rust tag:').problems).toEqual([]);
    expect(q.problems.find((p) => p.message.includes('sort:random'))?.message).toMatch(/shortest, longest, published or progress/);
    expect(parseQuery('sort:Shortest rust').sort).toBe('shortest');
    expect(parseQuery('sort:longest').sort).toBe('longest');
    expect(parseQuery('sort:Published lake').sort).toBe('published');
    expect(parseQuery('is:reading sort:progress').sort).toBe('progress');
    expect(parseQuery('is:Reading lake').filters).toMatchObject({ reading: true, state: null });
  });
  it('names a site of dots alone, of nothing but www. or spaces, or with an empty label, and ignores it instead of matching nothing', () => {
    for (const value of ['...', '..', '.', 'www.', '.www.', '" "', '". ."', 'example..com', '-', '…']) {
      const q = parseQuery(`site:${value} lake`);
      expect(q.filters.sites, value).toEqual([]);
      expect(q.problems.map((p) => p.message), value).toEqual([expect.stringMatching(/is ignored: a site is a host name such as example\.com/)]);
      expect(q.prefix, value).toBe('lake');
    }
    // Outer dots are not part of the name: ".example.com" is example.com and its subdomains.
    expect(parseQuery('site:.example.com ').filters.sites).toEqual(['example.com']);
    expect(parseQuery('site:example.com.. ').filters.sites).toEqual(['example.com']);
    expect(parseQuery('site:www ').filters.sites).toEqual(['www']);
  });

  it('compares a site written in its own script with the hosts as they are stored (punycode)', () => {
    // Before: folded to "munchen.de" and "日本.jp", which no stored host (xn--…) ever equals.
    for (const [typed, url] of [['münchen.de', 'https://www.münchen.de/a'], ['日本.jp', 'https://日本.jp/'], ['https://Bücher.example/x', 'https://bücher.example/']] as const) {
      expect(parseQuery(`site:${typed} `).filters.sites, typed).toEqual([hostOf(url)]);
    }
    expect(hostOf('https://日本.jp/')).toBe('xn--wgv71a.jp');
  });
  it('treats special characters as separators and unknown keys as text', () => {
    expect(parseQuery('c++ && || ((( ))) *? \\ $ ^').terms).toEqual(['c']);
    expect(parseQuery('c++ && || ((( ))) *? \\ $ ^').prefix).toBeNull();
    expect(parseQuery('https://example.com/a 12:30').terms).toEqual(['https', 'example', 'com', 'a', '12']);
    expect(parseQuery('https://example.com/a 12:30').prefix).toBe('30');
    for (const weird of ['"', '""', ':', 'tag:"', '"""""', '\u0000\uffff', '\ud800', '🙂 🙂🙂']) expect(() => parseQuery(weird)).not.toThrow();
    expect(parseQuery(undefined as unknown as string).filterOnly).toBe(true);
  });
  it('caps very long queries and too many terms', () => {
    const long = parseQuery('word '.repeat(1000));
    expect(long.problems.map((p) => p.code)).toContain('too-long');
    const many = parseQuery(Array.from({ length: 60 }, (_, i) => `w${i}`).join(' '));
    expect(many.terms.length + (many.prefix ? 1 : 0)).toBeLessThanOrEqual(MAX_QUERY_TERMS);
    expect(many.problems.map((p) => p.code)).toContain('too-many-terms');
    expect(parseQuery('x'.repeat(MAX_QUERY_CHARS * 4)).prefix!.length).toBeLessThanOrEqual(40);
  });
  it('compares tags whole (a longer one than the library keeps, too: as its list does) and folds odd Unicode in them', () => {
    expect(parseQuery(`tag:${'é'.repeat(300)}`).filters.tags[0]).toBe('e'.repeat(300));
    expect(parseQuery('tag:ＡＢＣ').filters.tags).toEqual(['abc']);
  });
});

describe('parseDate', () => {
  it('reads years, months and days, and rejects impossible dates', () => {
    expect(parseDate('2024')).toEqual({ start: new Date(2024, 0, 1).getTime(), next: new Date(2025, 0, 1).getTime() });
    expect(parseDate('2024-02')!.next).toBe(new Date(2024, 2, 1).getTime());
    expect(parseDate('2024-02-29')!.start).toBe(new Date(2024, 1, 29).getTime());
    for (const bad of ['2023-02-29', '2024-00', '24-01-01', 'today', '']) expect(parseDate(bad)).toBeNull();
  });
});
