// @vitest-environment jsdom
/**
 * Regression baselines, as Hypothesis keeps them: saved pages (tests/fixtures/anchoring, see
 * its README) and the highlights described on them (highlights.json). Each changed version
 * of a page must anchor every highlight where it now is, or report it as an orphan; never
 * anywhere else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchor, anchorAll, describe as describeRange } from '../../../src/anchoring/anchor';
import type { AnchorMethod } from '../../../src/anchoring/anchor';
import { textModelOf } from '../../../src/capture/text-model';
import { HighlightTargetSchema } from '../../../src/schema/selectors';
import type { HighlightTarget } from '../../../src/schema/selectors';

const DIR = join(import.meta.dirname, '../../fixtures/anchoring');
const read = (file: string): string => readFileSync(join(DIR, file), 'utf8');

interface Baseline {
  id: string;
  page: string;
  target: HighlightTarget;
}
const BASELINES: Baseline[] = JSON.parse(read('highlights.json'));

/** The root a file is anchored in: a page's body, or (for the stored article, a fragment) a div holding it, as the reader has it. */
function rootOf(file: string): HTMLElement {
  if (file === 'article-saved.html') {
    const div = document.createElement('div');
    div.innerHTML = read(file);
    return div;
  }
  return new DOMParser().parseFromString(read(file), 'text/html').body;
}

/**
 * What a highlight must anchor to in a file: `text` (its `nth` occurrence in the file's text, 1
 * if unique), or null (an orphan). `methods`: the ways it may be found; `orOrphan`: where the
 * page gives no way to tell the copies apart, an orphan is right too.
 */
type Want = null | string | { text: string; nth?: number; methods?: AnchorMethod[]; orOrphan?: true };

const SAME = 'same'; // the highlight's own quote, found exactly
const ARTICLE = BASELINES.filter((b) => b.page === 'article.html').map((b) => b.id);
const all = (ids: string[], want: Want | typeof SAME): Record<string, Want | typeof SAME> => Object.fromEntries(ids.map((id) => [id, want]));

const VARIANTS: Array<{ file: string; base: string; why: string; want: Record<string, Want | typeof SAME> }> = [
  {
    file: 'article-whitespace.html',
    base: 'article.html',
    why: 'whitespace changes: the text model is unchanged',
    want: all(ARTICLE, SAME),
  },
  {
    file: 'article-inserted.html',
    base: 'article.html',
    why: 'paragraphs and a section inserted',
    want: all(ARTICLE, SAME),
  },
  {
    file: 'article-removed.html',
    base: 'article.html',
    why: 'a paragraph and a list item removed',
    want: { ...all(ARTICLE, SAME), 'a-across-elements': null, 'a-across-paragraphs': null, 'a-list-item': null },
  },
  {
    file: 'article-edited.html',
    base: 'article.html',
    why: 'words edited inside and next to quotes',
    want: {
      ...all(ARTICLE, SAME),
      'a-sentence': { text: 'Every four hours they wrote down the wind, the sea state, the sky and anything that passed.', methods: ['fuzzy'] },
      'a-departure': { text: 'The last keeper to leave, a man named Tomas Reid, locked the door behind him and gave the key to the boatman', methods: ['fuzzy'] },
      'a-edit-start': { text: 'Today the beacon is an array of LEDs that switches itself on at dusk.', methods: ['fuzzy'] },
      'a-edited-near': { text: 'The lens had to be cleaned of salt and soot before dawn', methods: ['quote'] },
      'a-short-repeated': { text: 'cistern', nth: 2, methods: ['quote'] },
    },
  },
  {
    file: 'article-moved.html',
    base: 'article.html',
    why: 'a section and a quotation moved',
    want: { ...all(ARTICLE, SAME), 'a-short-unique': { text: 'paraffin', orOrphan: true } },
  },
  {
    file: 'article-saved.html',
    base: 'article.html',
    why: 'the article Commonplace stores for the page (no header, byline or footer)',
    want: { ...all(ARTICLE, SAME), 'a-byline': null, 'a-footer': null },
  },
  {
    file: 'repeated-inserted.html',
    base: 'repeated.html',
    why: 'two paragraphs inserted first: every XPath now names the element two before (for the rules, an identical copy)',
    want: {
      'r-tide-2': { text: 'When the tide comes in', nth: 2 },
      'r-tide-3': { text: 'When the tide comes in', nth: 3 },
      'r-check-1': { text: 'Check the tables, then check them again.', nth: 1 },
      'r-check-2': { text: 'Check the tables, then check them again.', nth: 2 },
      'r-repeat-3': { text: 'Repeat after me.', nth: 3, orOrphan: true },
      'r-never': SAME,
    },
  },
  {
    file: 'repeated-edited.html',
    base: 'repeated.html',
    why: 'the words before a repeated phrase and a word inside a rule edited',
    want: {
      'r-tide-2': { text: 'When the tide comes in', nth: 2 },
      'r-tide-3': { text: 'When the tide comes in', nth: 3 },
      'r-check-1': { text: 'Check the tables, then check them again.', nth: 1 },
      'r-check-2': { text: 'Check the tables, then check them again.', nth: 2 },
      // Its range still holds, but its copies' contexts are identical and the text before it changed, so nothing
      // confirms which copy the range names: an orphan is the honest answer.
      'r-repeat-3': { text: 'Repeat after me.', nth: 3, orOrphan: true },
      'r-never': { text: 'Never cross after sunset, and never cross alone.', methods: ['fuzzy'] },
    },
  },
  {
    file: 'rtl-edited.html',
    base: 'rtl.html',
    why: 'right-to-left text: a paragraph inserted, words edited in Hebrew and Arabic',
    want: {
      'h-he-sentence': SAME,
      'h-he-mixed': SAME,
      'h-he-edited': { text: 'כל ארבע שעות: את הרוח, את גובה הגלים ואת הראות.', methods: ['fuzzy'] },
      'h-ar': SAME,
      'h-ar-edited': { text: 'وتعرف القوارب أن تبتعد عن الشعاب', methods: ['fuzzy'] },
    },
  },
  {
    file: 'emoji-edited.html',
    base: 'emoji.html',
    why: 'emoji sequences and combining characters: a paragraph inserted, words edited next to them',
    want: {
      'e-family': { text: 'The whole family came 👩‍👩‍👧‍👦 and everyone gave the ferry ride a thumbs up 👍🏽', methods: ['fuzzy'] },
      'e-combining': { text: 'cafe\u0301 at the airport sold warm sco\u0301nes', methods: ['fuzzy'] },
      'e-vietnamese': SAME,
      'e-astral': SAME,
      'e-cjk': SAME,
      'e-flag': SAME,
    },
  },
];

/** Start of the nth occurrence of `text` in `hay`, or -1. */
function nthIndex(hay: string, text: string, nth: number): number {
  let at = -1;
  for (let k = 0; k < nth; k++) {
    at = hay.indexOf(text, at + 1);
    if (at === -1) return -1;
  }
  return at;
}

describe('the baselines themselves', () => {
  it('are valid stored targets, and describing the same passages today gives the same targets (stored highlights depend on it)', () => {
    expect(BASELINES.length).toBeGreaterThan(25);
    for (const b of BASELINES) {
      expect(HighlightTargetSchema.safeParse(b.target).success, b.id).toBe(true);
      const root = rootOf(b.page);
      const model = textModelOf(root);
      const again = describeRange(model.rangeOf(b.target.position.start, b.target.position.end), root, { model });
      expect(again.ok && again.value, b.id).toEqual(b.target);
    }
  });

  it('anchor on the page they were described on, by their range, in one model for all', () => {
    for (const page of new Set(BASELINES.map((b) => b.page))) {
      const mine = BASELINES.filter((b) => b.page === page);
      const root = rootOf(page);
      const model = textModelOf(root);
      anchorAll(
        mine.map((b) => b.target),
        root,
        { model },
      ).forEach((found, i) => {
        const { target, id } = mine[i]!;
        expect(found && { start: found.start, end: found.end, method: found.method }, id).toEqual({ start: target.position.start, end: target.position.end, method: 'range' });
        expect(model.offsetsOf(found!.range), id).toEqual({ start: target.position.start, end: target.position.end });
      });
    }
  });
});

describe.each(VARIANTS)('$file ($why)', ({ file, base, want }) => {
  const root = rootOf(file);
  const model = textModelOf(root);
  const cases = BASELINES.filter((b) => b.page === base && b.id in want);
  const baseText = textModelOf(rootOf(base)).text;

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_, { target }) => {
    const w = want[_]!;
    // The highlight's own quote, at the same occurrence as on its page.
    const nth = baseText.slice(0, target.position.end).split(target.quote.exact).length - 1;
    const expected: Want = w === SAME ? { text: target.quote.exact, nth, methods: ['range', 'position', 'quote'] } : w;
    const found = anchor(target, root, { model });
    if (expected === null) {
      expect(found).toBeNull();
      return;
    }
    const spec = typeof expected === 'string' ? { text: expected } : expected;
    const start = nthIndex(model.text, spec.text, spec.nth ?? 1);
    expect(start, 'the expected text is in the file').toBeGreaterThanOrEqual(0);
    if (spec.nth === undefined) expect(nthIndex(model.text, spec.text, 2), 'the expected text is unique').toBe(-1);
    if (found === null && spec.orOrphan) return;
    expect(found, 'found').not.toBeNull();
    expect({ start: found!.start, end: found!.end }).toEqual({ start, end: start + spec.text.length });
    if (spec.methods) expect(spec.methods).toContain(found!.method);
    // The DOM range holds the same text (up to the whitespace the model collapses).
    expect(model.offsetsOf(found!.range)).toEqual({ start, end: start + spec.text.length });
  });
});
