/**
 * Grapheme clusters (user-perceived characters) for highlight ends: a highlight never begins or
 * ends inside one, so it never cuts an emoji ZWJ sequence (👩‍💻), a letter from its combining
 * marks, a flag, or a surrogate pair. Boundaries are `Intl.Segmenter`'s (Unicode's rules: Node,
 * Chromium, Firefox ≥ 125), asked only about a short window around an offset, never a whole text.
 */

/** Characters either side of an offset segmented at first; doubled while the cluster reaches a window's edge. */
const WINDOW = 32;

let segmenter: Intl.Segmenter | null | undefined;
function graphemeSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    try {
      segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
    } catch {
      segmenter = null;
    }
  }
  return segmenter;
}

/** Code points that extend the character before them, for runtimes without `Intl.Segmenter`. */
const EXTENDS = /^[\p{M}\u200c\u200d\ufe0e\ufe0f\u{1F3FB}-\u{1F3FF}]/u;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}/u;

/** Without a segmenter: whether `i` is inside a character (a pair, a base and its marks, an emoji joined by a ZWJ). */
function insideByRules(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800) return true;
  if (text.charCodeAt(i - 1) === 0x200d && PICTOGRAPHIC.test(text.slice(i, i + 2))) return true;
  return EXTENDS.test(text.slice(i, i + 2));
}

/**
 * The grapheme cluster holding the character at `i` (0 < i < text.length) as `[start, end)`.
 * A window of text around `i` is segmented; while the cluster touches a window edge that is
 * not the text's, the window is doubled (a long run of marks, flags paired from their start).
 */
function clusterAt(seg: Intl.Segmenter, text: string, i: number): { start: number; end: number } {
  for (let w = WINDOW; ; w *= 2) {
    let lo = Math.max(0, i - w);
    if (lo > 0 && (text.charCodeAt(lo) & 0xfc00) === 0xdc00) lo--;
    const hi = Math.min(text.length, i + w);
    const s = seg.segment(text.slice(lo, hi)).containing(i - lo)!;
    const start = lo + s.index;
    const end = start + s.segment.length;
    if ((start > lo || lo === 0) && (end < hi || hi === text.length)) return { start, end };
  }
}

/**
 * Whether offset `i` of `text` falls inside a grapheme cluster: never a place for a highlight
 * to begin or end. ASCII is decided by hand (a cluster boundary always precedes an ASCII
 * character, except LF after CR), so most offsets never reach the segmenter.
 */
function insideCharacter(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 0x80) return c === 10 && text.charCodeAt(i - 1) === 13;
  const seg = graphemeSegmenter();
  return seg ? clusterAt(seg, text, i).start < i : insideByRules(text, i);
}

/**
 * [start, end) widened to whole grapheme clusters: `start` back to the start of the cluster it
 * is in, `end` on to the end of the cluster it is in. Offsets already on boundaries are kept.
 * Why: a selection ending after 👩 of 👩‍💻, or after a letter followed by U+200D or an accent,
 * was stored and drawn cut inside the character (the rest of the emoji left out).
 */
export function snapToCharacters(text: string, start: number, end: number): { start: number; end: number } {
  const seg = graphemeSegmenter();
  let s = start;
  let e = end;
  if (insideCharacter(text, s)) {
    if (seg) s = clusterAt(seg, text, s).start;
    else while (insideCharacter(text, s)) s--;
  }
  if (insideCharacter(text, e)) {
    if (seg) e = clusterAt(seg, text, e).end;
    else while (insideCharacter(text, e)) e++;
  }
  return { start: s, end: e };
}
