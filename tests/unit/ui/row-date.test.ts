import { describe, expect, it } from 'vitest';
import { rowDate, shortDate } from '../../../extension/ui/dates';

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
