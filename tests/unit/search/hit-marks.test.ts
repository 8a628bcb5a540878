/** The query's words in what a result shows under its title: why it was found, when not by its title or passage. */
import { describe, expect, it } from 'vitest';
import { MAX_MARKED_TAGS, metaMarks, type MetaLabels } from '../../../src/search/hit-marks';
import { parseQuery } from '../../../src/search/query';

const marked = (text: string, marks: readonly { start: number; end: number }[]) => marks.map((m) => text.slice(m.start, m.end));
const only = (l: Partial<MetaLabels>): MetaLabels => ({ site: '', byline: null, tags: [], ...l });

describe('metaMarks', () => {
  const labels = { site: 'engineering.example.org', byline: 'Ann Ønsker', tags: ['how-to', 'sea', 'Seafaring', 'travel'] };

  it('marks the site, the byline and the tags that hold a word of the query, by tag index', () => {
    const m = metaMarks(labels, parseQuery('example onsker sea '))!;
    expect(marked(labels.site, m.site)).toEqual(['example']);
    expect(marked(labels.byline, m.byline)).toEqual(['Ønsker']);
    expect(m.tags).toEqual([{ tag: 1, marks: [{ start: 0, end: 3 }] }]);
  });

  it('marks a prefix being typed to the end of each word, in tags as in text', () => {
    const m = metaMarks(labels, parseQuery('sea'))!;
    expect(m.tags.map((t) => t.tag)).toEqual([1, 2]);
    expect(marked(labels.tags[2]!, m.tags[1]!.marks)).toEqual(['Seafaring']);
    expect(marked(labels.tags[0]!, metaMarks(labels, parseQuery('to'))!.tags[0]!.marks)).toEqual(['to']);
  });

  it('marks a decomposed (NFD) Japanese byline or tag on whole characters, dakuten included', () => {
    const l = only({ byline: '山田がく'.normalize('NFD'), tags: ['がく'.normalize('NFD')] });
    const m = metaMarks(l, parseQuery('がく ', { cjk: 'bigram' }), 'bigram')!;
    expect(m).not.toBeNull();
    expect(marked(l.byline!, m.byline)).toEqual(['がく'.normalize('NFD')]);
    expect(marked(l.tags[0]!, m.tags[0]!.marks)).toEqual(['がく'.normalize('NFD')]);
  });

  it('is null when nothing matched, when nothing was typed, and for filters only', () => {
    expect(metaMarks(labels, parseQuery('lighthouse'))).toBeNull();
    expect(metaMarks(labels, parseQuery(''))).toBeNull();
    expect(metaMarks(labels, parseQuery('tag:sea state:unread'))).toBeNull();
    expect(metaMarks(only({}), parseQuery('sea'))).toBeNull();
  });

  it('marks CJK and Cyrillic words, and stops at MAX_MARKED_TAGS tags', () => {
    expect(marked('東京新聞', metaMarks(only({ site: '東京新聞' }), parseQuery('東京'))!.site)).toEqual(['東京']);
    expect(marked('Новости', metaMarks(only({ tags: ['Новости'] }), parseQuery('новости'))!.tags[0]!.marks)).toEqual(['Новости']);
    const many = Array.from({ length: MAX_MARKED_TAGS + 10 }, (_, i) => `sea-${i}`);
    expect(metaMarks(only({ tags: many }), parseQuery('sea'))!.tags).toHaveLength(MAX_MARKED_TAGS);
  });

  it('marks a word whose folding changes its length (ß), on the raw text', () => {
    expect(marked('Straße Weekly', metaMarks(only({ site: 'Straße Weekly' }), parseQuery('strasse '))!.site)).toEqual(['Straße']);
  });
});
