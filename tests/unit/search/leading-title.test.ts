import { describe, expect, it } from 'vitest';
import { afterLeadingTitle } from '../../../src/search/snippet';
import { seeded } from '../../../scripts/bench/seeded';

/** What `afterLeadingTitle` gave before it matched ASCII by hand: the pattern alone. */
function reference(text: string, title: string): number {
  const words = title.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return 0;
  const escaped = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^\\s*${words.map(escaped).join('\\s+')}[^\\S\\n]*\\n\\s*`, 'iu').exec(text.slice(0, title.length * 2 + 64));
  return m && m[0].length < text.length ? m[0].length : 0;
}


describe('afterLeadingTitle', () => {
  it('matches the pattern on titles and texts of ASCII and not, case and spaces varied', () => {
    const rnd = seeded(7);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const words = ['Night', 'train', 'a', 'K', 'ks', 'Café', 'über', 'C++', '(draft)', '$5', 'ﬁn', 'Σας', '東京', '[x]', 'x.y', 'kelvin'];
    const spaces = [' ', '  ', '\t', ' \t ', '\u00a0', '\u2003', '\r'];
    const twists = [(s: string) => s, (s: string) => s.toUpperCase(), (s: string) => s.toLowerCase(), (s: string) => s.replace(/k/gi, '\u212a'), (s: string) => s.replace(/s/g, '\u017f')];
    let found = 0;
    for (let n = 0; n < 10_000; n++) {
      const title = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(words)).join(pick([' ', '  ', ' \u00a0']));
      const lead = pick(['', '', ' ', '\n', '\u00a0', '\n\n ']);
      const inText = pick(twists)(title.split(/\s+/u).join(pick(spaces)));
      const end = pick(['\n', ' \n', '\t\n\n', '\r\n', '\u00a0\n', '', ' ', 'x\n', '\n\u00a0\u2003']);
      const rest = pick(['Body text goes on.', '', 'Ünïcode body', '\n']);
      const text = lead + (rnd() < 0.1 ? pick(words) : inText) + end + rest;
      const got = afterLeadingTitle(text, title);
      const want = reference(text, title);
      if (got !== want) expect(got, JSON.stringify([text, title])).toBe(want);
      if (got > 0) found++;
    }
    // Both outcomes are drawn often.
    expect(found).toBeGreaterThan(1_000);
    expect(found).toBeLessThan(9_000);
  }, 60_000);

  it('finds the title line, case and spacing aside, and nothing when the title runs on', () => {
    expect(afterLeadingTitle('The Quiet  Return\n\nIt was late.', 'the quiet return')).toBe('The Quiet  Return\n\n'.length);
    expect(afterLeadingTitle('The Quiet Returning\nIt was late.', 'The Quiet Return')).toBe(0);
    expect(afterLeadingTitle('The Quiet Return', 'The Quiet Return')).toBe(0);
  });
});
