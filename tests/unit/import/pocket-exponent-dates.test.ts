/**
 * Found in a bug hunt: a Pocket export whose `time_added` is written in exponent notation
 * (`1.7e9`, `1.7E+9`: what a spreadsheet or a script that round-tripped the CSV writes) lost its
 * save date: only plain decimals were read as numbers, the rest went to `Date.parse`, which reads
 * none of them, so the import's time was used. Any finite plain or exponent number of seconds is
 * read now; garbage, negatives, non-finite and absurd values are still replaced, with a warning.
 */
import { describe, expect, it } from 'vitest';
import { savedDate, toMillis } from '../../../src/import/clean';
import { collect, itemsOf, NOW, utf8, zipOf } from './fixtures';

const AT = 1.7e12;

describe('a Pocket time_added in exponent notation', () => {
  it('is read as seconds, like the plain number', () => {
    for (const s of ['1.7e9', '1.7E9', '1.7E+9', '1.7e+09', '17e8', '0.17e10', '+1.7e9', ' 1.7e9 ', '1700000000', '1.7e12', '1.7e15']) expect(toMillis(s), s).toBe(AT);
    expect(savedDate('1.7E+9', NOW, NOW, 'save date')).toEqual({ ms: AT });
  });

  it('still refuses garbage, negatives, non-finite and absurd values, with a warning', () => {
    for (const s of ['1.7e9x', 'e9', '1.7e', '1e9.5', '--1e9', 'Infinity', 'NaN', '1e400', '-1.7e9', '1e-5', '1.7e2']) {
      const got = savedDate(s, NOW, NOW, 'save date');
      expect(got.ms, s).toBe(NOW);
      expect(got.warning, s).toMatch(/is not a usable date/);
    }
    expect(savedDate('9e20', NOW, NOW, 'save date')).toEqual({ ms: NOW, warning: expect.stringMatching(/in the future/) });
  });

  it('keeps the save date of a CSV row and of a ril_export.html link', () => {
    const csv = 'title,url,time_added,tags,status\nA,https://example.com/a,1.7E+9,,unread\nB,https://example.com/b,1.7e9,,archive\n';
    for (const bytes of [utf8(csv), zipOf({ 'part_000000.csv': csv })]) {
      const items = itemsOf(collect('pocket-csv', bytes));
      expect(items.map((i) => [i.url, i.savedAt, i.state])).toEqual([
        ['https://example.com/a', AT, 'unread'],
        ['https://example.com/b', AT, 'archived'],
      ]);
    }
    const html = '<h1>Unread</h1><ul><li><a href="https://example.com/c" time_added="1.7e+9" tags="x">C</a></li></ul>';
    const events = collect('pocket-html', utf8(html));
    expect(itemsOf(events).map((i) => i.savedAt)).toEqual([AT]);
    expect(events[0]).toMatchObject({ kind: 'item', warnings: [] });
  });
});
