/**
 * File names for exported clips, tags and sites: never a raw title. A name is a date, a slug
 * of letters and digits (any script) joined by '-', and a short hash, so it has no '/', '\',
 * '.', control character or leading dash, stays short on every file system, and two clips
 * never share one, even on a case-insensitive disk.
 */
import { isoOrNull } from '../util/dates';

/** Longest slug, in characters. */
const MAX_SLUG = 60;
/**
 * Longest slug, in bytes of UTF-8: with the date, the hash, a `-<n>` counter and the longest
 * extension (`.jsonld`) a name stays well under the 255 bytes ext4, btrfs, xfs and APFS allow
 * (60 letters outside the BMP, 4 bytes each, would not).
 */
const MAX_SLUG_BYTES = 200;

/** FNV-1a (32-bit) of a string's UTF-16 code units, as 7 base-36 digits. */
export function shortHash(s: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    hash ^= s.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36).padStart(7, '0');
}

/**
 * Letters and digits of `text`, lower-cased, Latin accents dropped, everything else one '-'; '' when none.
 * At most `max` characters and 200 bytes of UTF-8, cut between characters.
 */
export function slugify(text: string, max = MAX_SLUG): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^[-\p{M}]+|-+$/gu, '');
  let slug = '';
  let bytes = 0;
  for (const char of Array.from(words).slice(0, max)) {
    const cp = char.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes > MAX_SLUG_BYTES) break;
    slug += char;
  }
  return slug.replace(/-+$/, '');
}

/** `YYYY-MM-DD` of a time, in UTC. */
export function isoDate(ms: number): string {
  return (isoOrNull(Number.isFinite(ms) ? ms : 0) ?? '1970-01-01').slice(0, 10);
}

/** Hands out unique base names (without extension) for the clips of one export. */
export class ClipNames {
  private readonly used = new Set<string>();

  /** `<saved date>-<slug of the title>-<hash of the id>`, made unique (case-insensitively) by a counter. */
  name(clip: { readonly id: string; readonly title: string; readonly url: string; readonly savedAt: number }): string {
    const slug = slugify(clip.title) || slugify(hostOf(clip.url)) || 'clip';
    const base = `${isoDate(clip.savedAt)}-${slug}-${shortHash(clip.id)}`;
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

/** A stable, unique base name for a tag or a site: its slug and a hash of it. */
export function keyName(value: string): string {
  return `${slugify(value, 40) || 'x'}-${shortHash(value)}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
