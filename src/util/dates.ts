/**
 * Dates from numbers another device, an export or a tampered file may have written: any number
 * can arrive, and `new Date` past ±8.64e15 ms (or of NaN, Infinity) is an Invalid Date whose
 * `toISOString` throws, which once broke every later export.
 */

/** Whether `ms` can be a JavaScript date (finite, within ±8.64e15 ms). */
export const isDateMs = (ms: number): boolean => !Number.isNaN(new Date(ms).getTime());

/** `ms` as ISO 8601 (UTC), or null for none or for a number that is no date. */
export const isoOrNull = (ms: number | null | undefined): string | null => (ms == null || !isDateMs(ms) ? null : new Date(ms).toISOString());

/**
 * `ms` as ISO 8601 in local time, offset `offsetMinutes` (`Date#getTimezoneOffset`, the zone's own
 * at that moment by default), with no zone mark: what a file name or a day shown to the user reads.
 */
export const localIso = (ms: number, offsetMinutes = new Date(ms).getTimezoneOffset()): string => new Date(ms - offsetMinutes * 60_000).toISOString();
