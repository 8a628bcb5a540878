/**
 * Another service's quote whose spacing or invisible characters differ from the article's
 * text: an Omnivore quote spanning paragraphs has a blank line between them (the text model
 * one line break), and the import drops zero-width characters and direction marks from
 * quotes that the article keeps. Such a quote comes without context, so an approximate match
 * is never taken: before, it was stored as not found (position 0, no context) though every
 * word of it was in the article.
 */
import { describe, expect, it } from 'vitest';
import { anchorInText } from '../../../src/anchoring/anchor';
import { importedTarget } from '../../../src/library/import-entry';

const TEXT =
  'The causeway\nTide tables are printed each spring, and pinned by the door.\n' +
  'The warden closes the gate an hour before high water.\nWalkers wait on the island until it dries.\n' +
  'שלום\u200f עולם, said the sign on the jetty, in co\u00adoperation with the council.';

describe('an imported quote whose spacing or invisible characters differ from the text', () => {
  it('is found when its words occur once, with the text’s own spacing stored', () => {
    const cases: Array<[string, string]> = [
      ['an hour before high water.\n\nWalkers wait on the island', 'an hour before high water.\nWalkers wait on the island'],
      ['pinned by the door.  The warden closes', 'pinned by the door.\nThe warden closes'],
      ['שלום עולם, said the sign', 'שלום\u200f עולם, said the sign'],
      ['in cooperation with', 'in co\u00adoperation with'],
    ];
    for (const [quote, inText] of cases) {
      const t = importedTarget(TEXT, quote);
      expect(t.quote.exact, quote).toBe(inText);
      expect(t.position, quote).toEqual({ type: 'TextPositionSelector', start: TEXT.indexOf(inText), end: TEXT.indexOf(inText) + inText.length });
      expect(t.quote.prefix, quote).not.toBe('');
      expect(anchorInText(TEXT, t), quote).not.toBeNull();
    }
  });

  it('is still kept as not found when its words occur more than once, or not at all', () => {
    const twice = `${TEXT}\nThe warden closes the gate.\nThe warden closes the gate.`;
    for (const [text, quote] of [
      [twice, 'The warden closes\n\nthe gate'],
      [TEXT, 'The keeper closes\n\nthe gate'],
    ] as const) {
      const t = importedTarget(text, quote);
      expect(t.quote).toEqual({ type: 'TextQuoteSelector', exact: quote, prefix: '', suffix: '' });
    }
  });
});
