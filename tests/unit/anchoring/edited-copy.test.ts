// @vitest-environment jsdom
/**
 * A highlighted passage edited since, while an old copy of its words stays elsewhere (a pull
 * quote, a summary): the copy is not the highlight. Before, a quote of 20 characters or more
 * found exactly once was taken wherever it was, context unseen, so the highlight moved to the
 * pull quote with confidence (method 'quote') while the edited passage sat in its context.
 */
import { describe, expect, it } from 'vitest';
import { anchor, anchorInText, describe as describeRange, describeText } from '../../../src/anchoring/anchor';
import { textModelOf } from '../../../src/capture/text-model';

const QUOTE = 'The warden closes the gate an hour before high water';
const EDITED = 'The warden closes the gates an hour before high water';

const page = (sentence: string, pull: string): string =>
  '<p>Harbour notes for the winter season, kept by the keeper of the light.</p>' +
  `<p>In winter the routine never changes. ${sentence}, and walkers wait on the island until the causeway dries.</p>` +
  '<p>Storms come from the west, and the boats stay in the harbour for days at a time.</p>' +
  `<blockquote class="pull-quote">${pull}</blockquote>` +
  '<p>There is no shop, so walkers carry what they need for the day.</p>';

function rootOf(html: string): HTMLDivElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('an edited passage with an old copy of its words elsewhere', () => {
  it('is found, edited, where its context is (live page: range, position and quote), not at the old copy', () => {
    const before = rootOf(page(QUOTE, QUOTE));
    const model = textModelOf(before);
    const at = model.text.indexOf(QUOTE);
    const described = describeRange(model.rangeOf(at, at + QUOTE.length), before, { model });
    if (!described.ok) throw new Error(described.error.message);
    // Two copies: the context picks the paragraph.
    expect(anchor(described.value, before, { model })).toMatchObject({ start: at, method: 'range' });

    const after = rootOf(page(EDITED, QUOTE));
    const text = textModelOf(after).text;
    const found = anchor(described.value, after);
    expect(found && { text: text.slice(found.start, found.end), start: found.start, method: found.method }).toEqual({
      text: EDITED,
      start: text.indexOf(EDITED),
      method: 'fuzzy',
    });
  });

  it('is found so in a text without a DOM (the saved copy, a page highlight by its quote alone)', () => {
    const before = textModelOf(rootOf(page(QUOTE, QUOTE))).text;
    const t = describeText(before, before.indexOf(QUOTE), before.indexOf(QUOTE) + QUOTE.length);
    if (!t.ok) throw new Error(t.error.message);
    const after = textModelOf(rootOf(page(EDITED, QUOTE))).text;
    for (const target of [t.value, { quote: t.value.quote, position: null }]) {
      const found = anchorInText(after, target);
      expect(found && after.slice(found.start, found.end)).toBe(EDITED);
      expect(found?.method).toBe('fuzzy');
    }
  });

  it('still takes the one exact copy when nothing edited sits in the context (a paragraph moved, or the copy highlighted)', () => {
    const before = textModelOf(rootOf(page(QUOTE, QUOTE))).text;
    const pull = before.lastIndexOf(QUOTE);
    const onCopy = describeText(before, pull, pull + QUOTE.length);
    if (!onCopy.ok) throw new Error(onCopy.error.message);
    // The paragraph edited: the pull quote, highlighted itself, is still found exactly.
    const edited = textModelOf(rootOf(page(EDITED, QUOTE))).text;
    expect(anchorInText(edited, { quote: onCopy.value.quote, position: null })).toEqual({
      start: edited.lastIndexOf(QUOTE),
      end: edited.lastIndexOf(QUOTE) + QUOTE.length,
      method: 'quote',
    });
    // The passage moved into new surroundings, with no other copy: found where it now is.
    const para = before.indexOf(QUOTE);
    const t = describeText(before, para, para + QUOTE.length);
    if (!t.ok) throw new Error(t.error.message);
    const moved = `A new opening paragraph about the light.\n${QUOTE}.\nSomething else follows it now, about the boats.`;
    expect(anchorInText(moved, { quote: t.value.quote, position: null })).toMatchObject({ start: moved.indexOf(QUOTE), method: 'quote' });
  });
});
