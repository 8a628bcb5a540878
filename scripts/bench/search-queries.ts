/**
 * The fixed query set of the search benchmarks (bench:search in Node, bench:library in the real
 * side panel): written filters and hostile input, then words, prefixes, phrases, non-Latin and
 * accented words picked (seeded, so the same every run) from the articles' text.
 */
import { termsOf } from '../../src/search/normalize';
import { seeded } from './search-corpus';

/** The fixed queries: written ones, plus words, prefixes, phrases and non-Latin words picked (seeded) from the corpus. */
export function queriesOf(articles: ReadonlyArray<{ page: { text: string } }>, sampleUrl: string, textChars: number): string[] {
  const rnd = seeded(42);
  const host = new URL(sampleUrl).hostname;
  const fixed = [
    '', 'tag:research', 'state:unread', 'is:favorite', `site:${host}`, 'after:2022-01-01 before:2023-01-01', 'tag:café state:read',
    'sort:title tag:history', 'state:archived is:favorite', 'tag:新闻 tag:日本語', 'javascript', 'the', 'browser engine', 'notes revisit',
    '"unbalanced quote', 'c++ && || ((( ))) *?', 'x'.repeat(2000), 'tag:', 'before:2024-13-45 chrome',
  ];
  const words: string[] = [];
  const phrases: string[] = [];
  const foreign: string[] = [];
  const accented: string[] = [];
  for (const a of articles) {
    const text = a.page.text.slice(0, textChars);
    const ts = termsOf(text);
    const latin = ts.filter((t) => /^[a-z]{5,}$/.test(t));
    if (latin.length > 0) words.push(latin[Math.floor(rnd() * latin.length)]!);
    const nonLatin = ts.filter((t) => /[\p{Script=Cyrillic}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Greek}]/u.test(t) && t.length >= 2);
    if (nonLatin.length > 0) foreign.push(nonLatin[Math.floor(rnd() * nonLatin.length)]!);
    // Accented Latin words as the page writes them (the query keeps its accents; the index folds them).
    const withAccents = text.match(/[\p{L}]*[À-ÖØ-öø-ž][\p{L}]*/gu)?.filter((x) => x.length >= 5) ?? [];
    if (withAccents.length > 0) accented.push(withAccents[Math.floor(rnd() * withAccents.length)]!);
    const sentence = text.split(/[.!?\n]/).find((s) => s.trim().split(/\s+/).length >= 4);
    if (sentence) phrases.push(`"${sentence.trim().split(/\s+/).slice(0, 3).join(' ')}"`);
  }
  const pick = <T>(xs: readonly T[], n: number) => Array.from({ length: Math.min(n, xs.length) }, () => xs[Math.floor(rnd() * xs.length)]!);
  const w = pick(words, 16);
  return [
    ...fixed,
    ...w.slice(0, 8),
    ...w.slice(8, 14).map((x) => x.slice(0, 3)),
    `${w[0]} ${w[1]?.slice(0, 2) ?? ''}`,
    `${w[2]} tag:reading`,
    `${w[3]} state:unread after:2021`,
    `${w[4]} site:${host}`,
    ...pick(phrases, 8),
    ...[...new Set(foreign)].slice(0, 12),
    ...pick([...new Set(accented)], 8),
  ];
}

