/**
 * File names for exported clips, tags and sites: never a raw title. A name is a date, a slug
 * of letters and digits (any script) joined by '-', and a short hash, so it has no '/', '\',
 * '.', control character or leading dash, stays short on every file system, and two clips
 * never share one, even on a case-insensitive disk.
 */
import { isoOrNull } from '../util/dates';

/** Longest slug, in characters. */
const MAX_SLUG = 60;

/** FNV-1a (32-bit) of a string's UTF-16 code units, as 7 base-36 digits. */
export function shortHash(s: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    hash ^= s.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36).padStart(7, '0');
}

/** Letters and digits of `text`, lower-cased, Latin accents dropped, everything else one '-'; '' when none. */
export function slugify(text: string, max = MAX_SLUG): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^[-\p{M}]+|-+$/gu, '');
  const chars = Array.from(words).slice(0, max);
  return chars.join('').replace(/-+$/, '');
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
