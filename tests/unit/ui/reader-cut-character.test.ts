// @vitest-environment jsdom
/**
 * The reader draws a highlight stored before `describe` widened selections to whole characters
 * (a target ending after 👩 of 👩‍💻, before an accent, or between the halves of a surrogate
 * pair) widened to whole grapheme clusters: `anchor` moves the ends out (src/anchoring). The
 * stored target is not rewritten. Before, the reader drew it cut inside the character.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { positionKind, quoteKind, rangeKind } from '../../../src/anchoring/selector-kinds';
import { textModelOf } from '../../../src/capture/text-model';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { mountPoint, wait } from './list-dom';

const HTML = '<p>Written by a 👩\u200d💻 at night, then a cafe\u0301 in the morning.</p>';
const div = document.createElement('div');
div.innerHTML = HTML;
const model = textModelOf(div);
const TEXT = model.text;

/** The target an older build stored for [start, end): the ends as given, not widened. */
function oldTarget(start: number, end: number): HighlightTarget {
  const passage = { text: TEXT, model, start, end };
  return { quote: quoteKind.describe(passage)!, position: positionKind.describe(passage)!, range: rangeKind.describe(passage) } as HighlightTarget;
}

const e = TEXT.indexOf('👩');
const cafe = TEXT.indexOf('cafe');
const CUTS: Array<[HighlightTarget, string]> = [
  [oldTarget(0, e + 2), 'Written by a 👩\u200d💻'],
  [oldTarget(e + 3, e + 8), '👩\u200d💻 at'],
  [oldTarget(e + 1, e + 5), '👩\u200d💻'],
  [oldTarget(cafe, cafe + 4), 'cafe\u0301'],
];
const highlights = CUTS.map(([target], i) => ({
  id: `h${i}`, clipId: 'clipA', color: 'yellow', note: '', createdAt: i + 1, updatedAt: i + 1, target, page: null, found: true, readOnly: false,
}));

const clip = {
  id: 'clipA', key: 'clipA', kind: 'page', url: 'https://example.com/a', pageUrl: 'https://example.com/a', title: 'A clip', siteName: null, byline: null, excerpt: null,
  publishedTime: null, savedAt: 1, capturedAt: 1, wordCount: 12, readAt: null, archivedAt: null, deletedAt: null, favoriteAt: null, tags: [], hasNote: false,
  canonicalUrl: null, lang: null, dir: null, html: HTML, text: TEXT, note: '', position: null, tooNew: false,
};
vi.mock('../../../extension/messaging', () => ({
  background: vi.fn((method: string) => {
    if (method === 'getClip') return Promise.resolve({ ok: true, value: clip });
    if (method === 'clipHighlights') return Promise.resolve({ ok: true, value: { highlights } });
    return new Promise(() => undefined);
  }),
}));
const drawn: string[][] = [];
vi.mock('../../../extension/ui/reader-highlights', async (original) => ({
  ...(await original<typeof import('../../../extension/ui/reader-highlights')>()),
  drawHighlights: (items: ReadonlyArray<{ range: AbstractRange }>) => void drawn.push(items.map(({ range }) => (range as Range).toString())),
}));

window.scrollTo = (() => undefined) as never;

const { Reader } = await import('../../../extension/ui/Reader');

describe('the reader, a stored highlight that ends inside a character', () => {
  it('is drawn over whole characters', async () => {
    const root = mountPoint();
    await act(() => render(h(Reader, { clipId: 'clipA', onBack: () => undefined, onDelete: () => undefined }), root));
    await wait(30);
    expect(drawn.at(-1)).toEqual(CUTS.map(([, whole]) => whole));
  });
});
