import { describe, expect, it } from 'vitest';
import { HighlightTargetSchema, MAX_QUOTE_CHARS, RangeSelectorSchema, TextPositionSelectorSchema, TextQuoteSelectorSchema } from '../../../src/schema/selectors';

const quote = { type: 'TextQuoteSelector', exact: 'the warden', prefix: 'an hour before ', suffix: ' closes the gate' } as const;
const position = { type: 'TextPositionSelector', start: 10, end: 20 } as const;
const range = { type: 'RangeSelector', startContainer: '/main[1]/p[2]', startOffset: 4, endContainer: '/main[1]/p[2]/em[1]', endOffset: 3 } as const;

describe('selector schemas', () => {
  it('accept what describe writes, with or without a range', () => {
    expect(HighlightTargetSchema.parse({ quote, position, range })).toEqual({ quote, position, range });
    expect(HighlightTargetSchema.parse({ quote, position, range: null }).range).toBeNull();
    expect(RangeSelectorSchema.safeParse({ ...range, startContainer: '', endContainer: '' }).success).toBe(true);
  });

  it('reject unknown fields, naming them, at every level (strict, like every schema here)', () => {
    const r = HighlightTargetSchema.safeParse({ quote: { ...quote, refinedBy: {} }, position, range: null });
    expect(!r.success && r.error.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['refinedBy'] });
    expect(HighlightTargetSchema.safeParse({ quote, position, range, color: 'yellow' }).success).toBe(false);
  });

  it('reject empty or over-long quotes, backwards positions and XPaths that are not simple', () => {
    expect(TextQuoteSelectorSchema.safeParse({ ...quote, exact: '' }).success).toBe(false);
    expect(TextQuoteSelectorSchema.safeParse({ ...quote, exact: 'x'.repeat(MAX_QUOTE_CHARS + 1) }).success).toBe(false);
    expect(TextQuoteSelectorSchema.safeParse({ ...quote, exact: 'x'.repeat(MAX_QUOTE_CHARS) }).success).toBe(true);
    expect(TextPositionSelectorSchema.safeParse({ ...position, end: 10 }).success).toBe(false);
    expect(TextPositionSelectorSchema.safeParse({ ...position, start: -1 }).success).toBe(false);
    expect(TextPositionSelectorSchema.safeParse({ ...position, start: 1.5 }).success).toBe(false);
    for (const xpath of ['//p', '/p', '/p[0]', '/p[1]/text()[1]', 'p[1]', "/p[1][@id='x']"]) {
      expect(RangeSelectorSchema.safeParse({ ...range, startContainer: xpath }).success, xpath).toBe(false);
    }
    expect(TextQuoteSelectorSchema.safeParse({ ...quote, type: 'TextPositionSelector' }).success).toBe(false);
  });
});
