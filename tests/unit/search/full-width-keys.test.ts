/**
 * Filters typed with a CJK input method on: its punctuation mode types the full-width colon
 * (`tag：work`, U+FF1A), and its full-width mode the letters too (`ｔａｇ：work`). Before, neither
 * was a filter: the words "tag" and "work" were searched in the text, and the tag filter was lost.
 */
import { describe, expect, it } from 'vitest';
import { storedTagKey } from '../../../src/library/tags';
import { parseQuery, tagTermsOf } from '../../../src/search/query';
import { retagQuery } from '../../../src/search/retag-query';

describe('filters typed with a full-width colon or key', () => {
  it('reads tag：, ｔａｇ：, site： and the others as their ASCII forms', () => {
    const ascii = parseQuery('tag:仕事 tag:"two words" site:example.com is:favorite after:2024 sort:title 東京');
    for (const typed of [
      'tag：仕事 tag：“two words” site：example.com is：favorite after：2024 sort：title 東京',
      'ｔａｇ：仕事 ＴＡＧ：“two words” ｓｉｔｅ：example.com ｉｓ：favorite ａｆｔｅｒ：2024 ｓｏｒｔ：title 東京',
      'ｔａｇ：仕事 ｔａｇ：＂two words＂ site：example.com is：favorite after：2024 sort：title 東京',
    ]) {
      const q = parseQuery(typed);
      expect(q.filters, typed).toEqual(ascii.filters);
      expect([q.terms, q.prefix, q.sort, q.problems], typed).toEqual([ascii.terms, ascii.prefix, ascii.sort, ascii.problems]);
    }
  });

  it('reads word and date values typed full-width as their ASCII forms', () => {
    const q = parseQuery('ｉｓ：ｆａｖｏｒｉｔｅ ｓｔａｔｅ：Ｒｅａｄ ａｆｔｅｒ：２０２４－０１ ｓｏｒｔ：ｔｉｔｌｅ');
    const ascii = parseQuery('is:favorite state:read after:2024-01 sort:title');
    expect([q.filters, q.sort, q.problems]).toEqual([ascii.filters, ascii.sort, []]);
  });

  it('keeps an unknown key with a full-width colon as text, as with an ASCII one', () => {
    expect(parseQuery('注意：重要 ').terms).toEqual(parseQuery('注意:重要 ').terms);
    expect(parseQuery('note：important ').terms).toEqual(['note', 'important']);
  });

  it('finds such a tag: term for a rename to rewrite', () => {
    expect(tagTermsOf('ｔａｇ：“old tag” x').map((t) => t.value)).toEqual(['old tag']);
    expect(parseQuery('＂full width＂ x').phrases).toEqual(['full width']);
    const out = retagQuery('tag：old x', storedTagKey('old'), 'new');
    expect(parseQuery(out).filters.tags).toEqual(['new']);
  });
});
