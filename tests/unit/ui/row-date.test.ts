import { describe, expect, it } from 'vitest';
import { rowDate, shortDate, withoutYear } from '../../../extension/ui/dates';

describe('rowDate: a row’s saved day', () => {
  const now = new Date(2026, 11, 7, 12).getTime();

  it('leaves the year out in the current year, so the meta line fits the panel', () => {
    const ms = new Date(2026, 0, 18, 9).getTime();
    expect(rowDate(ms, now)).not.toMatch(/2026/);
    expect(rowDate(ms, now)).toMatch(/18/);
  });

  it('keeps the year for an earlier or later year, as shortDate writes it', () => {
    for (const ms of [new Date(2025, 11, 31, 23).getTime(), new Date(2024, 2, 18).getTime(), new Date(2027, 0, 1).getTime()]) {
      expect(rowDate(ms, now)).toBe(shortDate(ms));
    }
  });
});

describe('withoutYear: a day’s parts without its year, in any language', () => {
  const day = Date.UTC(2026, 11, 7, 12);
  const parts = (locale: string) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).formatToParts(day);

  it('takes out the year and the separator that joins it', () => {
    expect(withoutYear(parts('en-US'))).toBe('Dec 7');
    expect(withoutYear(parts('en-GB'))).toBe('7 Dec');
    expect(withoutYear(parts('de-DE'))).toBe('7. Dez.');
    expect(withoutYear(parts('ja-JP'))).toBe('12月7日');
    expect(withoutYear(parts('fr-FR'))).toBe('7 déc.');
  });

  it('leaves a date with no year as it is', () => {
    expect(withoutYear([{ type: 'month', value: 'Dec' }, { type: 'literal', value: ' ' }, { type: 'day', value: '7' }])).toBe('Dec 7');
  });
});
