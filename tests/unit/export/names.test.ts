import { describe, expect, it } from 'vitest';
import { ClipNames, isoDate, keyName, slugify } from '../../../src/export/names';

describe('file names', () => {
  it('slugs keep letters and digits of any script, drop accents and everything else', () => {
    expect(slugify('Crème Brûlée: A "Recipe"!')).toBe('creme-brulee-a-recipe');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('日本語のタイトル')).toBe('日本語のタイトル');
    expect(slugify('   ...   ')).toBe('');
    expect(Array.from(slugify('x'.repeat(500)))).toHaveLength(60);
  });

  it('are unique, safe and short, whatever the titles', () => {
    const names = new ClipNames();
    const seen = new Set<string>();
    const titles = ['Same', 'Same', 'SAME', '', '../..', 'a/b\\c', 'CON', '\u0000\u202e', 'x'.repeat(10_000), '.hidden', 'Ünïcödé'];
    for (const [i, title] of titles.entries()) {
      const name = names.name({ id: i < 3 ? 'same-id-0000000000' : `id-${i}-000000000000`, title, url: 'https://example.com/x', savedAt: Date.UTC(2026, 4, 6) });
      expect(name).toMatch(/^2026-05-06-[\p{L}\p{N}\p{M}-]+-[0-9a-z]{7}(-\d+)?$/u);
      expect(name.length).toBeLessThan(100);
      expect(seen.has(name.toLowerCase())).toBe(false);
      seen.add(name.toLowerCase());
    }
    expect(names.name({ id: 'q1234567890123456', title: '', url: 'https://news.example.org/a', savedAt: 0 })).toMatch(/^1970-01-01-news-example-org-/);
  });

  it('dates are UTC days; tag and site names hash their value', () => {
    expect(isoDate(Date.UTC(2026, 0, 2, 23, 59))).toBe('2026-01-02');
    expect(isoDate(Number.NaN)).toBe('1970-01-01');
    expect(keyName('a/b: c')).toMatch(/^a-b-c-[0-9a-z]{7}$/);
    expect(keyName('A/B: C')).not.toBe(keyName('a/b: c'));
  });
});
