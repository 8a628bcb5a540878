/**
 * Why one image of a clip was not saved, per image: a short code (never prose) stored in the
 * clip's catalog entry (`ImagesRef.missing`, keyed by `imageKey(src)`), bounded so the catalogs
 * every device syncs stay small, and put in words for the note the reader shows under the
 * image's alt text. A code is a word, optionally with a number: `cap:5242880` (over the
 * per-clip cap of that many bytes), `http:404` (the site's answer). No imports: the library
 * (src/library/clip-media.ts) uses it when it writes the catalog entry.
 */

/** At most this many images of a clip have their own reason recorded (the first left out, in document order). */
export const MAX_MISSING = 64;
/** And at most this many characters of keys in all (image URLs can be long); the rest fall back to the summary reason. */
export const MAX_MISSING_KEY_CHARS = 16_384;
/** A key longer than this is never recorded (`imageKey` hashes URLs over 2,048 characters). */
export const MAX_MISSING_KEY = 2_100;
/** What a reason code looks like: a short lower-case word, optionally `:` and a number. */
export const MISSING_CODE = /^[a-z][a-z-]{0,15}(?::\d{1,12})?$/;

/** The reason codes, for images left out. */
export const MISSING = {
  /** Over the per-clip cap of `capBytes`. */
  cap: (capBytes: number): string => `cap:${Math.max(0, Math.round(capBytes))}`,
  /** The site answered with HTTP status `status`. */
  http: (status: number): string => `http:${Math.max(0, Math.round(status))}`,
  tooMany: 'count',
  failed: 'failed',
  notImage: 'type',
  tooBig: 'big',
  svgTooBig: 'svg-big',
  bomb: 'bomb',
  damaged: 'damaged',
  badSvg: 'svg',
  timeout: 'timeout',
  redirect: 'redirect',
  blocked: 'blocked',
  slow: 'slow',
  interrupted: 'interrupted',
  unstored: 'unstored',
  notInExport: 'export',
} as const;

/** Why a fetch failed, as a reason code (`MISSING`: `http:404`, `timeout`, `redirect`, …). */
export interface FetchFailed {
  readonly failed: string;
}

/** Megabytes the way the options page writes them ("5 MB", "0.5 MB"). */
export function formatMb(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toPrecision(3))} MB`;
}

const WORDS: Record<string, string> = {
  count: 'more images than a clip keeps (300)',
  failed: 'it could not be loaded',
  type: 'the file is not an image',
  big: 'too large to save (over 20 MB)',
  bomb: 'too many pixels to decode safely',
  damaged: 'damaged (it could not be decoded)',
  svg: 'an SVG file that could not be read',
  'svg-big': 'an SVG file too large to save (over 2 MB)',
  timeout: 'the site did not answer in time',
  redirect: 'redirected to an address not allowed for this page',
  blocked: 'an address not allowed for this page',
  slow: 'the site was too slow (saving a clip’s images stops after 3 minutes)',
  interrupted: 'saving was interrupted three times (the browser stopped)',
  unstored: 'it could not be stored, three times (the disk may be full: free some space, then save the page again)',
  export: 'not in the export it was imported from',
};

/** One reason code in words ("over this clip’s 5 MB image cap", "the site answered 404"); null for a code this version does not know. */
export function missingWords(code: string): string | null {
  const m = /^([a-z-]+)(?::(\d+))?$/.exec(code);
  if (!m) return null;
  const n = m[2] === undefined ? null : Number(m[2]);
  if (m[1] === 'cap' && n !== null) return `over this clip’s ${formatMb(n)} image cap`;
  if (m[1] === 'http' && n !== null) return `the site answered ${n}`;
  return n === null ? (WORDS[m[1]!] ?? null) : null;
}

/**
 * The note under one image not saved: its own reason when recorded (`code`); else, for an entry
 * written before per-image reasons (or an image past `MAX_MISSING`), the clip's summary
 * `reason` when it is a single one; else just "(image not saved)".
 */
export function missingImageNote(code: string | undefined, summary: string | null = null): string {
  const words = code === undefined ? null : missingWords(code);
  if (words) return `(image not saved: ${words})`;
  if (summary && !summary.includes('; ')) return `(image not saved: ${summary})`;
  return '(image not saved)';
}

/**
 * A `missing` map made safe to store, use and send (`getClipImages`), the one place its bounds
 * are applied: only string keys of a sane length with well-formed codes (an Automerge
 * `ImmutableString` read as its string), at most `MAX_MISSING` and `MAX_MISSING_KEY_CHARS`
 * characters of keys, in order; undefined when none is left (an entry written before per-image
 * reasons). Takes a stored object or the `Map` a clip's image budget fills.
 */
export function missingOf(raw: unknown): Record<string, string> | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const out: Record<string, string> = {};
  let n = 0;
  let chars = 0;
  for (const [key, value] of raw instanceof Map ? (raw as Map<unknown, unknown>) : Object.entries(raw as Record<string, unknown>)) {
    if (n >= MAX_MISSING) break;
    const code = typeof value === 'string' || (value && typeof value === 'object') ? String(value) : '';
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_MISSING_KEY || chars + key.length > MAX_MISSING_KEY_CHARS || !MISSING_CODE.test(code)) continue;
    out[key] = code;
    chars += key.length;
    n++;
  }
  return n > 0 ? out : undefined;
}
