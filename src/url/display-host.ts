/**
 * Hosts shown to a person: an internationalised host (`xn--mnchen-3ya.de`, as `URL` and the
 * stored keys spell it) in its own script (`münchen.de`) when that is safe, label by label.
 * Pure (no `node:url`, not Node's deprecated `punycode` module): it runs in Node and in every
 * extension context. RFC 3492 decoding is punycode.js's (the npm package, imported by its file
 * path so that Node's built-in module of the same name is never picked).
 */
import { decode } from 'punycode/punycode.es6.js';

/** RFC 3492 decoding of one label's punycode (without `xn--`), by punycode.js; null when it is not valid punycode. */
export function decodePunycode(input: string): string | null {
  try {
    return decode(input);
  } catch {
    return null;
  }
}

/** The scripts a label may be written in (UTS #39); a letter of any other keeps the label in punycode. */
const SCRIPTS = ['Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Khmer', 'Ethiopic', 'Mongolian', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo', 'Cherokee', 'Canadian_Aboriginal', 'Tifinagh'].map(
  (s) => [s, new RegExp(`^\\p{Script=${s}}$`, 'u')] as const,
);
/** Script mixes allowed in one label (UTS #39 "highly restrictive"): Latin with the scripts written alongside Han. */
const MIXES = [new Set(['Latin', 'Han', 'Hiragana', 'Katakana']), new Set(['Latin', 'Han', 'Bopomofo']), new Set(['Latin', 'Han', 'Hangul'])];
/** Cyrillic letters that look like Latin ones: a label of these alone (`аррӏе`) imitates a Latin one. */
const CYRILLIC_LOOKALIKES = /^[асԁеһіјӏорԛѕԝхуъьҽпгѵѡ0-9-]+$/u;

/**
 * Whether a decoded label is safe to show as it is: letters, marks and digits (and `-`) only;
 * its letters in one script, or Latin mixed with Han and Japanese kana, Bopomofo or Hangul as
 * UTS #39 allows; and not a Cyrillic label made only of letters that look like Latin ones. Why:
 * `аpple.com` with a Cyrillic `а`, or `аррӏе.com` all Cyrillic, would pass for `apple.com`.
 */
export function isSafeLabel(label: string): boolean {
  if (!/^[\p{L}\p{M}\p{N}-]+$/u.test(label)) return false;
  const seen = new Set<string>();
  for (const ch of label) {
    if (/^[\p{Script=Common}\p{Script=Inherited}]$/u.test(ch)) continue;
    const script = SCRIPTS.find(([, re]) => re.test(ch))?.[0];
    if (!script) return false;
    seen.add(script);
  }
  if (seen.size > 1 && !MIXES.some((mix) => [...seen].every((s) => mix.has(s)))) return false;
  return !(seen.has('Cyrillic') && CYRILLIC_LOOKALIKES.test(label));
}

/**
 * A host name for display: each `xn--` label that decodes to a safe label (`isSafeLabel`) in
 * Unicode, every other label as it was (an unsafe or invalid one stays in punycode, so a
 * lookalike of another site never shows as that site). Case is kept; anything that is not an
 * internationalised host comes back unchanged. Stored keys and links keep the punycode.
 */
export function displayHost(host: string): string {
  if (!/(^|\.)xn--/i.test(host)) return host;
  return host
    .split('.')
    .map((label) => {
      if (!/^xn--/i.test(label)) return label;
      const decoded = decodePunycode(label.slice(4).toLowerCase());
      return decoded !== null && decoded !== '' && /[^\0-\x7f]/.test(decoded) && isSafeLabel(decoded) ? decoded : label;
    })
    .join('.');
}

/**
 * A site name for display: one that is itself a host name in punycode (an importer's, or a
 * page's `og:site_name` that names its host) as `displayHost` shows it; any other unchanged.
 */
export function displaySiteName(name: string): string {
  return /^[a-z0-9.-]+$/i.test(name) ? displayHost(name) : name;
}
