// One formatter for every date the panel shows: toLocaleDateString builds a new one per call,
// which was most of a first render of the list. No imports: the list's first paint loads this.
const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
const dayFormat = new Intl.DateTimeFormat(undefined, DAY);

/**
 * A day as every list, result and reader shows it ("Mar 18, 2024", in the browser's language),
 * in the browser's time zone, or in `timeZone` (`'UTC'`: the calendar day a bare `2024-03-18`
 * names, not the instant of its UTC midnight, which is the day before west of Greenwich).
 */
export function shortDate(ms: number, timeZone?: string): string {
  return (timeZone === undefined ? dayFormat : new Intl.DateTimeFormat(undefined, { ...DAY, timeZone })).format(ms);
}
