/**
 * Generated text fixtures: deterministic (seeded) prose, so every run serves the
 * same bytes and a failing test can be replayed.
 */

import { seeded as prng } from '../../../scripts/bench/seeded';

/** The seeded generator (mulberry32) every benchmark and test shares: floats in [0, 1), seeded runs replay exactly. */
export { prng };

const SUBJECTS = [
  'The harbour master', 'A retired cartographer', 'The night ferry', 'Our neighbour’s orchard', 'The old signal box',
  'A patient beekeeper', 'The village archive', 'Every spring tide', 'The glassblower’s apprentice', 'A borrowed bicycle',
  'The river pilot', 'The printing press', 'A forgotten notebook', 'The lighthouse keeper', 'The market gardener',
  'A travelling choir', 'The clockmaker', 'The mountain hut', 'A flock of starlings', 'The county surveyor',
];
const VERBS = [
  'remembered', 'measured', 'rebuilt', 'annotated', 'outlasted', 'carried', 'misplaced', 'described', 'repainted',
  'followed', 'catalogued', 'ignored', 'rescued', 'sketched', 'questioned', 'mended', 'traded', 'welcomed',
];
const OBJECTS = [
  'the long winter of the flood year', 'a ledger of tide tables', 'the copper weather vane', 'three crates of slate',
  'the unfinished map of the estuary', 'a recipe for rye bread', 'the bells of the lower chapel', 'a box of lantern slides',
  'the quarrel about the footbridge', 'a timetable nobody trusted', 'the seeds from the walled garden', 'a coil of tarred rope',
  'the letters from the mainland', 'the last working loom', 'a drawer of mismatched keys', 'the route over the saddle',
];
const TAILS = [
  'before the fog came in', 'while the kettle boiled', 'long after the shops had closed', 'with more care than anyone expected',
  'as the gulls argued overhead', 'without telling the committee', 'for reasons nobody wrote down', 'in a hand that slanted left',
  'under a sky the colour of pewter', 'during the quiet week after harvest', 'on the back of an old invoice', 'by lamplight',
];
const ASIDES = [
  'which, in hindsight, was the whole point', 'or so the parish records claim', 'though the details changed with each telling',
  'a habit that outlived the trade itself', 'and the town has argued about it ever since', 'much to the surprise of the ferrymen',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function sentence(rand: () => number): string {
  const base = `${pick(rand, SUBJECTS)} ${pick(rand, VERBS)} ${pick(rand, OBJECTS)} ${pick(rand, TAILS)}`;
  return rand() < 0.25 ? `${base}, ${pick(rand, ASIDES)}.` : `${base}.`;
}

function paragraph(rand: () => number): string {
  const count = 4 + Math.floor(rand() * 6);
  return Array.from({ length: count }, () => sentence(rand)).join(' ');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Options for {@link articleHtml}. */
export interface ArticleOptions {
  title: string;
  /** Stop adding paragraphs once the body reaches this many characters. */
  targetChars: number;
  seed?: number;
  /** Insert an `<h2>` before every n-th paragraph (default 40). */
  headingEvery?: number;
}

/**
 * A readable article page: `<title>`, `<h1>`, byline, then generated `<p>`
 * paragraphs (with periodic `<h2>`s) until `targetChars` is reached.
 */
export function articleHtml(opts: ArticleOptions): string {
  const rand = prng(opts.seed ?? 1);
  const headingEvery = opts.headingEvery ?? 40;
  const parts: string[] = [
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(opts.title)}</title>`,
    `<meta name="description" content="Generated long-form prose for Commonplace tests.">`,
    '</head><body><article>',
    `<h1>${escapeHtml(opts.title)}</h1>`,
    '<p class="byline">By the Commonplace test press</p>\n',
  ];
  let size = parts.reduce((n, p) => n + p.length, 0);
  for (let i = 0; size < opts.targetChars; i++) {
    if (i > 0 && i % headingEvery === 0) {
      const h = `<h2>Part ${i / headingEvery + 1}: ${escapeHtml(pick(rand, OBJECTS))}</h2>\n`;
      parts.push(h);
      size += h.length;
    }
    const p = `<p>${escapeHtml(paragraph(rand))}</p>\n`;
    parts.push(p);
    size += p.length;
  }
  parts.push('</article></body></html>\n');
  return parts.join('');
}

let bigCache: string | undefined;

/** The ~10 MB article served at `/big.html` (generated once per process, ~13 000 paragraphs). */
export function bigArticleHtml(): string {
  bigCache ??= articleHtml({ title: 'The Very Long Chronicle of the Estuary Towns', targetChars: 10 * 1024 * 1024, seed: 42 });
  return bigCache;
}

let longCache: string | undefined;

/** The ~80 KB article served at `/long.html`: many screens of a side panel, for reading positions. */
export function longArticleHtml(): string {
  longCache ??= articleHtml({ title: 'A Long Read Along the Estuary', targetChars: 80_000, seed: 11 });
  return longCache;
}

/** The article served by `/slow?ms=N`: short, readable, and naming the delay in its title. */
export function slowArticleHtml(ms: number): string {
  return articleHtml({ title: `A Slow Page (${ms} ms)`, targetChars: 6_000, seed: 7 });
}

/** The text served at `/plain.txt`: a few paragraphs separated by blank lines. */
export function plainText(): string {
  const rand = prng(3);
  return ['Notes on the Estuary Ferry', '', ...Array.from({ length: 4 }, () => [paragraph(rand), ''])].flat().join('\n');
}
