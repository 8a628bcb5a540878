// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchor, anchorAll, anchorInText, describe as describeRange, describeText } from '../../../src/anchoring/anchor';
import { snapToCharacters } from '../../../src/anchoring/graphemes';
import { textModelOf } from '../../../src/capture/text-model';
import { MAX_QUOTE_CHARS } from '../../../src/schema/selectors';
import type { HighlightTarget } from '../../../src/schema/selectors';
import { seeded as prng } from '../../../scripts/bench/seeded';

const page = (file: string): HTMLElement =>
  new DOMParser().parseFromString(readFileSync(join(import.meta.dirname, '../../fixtures/anchoring', file), 'utf8'), 'text/html').body;

function rootOf(html: string): HTMLDivElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

/** Describes the `nth` occurrence of `exact` in `root`'s text (as a plain range shape: jsdom's Range is slow to make). */
function target(root: HTMLElement, exact: string, nth = 1, model = textModelOf(root)): HighlightTarget {
  let at = -1;
  for (let k = 0; k < nth; k++) at = model.text.indexOf(exact, at + 1);
  const a = model.pointAt(at, 'start');
  const b = model.pointAt(at + exact.length, 'end');
  const r = describeRange({ startContainer: a.node, startOffset: a.offset, endContainer: b.node, endOffset: b.offset }, root, { model });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}


describe('describe', () => {
  it('stores the quote with 32 characters of context, its position and its range, whitespace at the ends left out', () => {
    const root = rootOf('<p>Alpha beta gamma delta epsilon zeta eta theta iota.</p><p>Kappa <em>lambda</em> mu.</p>');
    const model = textModelOf(root);
    const at = model.text.indexOf('Kappa');
    // From the line break before "Kappa" to the space after "lambda": both left out.
    const r = describeRange(model.rangeOf(at - 1, at + 13), root);
    expect(r.ok && r.value).toEqual({
      quote: { type: 'TextQuoteSelector', exact: 'Kappa lambda', prefix: 'ta epsilon zeta eta theta iota.\n', suffix: ' mu.' },
      position: { type: 'TextPositionSelector', start: at, end: at + 12 },
      range: { type: 'RangeSelector', startContainer: '/p[2]', startOffset: 0, endContainer: '/p[2]/em[1]', endOffset: 6 },
    });
    const long = rootOf(`<p>${'x'.repeat(40)} middle ${'y'.repeat(40)}</p>`);
    const t = target(long, 'middle');
    expect(t.quote.prefix).toBe(`${'x'.repeat(31)} `);
    expect(t.quote.suffix).toBe(` ${'y'.repeat(31)}`);
  });

  it('returns errors as values: nothing selected, only whitespace, too long, outside the root', () => {
    const root = rootOf('<p>Some words.</p><p>   </p>');
    document.body.append(root);
    const range = document.createRange();
    range.setStart(root.firstChild!.firstChild!, 2);
    const empty = describeRange(range, root);
    expect(!empty.ok && empty.error.code).toBe('no-content');
    range.selectNodeContents(root.lastChild!);
    const blank = describeRange(range, root);
    expect(!blank.ok && blank.error.code).toBe('no-content');
    const outside = document.createElement('p');
    outside.textContent = 'elsewhere';
    document.body.append(outside);
    range.selectNodeContents(outside);
    const elsewhere = describeRange(range, root);
    expect(!elsewhere.ok && elsewhere.error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/outside/) });
    const big = rootOf(`<p>${'word '.repeat(2_100)}</p>`);
    range.selectNodeContents(big);
    const long = describeRange(range, big);
    expect(!long.ok && long.error).toEqual({
      code: 'too-large',
      message: `This selection is too long to highlight: 10,499 characters, and the limit is ${MAX_QUOTE_CHARS.toLocaleString('en-US')}. Select a shorter passage.`,
    });
    root.remove();
    outside.remove();
  });

  it('describes on a DocumentFragment root (a reader article before it is attached)', () => {
    const frag = document.createRange().createContextualFragment('<p>First.</p><p>The <b>second</b> one.</p>');
    const model = textModelOf(frag);
    const at = model.text.indexOf('second');
    const r = describeRange(model.rangeOf(at, at + 10), frag, { model });
    expect(r.ok && r.value.range).toEqual({ type: 'RangeSelector', startContainer: '/p[2]/b[1]', startOffset: 0, endContainer: '/p[2]', endOffset: 14 });
    expect(r.ok && anchor(r.value, frag)?.method).toBe('range');
  });
});

describe('anchor', () => {
  it('round-trips any range of a page (describe, then anchor on the same DOM) by its range selector', () => {
    const root = page('article.html');
    const model = textModelOf(root);
    const rand = prng(5);
    for (let n = 0; n < 200; n++) {
      const start = Math.floor(rand() * (model.text.length - 1));
      const end = Math.min(model.text.length, start + 1 + Math.floor(rand() * 300));
      const r = describeRange(model.rangeOf(start, end), root, { model });
      if (!r.ok) {
        expect(r.error.code).toBe('no-content');
        continue;
      }
      const found = anchor(r.value, root, { model });
      expect(found && { start: found.start, end: found.end, method: found.method }).toEqual({ start: r.value.position.start, end: r.value.position.end, method: 'range' });
      expect(model.text.slice(found!.start, found!.end)).toBe(r.value.quote.exact);
    }
  });

  it('falls back from range to position to quote, each checked against the quote', () => {
    const root = rootOf('<p>One two three.</p><p>The quick brown fox jumps over the lazy dog.</p>');
    const t = target(root, 'quick brown fox jumps');
    expect(anchor(t, root)?.method).toBe('range');
    const noRange = { ...t, range: null };
    expect(anchor(noRange, root)?.method).toBe('position');
    // A range naming the wrong element, or a position off by one, is refused in favour of the next selector.
    const misplaced: HighlightTarget = { ...t, range: { ...t.range!, startContainer: '/p[1]', endContainer: '/p[1]' } };
    expect(anchor(misplaced, root)?.method).toBe('position');
    const shifted: HighlightTarget = { ...t, range: null, position: { ...t.position, start: t.position.start + 1, end: t.position.end + 1 } };
    expect(anchor(shifted, root)?.method).toBe('quote');
    const edited = rootOf('<p>One two three.</p><p>The quick brown cat jumps over the lazy dog.</p>');
    expect(anchor(t, edited)).toMatchObject({ method: 'fuzzy', start: textModelOf(edited).text.indexOf('quick') });
  });

  it('makes the DOM range only when it is read', () => {
    const root = rootOf('<p>A passage long enough to stand on its own.</p>');
    const found = anchor(target(root, 'long enough to stand'), root)!;
    expect(Object.getOwnPropertyDescriptor(found, 'range')?.get).toBeTypeOf('function');
    expect(found.range.toString()).toBe('long enough to stand');
    expect(found.range).toBe(found.range);
  });

  it('anchors 500 highlights on one page with one text model, without work per highlight that grows with the page', () => {
    const paragraph = (i: number) => `<p>Paragraph ${i} opens with a line about tides, then a second sentence numbered ${i * 7}, and ends here.</p>`;
    const root = rootOf(`<article>${Array.from({ length: 1_000 }, (_, i) => paragraph(i)).join('\n')}</article>`);
    const model = textModelOf(root);
    const rand = prng(11);
    const targets = Array.from({ length: 500 }, () => {
      const i = Math.floor(rand() * 1_000);
      return target(root, `a second sentence numbered ${i * 7}, and`, 1, model);
    });
    expect(model.text.length).toBeGreaterThan(90_000);
    const t = performance.now();
    const found = anchorAll(targets, root);
    const ms = performance.now() - t;
    expect(found.every((f) => f?.method === 'range')).toBe(true);
    // Not a speed target (typically ~50 ms here; 1.7 s once on a loaded CI machine): a guard
    // against work per highlight that grows with the page, which would take tens of seconds.
    expect(ms).toBeLessThan(10_000);
  });
});

describe('anchorInText and describeText (no DOM: the background)', () => {
  const text = 'Tide tables are printed each spring.\nThe causeway floods twice a day, and the warden closes the gate an hour before high water.\nWalkers wait on the island.';

  it('describes offsets as a quote and a position, with the same errors as describe', () => {
    const at = text.indexOf('the warden');
    const r = describeText(text, at - 1, at + 10);
    expect(r.ok && r.value).toEqual({
      quote: { type: 'TextQuoteSelector', exact: 'the warden', prefix: text.slice(at - 32, at), suffix: text.slice(at + 10, at + 42) },
      position: { type: 'TextPositionSelector', start: at, end: at + 10 },
    });
    expect(describeText(text, 5, 2).ok).toBe(false);
    expect(describeText(text, 0, text.length + 1).ok).toBe(false);
    const blank = describeText('a   b', 1, 4);
    expect(!blank.ok && blank.error.code).toBe('no-content');
  });

  it('finds a quote by position, then exactly, then approximately, and re-describes it in a re-saved text', () => {
    const t = describeText(text, text.indexOf('The causeway'), text.indexOf(' high water') + 11);
    if (!t.ok) throw new Error('describe');
    expect(anchorInText(text, t.value)?.method).toBe('position');
    const resaved = `A new first line.\n${text}`;
    const moved = anchorInText(resaved, t.value);
    expect(moved).toEqual({ start: resaved.indexOf('The causeway'), end: resaved.indexOf(' high water') + 11, method: 'quote' });
    const edited = resaved.replace('closes the gate', 'shuts the gate');
    const fuzzy = anchorInText(edited, t.value)!;
    expect(fuzzy.method).toBe('fuzzy');
    expect(edited.slice(fuzzy.start, fuzzy.end)).toBe('The causeway floods twice a day, and the warden shuts the gate an hour before high water');
    const again = describeText(edited, fuzzy.start, fuzzy.end);
    expect(again.ok && anchorInText(edited, again.value)?.method).toBe('position');
  });

  it('prefers an orphan to a doubtful place', () => {
    // The passage is gone; a similar one elsewhere differs in more than a quarter of its characters.
    const gone = describeText(text, text.indexOf('Walkers'), text.length);
    if (!gone.ok) throw new Error('describe');
    expect(anchorInText('Tide tables are printed each spring.\nRunners wait on the pier.', gone.value)).toBeNull();
    // A short quote found once, but nowhere near its context.
    const short = describeText(text, text.indexOf('gate'), text.indexOf('gate') + 4);
    if (!short.ok) throw new Error('describe');
    expect(anchorInText('Close the gate behind you when you leave the field.', { quote: short.value.quote })).toBeNull();
    // A repeated phrase whose copies have the same context cannot be told apart.
    const twice = 'Check the tables.\nRepeat after me.\nCheck the tables.\nRepeat after me.\nCheck the tables.';
    const mid = describeText(twice, twice.indexOf('Repeat'), twice.indexOf('Repeat') + 16);
    if (!mid.ok) throw new Error('describe');
    expect(anchorInText(twice, { quote: mid.value.quote })).toBeNull();
    // Two near copies of an edited passage, in the same surroundings, about as close to it: neither is taken.
    const pad = 'A padding line longer than the thirty-two characters of context.\n';
    const base = `${pad}The warden closes the gate at noon on weekdays.\n${pad}The warden closes the gate at noon on weekends.\n${pad}`;
    const q = describeText(base, pad.length, pad.length + 47);
    if (!q.ok) throw new Error('describe');
    expect(q.value.quote.exact).toBe('The warden closes the gate at noon on weekdays.');
    expect(anchorInText(base.replace('gate at noon on weekdays', 'door at noon on weekdays'), { quote: q.value.quote })).toBeNull();
  });

  it('never ends an approximate match inside an emoji sequence or between a letter and its accent', () => {
    const before = 'Sent from the ferry 👩‍👩‍👧‍👦 with love and cafe\u0301 stains on every page of it.';
    const t = describeText(before, 0, before.indexOf('cafe') + 5);
    if (!t.ok) throw new Error('describe');
    const after = 'Sent from the boat 👩‍👩‍👧‍👦 with love and cafe\u0301 stains on every page of it.';
    const found = anchorInText(after, { quote: t.value.quote })!;
    expect(found.method).toBe('fuzzy');
    expect(after.slice(found.start, found.end)).toBe('Sent from the boat 👩‍👩‍👧‍👦 with love and cafe\u0301');
  });
});

describe('snapToCharacters', () => {
  it('never ends a match between an emoji and its skin tone, nor inside a surrogate pair or before a combining mark', () => {
    expect(snapToCharacters('ok 👍🏽 done', 0, 5)).toEqual({ start: 0, end: 7 });
    expect(snapToCharacters('ok 👍 done', 0, 4)).toEqual({ start: 0, end: 5 });
    expect(snapToCharacters('cafe\u0301 au lait', 0, 4)).toEqual({ start: 0, end: 5 });
  });
  it('takes whole grapheme clusters at both ends (ZWJ sequences, flags, CR LF), and stops where one ends', () => {
    const t = 'a 👩\u200d💻 b';
    for (let i = 3; i <= 6; i++) expect(snapToCharacters(t, 0, i), `end ${i}`).toEqual({ start: 0, end: 7 });
    for (let i = 3; i <= 6; i++) expect(snapToCharacters(t, i, 9), `start ${i}`).toEqual({ start: 2, end: 9 });
    // A joiner after a letter belongs to it (Unicode's rule GB9), but joins nothing after it: the space is not taken.
    expect(snapToCharacters('a\u200d b', 0, 1)).toEqual({ start: 0, end: 2 });
    expect(snapToCharacters('🇫🇷🇩🇪', 2, 6)).toEqual({ start: 0, end: 8 });
    expect(snapToCharacters('x\r\ny', 0, 2)).toEqual({ start: 0, end: 3 });
    expect(snapToCharacters('plain ascii', 2, 7)).toEqual({ start: 2, end: 7 });
    // A cluster longer than the window looked at first.
    const zalgo = `z${'\u0301'.repeat(100)} end`;
    expect(snapToCharacters(zalgo, 50, zalgo.length)).toEqual({ start: 0, end: zalgo.length });
    expect(snapToCharacters(zalgo, 0, 50)).toEqual({ start: 0, end: 101 });
  });
});

describe('describe never splits a character', () => {
  it('moves an end inside an emoji ZWJ sequence, or before a joiner or an accent, out to take the whole character', () => {
    const root = rootOf('<p>Written by a 👩\u200d💻 at night; a\u200d then cafe\u0301 here.</p>');
    const model = textModelOf(root);
    const t = model.text;
    const e = t.indexOf('👩');
    const exact = (s: number, end: number) => {
      const a = model.pointAt(s, 'start');
      const b = model.pointAt(end, 'end');
      const r = describeRange({ startContainer: a.node, startOffset: a.offset, endContainer: b.node, endOffset: b.offset }, root, { model });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.position).toEqual({ type: 'TextPositionSelector', start: t.indexOf(r.value.quote.exact), end: t.indexOf(r.value.quote.exact) + r.value.quote.exact.length });
      return r.value.quote.exact;
    };
    expect(exact(0, e + 2)).toBe('Written by a 👩\u200d💻');
    expect(exact(0, e + 3)).toBe('Written by a 👩\u200d💻');
    expect(exact(e + 2, e + 8)).toBe('👩\u200d💻 at');
    expect(exact(t.indexOf('a\u200d'), t.indexOf('a\u200d') + 1)).toBe('a\u200d');
    expect(exact(t.indexOf('cafe'), t.indexOf('cafe') + 4)).toBe('cafe\u0301');
    const d = describeText(t, 0, e + 2);
    expect(d.ok && d.value.quote.exact).toBe('Written by a 👩\u200d💻');
  });
});
