/**
 * Quotes as phones and macOS type them ("smart punctuation"): `tag:“two words”`, `„Satz“`,
 * `«mot juste»`. Before, only a straight quote right after `tag:` opened a quoted value, and only
 * " “ ” opened a phrase: `tag:“two words”` was the tag `“two` and the word `words”`, and a
 * «phrase» was two loose words.
 */
import { describe, expect, it } from 'vitest';
import { storedTagKey } from '../../../src/library/tags';
import { foldTag } from '../../../src/search/fold-tag';
import { parseQuery, tagTermsOf } from '../../../src/search/query';
import { retagQuery, tagTermValue } from '../../../src/search/retag-query';
import { SearchIndex } from '../../../src/search/search-index';
import { clip } from './helpers';

describe('typographic quotes in a query', () => {
  it('reads tag:“two words” (and ” „ « opening it) as tag:"two words"', () => {
    const straight = parseQuery('tag:"two words" rust');
    for (const typed of ['tag:“two words” rust', 'tag:”two words” rust', 'tag:„two words“ rust', 'tag:«two words» rust', 'TAG:“Two Words” rust']) {
      const q = parseQuery(typed);
      expect(q.filters.tags, typed).toEqual(['two words']);
      expect([q.terms, q.prefix, q.phrases, q.problems], typed).toEqual([straight.terms, straight.prefix, straight.phrases, straight.problems]);
    }
    const ix = new SearchIndex();
    ix.add(clip('a', { tags: ['two words'] }));
    ix.add(clip('b', { tags: ['two'] }));
    expect(ix.search('tag:“two words”').hits.map((h) => h.id)).toEqual(['a']);
  });

  it('reads «a phrase» and „ein Satz“ as phrases, as "a phrase" is', () => {
    expect(parseQuery('«mot juste» x').phrases).toEqual(['mot juste']);
    expect(parseQuery('„ein Satz“ x').phrases).toEqual(['ein satz']);
    expect(parseQuery('“exact phrase”').phrases).toEqual(['exact phrase']);
    // A guillemet phrase ends at its own closer: a straight quote inside it is text.
    expect(parseQuery('«say "hi" now» x').phrases).toEqual(['say hi now']);
    // The typographic apostrophe inside a phrase is no quote.
    expect(parseQuery('“don’t stop” x').phrases).toEqual(["don't stop"]);
  });

  it('finds the tag: terms typed in typographic quotes, for a rename to rewrite', () => {
    expect(tagTermsOf('rust tag:“two words” x').map((t) => [t.value, t.closer])).toEqual([['two words', '”']]);
    expect(retagQuery('rust tag:«old tag» x', storedTagKey('old tag'), 'new tag')).toBe('rust tag:«new tag» x');
  });

  it('never writes a renamed tag as a bare value the parser would read as quoted', () => {
    // Written bare, tag:«x» would now be read as the quoted tag x: the name must come back whole, or not be written.
    for (const tag of ['«x»', '“x”', '„x“', '”x', '«a b»']) {
      const value = tagTermValue(tag);
      if (value !== null) expect(parseQuery(`tag:${value} `).filters.tags, tag).toEqual([foldTag(tag)]);
    }
  });
});
