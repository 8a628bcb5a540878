import { describe, expect, it } from 'vitest';
import { SearchRequestSchema } from '../../../src/schema/search-result';
import { ClipSearch } from '../../../src/search/clip-search';
import { MAX_QUERY_CHARS, parseQuery } from '../../../src/search/query';
import { withFilters, type SearchFilters } from '../../../src/search/search-filters';
import { MemorySearchIndexStore } from '../../../src/search/store';
import { clip } from './helpers';

/**
 * The side panel's filter bar and search controls reach the engine as data (`filters`, `sort`),
 * not as words appended to the typed text: the typed text alone is parsed, so its last word stays
 * a prefix, a long query cannot cut the filter off, a tag may hold any character, and "All"
 * means what the list's "All" means (every clip not archived).
 */
const day = (d: string) => new Date(`${d}T12:00:00`).getTime();

async function library(): Promise<ClipSearch> {
  const search = await ClipSearch.open(new MemorySearchIndexStore());
  await search.rebuild([
    clip('keeper', { title: 'The lighthouse keeper', text: 'Storms every evening.', tags: ['coast', 'say "hi"'], url: 'https://lights.example/a', savedAt: day('2024-03-10') }),
    clip('read', { title: 'Lighthouses of Brittany', text: 'Granite towers.', tags: ['coast'], readAt: 1, url: 'https://www.brittany.example/b', savedAt: day('2024-01-05') }),
    clip('archived', { title: 'Lighthouse history', text: 'Old lamps.', tags: ['“curly”'], archivedAt: 1, url: 'https://blog.lights.example/c', savedAt: day('2023-11-20') }),
    clip('fav', { title: 'A lightship', text: 'Anchored light.', favorite: true, archivedAt: 1, url: 'https://ships.example/d', savedAt: day('2024-02-14') }),
    clip('other', { title: 'Baking bread', text: 'Flour and water.', url: 'https://bread.example/e', savedAt: day('2024-03-01') }),
  ]);
  return search;
}

const ids = async (s: ClipSearch, query: string, filters?: SearchFilters, sort?: 'relevance' | 'saved' | 'oldest' | 'title') =>
  (await s.search(query, { filters, sort, limit: 50 })).hits.map((h) => h.id);

describe('search with the filter bar as data', () => {
  it('keeps the last typed word a prefix under every state and a tag', async () => {
    const s = await library();
    expect(await ids(s, 'lightho', { state: 'unread' })).toEqual(['keeper']);
    expect((await ids(s, 'lightho', { state: 'all' })).sort()).toEqual(['keeper', 'read']);
    expect(await ids(s, 'lightho', { state: 'archived' })).toEqual(['archived']);
    expect(await ids(s, 'lights', { state: 'favorites' })).toEqual(['fav']);
    expect((await ids(s, 'lightho', { state: 'all', tag: 'Coast' })).sort()).toEqual(['keeper', 'read']);
    // What the side panel used to send: the filter appended to the text, so the prefix was not one.
    expect(parseQuery('lightho state:unread').prefix).toBeNull();
    expect(withFilters(parseQuery('lightho'), { state: 'unread' }).prefix).toBe('lightho');
  });

  it('"Reading" and is:reading: unread clips started and not finished', async () => {
    const s = await ClipSearch.open(new MemorySearchIndexStore());
    await s.rebuild([
      clip('half', { title: 'Tide tables', progress: 45 }),
      clip('new', { title: 'Tide pools' }),
      clip('done', { title: 'Tide mills', progress: 100 }),
      clip('read', { title: 'Tide clocks', progress: 30, readAt: 1 }),
      clip('shelved', { title: 'Tide gauges', progress: 60, archivedAt: 1 }),
      clip('almost', { title: 'Tidal bores', progress: 99, tags: ['rivers'] }),
    ]);
    expect((await ids(s, 'tid', { state: 'reading' })).sort()).toEqual(['almost', 'half']);
    expect((await ids(s, '', { state: 'reading' })).sort()).toEqual(['almost', 'half']);
    expect((await ids(s, 'is:reading tid')).sort()).toEqual(['almost', 'half']);
    expect(await ids(s, 'is:reading', { state: 'all', tag: 'rivers' })).toEqual(['almost']);
    // A change of it (a new version of the clip) is followed.
    await s.upsert(clip('new', { title: 'Tide pools', progress: 5, rev: 'r2' }));
    expect((await ids(s, '', { state: 'reading' })).sort()).toEqual(['almost', 'half', 'new']);
  });

  it('"All" leaves archived clips out, as the list does; Favourites keeps archived favourites', async () => {
    const s = await library();
    expect(await ids(s, 'light', { state: 'all' })).not.toContain('archived');
    expect(await ids(s, 'light', { state: 'all' })).not.toContain('fav');
    expect(await ids(s, 'light', { state: 'favorites' })).toEqual(['fav']);
    // Without the filter bar (other callers), nothing is left out.
    expect((await ids(s, 'light')).sort()).toEqual(['archived', 'fav', 'keeper', 'read']);
  });

  it('lets a typed state take the place of the bar\'s, and ANDs typed tags and sites with the bar\'s', async () => {
    const s = await library();
    expect((await ids(s, 'state:archived light', { state: 'all' })).sort()).toEqual(['archived', 'fav']);
    expect(await ids(s, 'is:read light', { state: 'unread' })).toEqual(['read']);
    expect(await ids(s, 'state:read light', { state: 'favorites' })).toEqual([]);
    expect(await ids(s, 'tag:coast', { state: 'unread' })).toEqual(['keeper']);
    expect(await ids(s, 'site:brittany.example', { state: 'all', site: 'lights.example' })).toEqual([]);
  });

  it('matches a tag holding straight or curly quotes', async () => {
    const s = await library();
    expect(await ids(s, 'light', { state: 'all', tag: 'say "hi"' })).toEqual(['keeper']);
    expect(await ids(s, 'lamps', { state: 'archived', tag: '“curly”' })).toEqual(['archived']);
    expect(await ids(s, '', { state: 'archived', tag: '“curly”' })).toEqual(['archived']);
  });

  it('keeps the filter when the typed query is over the length limit', async () => {
    const s = await library();
    const long = `${'lighthouse '.repeat(55)}light`;
    expect(long.length).toBeGreaterThan(600);
    const page = await s.search(long, { filters: { state: 'unread', tag: 'coast' } });
    expect(page.hits.map((h) => h.id)).toEqual(['keeper']);
    expect(page.query.problems.map((p) => p.code)).toContain('too-long');
    expect(MAX_QUERY_CHARS).toBeLessThan(long.length);
  });

  it('sorts by relevance, newest, oldest or title as a structured field (a typed sort: wins)', async () => {
    const s = await library();
    expect(await ids(s, 'light', undefined, 'saved')).toEqual(['keeper', 'fav', 'read', 'archived']);
    expect(await ids(s, 'light', undefined, 'oldest')).toEqual(['archived', 'read', 'fav', 'keeper']);
    expect(await ids(s, 'light', undefined, 'title')).toEqual(['fav', 'archived', 'read', 'keeper']);
    expect(await ids(s, 'sort:oldest light', undefined, 'title')).toEqual(['archived', 'read', 'fav', 'keeper']);
    expect(await ids(s, '', { state: 'all' }, 'title')).toEqual(['other', 'read', 'keeper']);
  });

  it('narrows by site (subdomains included, www. and schemes ignored) and by a from / to range, both days included', async () => {
    const s = await library();
    expect((await ids(s, '', { site: 'lights.example' })).sort()).toEqual(['archived', 'keeper']);
    expect(await ids(s, '', { site: 'https://www.brittany.example/path' })).toEqual(['read']);
    expect(await ids(s, '', { from: '2024-01-05', to: '2024-03-01' })).toEqual(['other', 'fav', 'read']);
    expect(await ids(s, 'light', { state: 'all', from: '2024-03-10', to: '2024-03-10' })).toEqual(['keeper']);
    expect(await ids(s, 'light', { state: 'archived', site: 'lights.example', from: '2023-01-01', to: '2023-12-31' })).toEqual(['archived']);
  });

  it('names a site no host can match (dots alone, a lone www.) and ignores it, as a typed site: is; a blank site is none', async () => {
    const s = await library();
    for (const site of ['...', '. .', '.', 'www.']) {
      const page = await s.search('light', { filters: { site } });
      expect(page.hits, site).toHaveLength(4);
      expect(page.query.problems.map((p) => p.message).join(' '), site).toMatch(/site ".*" is ignored: a site is a host name/);
    }
    const blank = await s.search('light', { filters: { site: '  ' } });
    expect(blank.hits).toHaveLength(4);
    expect(blank.query.problems).toEqual([]);
    expect(withFilters(parseQuery(''), { site: '.lights.example' }).filters.site).toBe('lights.example');
  });

  it('names a date that is not a day and ignores it', async () => {
    const s = await library();
    const page = await s.search('light', { filters: { from: '2024-13-45' } });
    expect(page.hits).toHaveLength(4);
    expect(page.query.problems.map((p) => p.message).join(' ')).toMatch(/from date "2024-13-45" is ignored/);
  });
});

describe('SearchRequestSchema', () => {
  it('takes the filters and sort as data, strictly', () => {
    const ok = { query: 'lightho', offset: 0, limit: 20, sort: 'oldest', filters: { state: 'unread', tag: 'a "b"', site: 'x.example', from: '2024-01-01', to: null } };
    expect(SearchRequestSchema.safeParse(ok).success).toBe(true);
    expect(SearchRequestSchema.safeParse({ ...ok, filters: { ...ok.filters, colour: 'red' } }).success).toBe(false);
    expect(SearchRequestSchema.safeParse({ ...ok, filters: { state: 'read' } }).success).toBe(false);
    expect(SearchRequestSchema.safeParse({ ...ok, filters: { from: '2024' } }).success).toBe(false);
    expect(SearchRequestSchema.safeParse({ ...ok, sort: 'random' }).success).toBe(false);
  });
});
