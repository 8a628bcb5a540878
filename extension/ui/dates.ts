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

const SAME_YEAR: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };
const sameYearFormat = new Intl.DateTimeFormat(undefined, SAME_YEAR);

/**
 * A list row's or card's saved day: without the year in the year of `now` ("Dec 7", as Readwise
 * Reader's list shows "Jan 18th"), with it before ("Mar 18, 2024"), so the meta line (site,
 * author, date, length) fits one line of a side panel. Search results and the reader keep
 * `shortDate`.
 */
export function rowDate(ms: number, now: number = Date.now()): string {
  return new Date(ms).getFullYear() === new Date(now).getFullYear() ? sameYearFormat.format(ms) : dayFormat.format(ms);
}
