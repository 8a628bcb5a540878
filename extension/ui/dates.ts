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

/**
 * A list row's or card's saved day: without the year in the year of `now` ("Dec 7", as Readwise
 * Reader's list shows "Jan 18th"), with it before ("Mar 18, 2024"), so the meta line (site,
 * author, date, length) fits one line of a side panel. Search results and the reader keep
 * `shortDate`. The one formatter's parts, the year taken out (`withoutYear`): a second
 * formatter would be built as the list's first paint loads this.
 */
export function rowDate(ms: number, now: number = Date.now()): string {
  if (new Date(ms).getFullYear() !== new Date(now).getFullYear()) return dayFormat.format(ms);
  return withoutYear(dayFormat.formatToParts(ms));
}

/**
 * A formatted day's parts without its year and the separator that joins it: the one before a
 * year that ends the date ("Dec 7, 2026", "7. Dez. 2026"), else the one after ("2026年12月7日",
 * "2026-12-07").
 */
export function withoutYear(parts: readonly Intl.DateTimeFormatPart[]): string {
  const i = parts.findIndex((p) => p.type === 'year');
  if (i < 0) return parts.map((p) => p.value).join('');
  const cut = i === parts.length - 1 ? [i - 1, i] : [i, i + 1];
  return parts
    .filter((p, k) => !(cut.includes(k) && (k === i || p.type === 'literal')))
    .map((p) => p.value)
    .join('')
    .trim();
}
