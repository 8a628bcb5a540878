/**
 * Addresses in the capture profile: each made absolute against the page's base (or dropped when
 * its scheme is not allowed), so the stored HTML does not depend on where it came from.
 */
import { isCanonicalHttpUrl } from '../url/normalize';
import { CAPTURE_SRC_SCHEMES } from './rules';

/** Resolves `value` against `base` (null base: absolute only); null if unparsable or not in `schemes`. */
export function absolute(value: string, base: string | null, schemes: ReadonlySet<string>): string | null {
  // Articles hold thousands of links that Readability already made absolute; parsing each one
  // was a third of the capture sanitiser's time on large pages.
  if (schemes.has('http:') && isCanonicalHttpUrl(value)) return value;
  try {
    const url = base === null ? new URL(value) : new URL(value, base);
    return schemes.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Rewrites each srcset candidate to an absolute http(s) URL, dropping bad candidates and odd descriptors. */
export function absoluteSrcset(value: string, base: string | null): string | null {
  const out: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i] ?? '')) i++;
    const start = i;
    while (i < value.length && !/\s/.test(value[i] ?? '')) i++;
    let url = value.slice(start, i);
    let descriptor = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      const descStart = i;
      while (i < value.length && value[i] !== ',') i++;
      descriptor = value.slice(descStart, i).trim();
    }
    if (url === '') continue;
    const abs = absolute(url, base, CAPTURE_SRC_SCHEMES);
    if (abs === null) continue;
    out.push(/^\d+(\.\d+)?[wxh]$/.test(descriptor) ? `${abs} ${descriptor}` : abs);
  }
  return out.length > 0 ? out.join(', ') : null;
}
