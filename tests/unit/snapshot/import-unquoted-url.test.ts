/** Found in review: an @import whose unquoted url() holds a ";" was cut there, losing the font and breaking the sheet's first rule. */
import { describe, expect, it } from 'vitest';
import { splitImports } from '../../../src/snapshot/css';
import { snapshotDocument } from '../../../src/snapshot/snapshot';
import { css, fakeFetch, page } from './helpers';

describe('@import with an unquoted url() holding a ";"', () => {
  // Google Fonts' css2 URLs hold ";" (wght@400;700); minifiers drop the quotes in url().
  const text = '@import url(https://fonts.googleapis.com/css2?family=Roboto:wght@400;700&display=swap);body{color:red}';

  it('keeps the import and leaves the following rules intact', () => {
    const { imports, rest } = splitImports(text);
    expect(imports.map((i) => i.url)).toEqual(['https://fonts.googleapis.com/css2?family=Roboto:wght@400;700&display=swap']);
    expect(rest.trim()).toBe('body{color:red}');
  });
});


describe('a cross-origin stylesheet importing Google Fonts without quotes', () => {
  it('keeps the font CSS and the sheet\'s first rule in the copy', async () => {
    const doc = page('<!doctype html><html><head><link rel="stylesheet" href="https://cdn.example/site.css"></head><body><p>x</p></body></html>');
    const fetch = fakeFetch({
      'https://cdn.example/site.css': css('@import url(https://fonts.googleapis.com/css2?family=Roboto:wght@400;700&display=swap);.first-rule{color:red}.second{color:blue}'),
      'https://fonts.googleapis.com/css2?family=Roboto:wght@400;700&display=swap': css('.from-font-css{font-family:Roboto}'),
    });
    const shot = await snapshotDocument(doc, fetch);
    expect(shot.html).toContain('.from-font-css');
    // The junk after the ";" inside url() is glued to the first rule's selector, so that rule is lost in the copy.
    expect(shot.html).not.toMatch(/700&amp;display=swap\)|700&display=swap\);\.first-rule/);
  });
});
