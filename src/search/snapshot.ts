import type { ClipFacts } from './fields';
import type { CjkMode } from './normalize';
import { CLIP_STATES } from '../schema/plain-values';
import { isPercent } from '../schema/reading-progress';
import { foldTag } from './fold-tag';

/**
 * The index as stored: a header and text chunks of at most `CHUNK_CHARS` each, so no single
 * stored value is huge and a store can write them in one transaction. The header names the
 * format, its version and how the index was cut (text length, CJK mode), and each chunk's
 * length and hash, so an old, foreign, truncated or corrupted index is detected on load and
 * rebuilt instead of answering wrongly.
 */
export const SNAPSHOT_FORMAT = 'commonplace/search-index';
/** Bump when the encoding, the tokeniser or the fields change: older snapshots are then rebuilt. */
export const SNAPSHOT_VERSION = 6;
/**
 * Version 5 is read, and its clips' tags brought to version 6's (`fromV5Tags`): only how tags are
 * folded changed (`foldTag`), for the rare tags it touches, which a whole rebuild at the update
 * (half a minute at 10,000 clips) would be too dear for.
 */
const READ_V5 = 5;
/** Version 5's cut of a folded tag, in UTF-16 units (a longer tag was cut to exactly this). */
const V5_TAG_CUT = 200;
/**
 * Largest chunk, in characters. Small enough that a chunk (even of two-byte characters) is an
 * ordinary young object, not a large one: a save writes each chunk as it is made (`SnapshotStream`),
 * so the chunks of a 40 MB index die young instead of lingering until a full collection (issue 12's
 * memory target). Snapshots stored with larger chunks (1 MiB until 2026-12-02) read back the same.
 */
export const CHUNK_CHARS = 1 << 15;

/** The stored header. */
export interface SnapshotHeader {
  readonly format: string;
  readonly version: number;
  readonly textChars: number;
  readonly cjk: CjkMode;
  readonly clips: number;
  readonly chunks: readonly { readonly chars: number; readonly hash: number }[];
}

/** What a `SearchIndexStore` keeps: the header and the chunks, in order. */
export interface Snapshot {
  readonly header: SnapshotHeader;
  readonly chunks: readonly string[];
}

/**
 * A snapshot made while it is written (`SearchIndex.snapshotStream`): yields each chunk in order,
 * made only when asked for, and returns the header (which names every chunk's length and hash).
 * Read it to the end synchronously, at once (the index must not change in between), handing each
 * chunk on and keeping none: a store then holds one chunk at a time.
 */
export type SnapshotStream = Generator<string, SnapshotHeader, undefined>;

/** A snapshot already made, as a stream (what a store is given). */
export function* streamOf(snapshot: Snapshot): SnapshotStream {
  yield* snapshot.chunks;
  return snapshot.header;
}

/** A stream read to its end, as a snapshot (a store that keeps it in memory, tests). */
export function collectSnapshot(stream: SnapshotStream): Snapshot {
  const chunks: string[] = [];
  for (;;) {
    const r = stream.next();
    if (r.done) return { header: r.value, chunks };
    chunks.push(r.value);
  }
}

/** Why a stored index cannot be used (it is then rebuilt from the documents). */
export type SnapshotProblem = 'missing' | 'outdated' | 'corrupt';

/** FNV-1a (32 bits) of a string's UTF-16 code units: cheap, and enough to catch a damaged chunk. */
export function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const BASE36 = Uint8Array.from('0123456789abcdefghijklmnopqrstuvwxyz', (c) => c.charCodeAt(0));
const ascii = new TextDecoder();

/**
 * A posting line's numbers in base 36, comma-separated, written as bytes into one reused buffer
 * and made a string once per line: `n.toString(36)` per posting and a join made a string for each
 * of the ~2 million postings of 10,000 clips at every save of the index (most of what a save
 * allocated). Same text as `list.map((n) => n.toString(36)).join(',')` for integers ≥ 0.
 */
class DigitWriter {
  private buf = new Uint8Array(1 << 16);
  private at = 0;
  get empty(): boolean {
    return this.at === 0;
  }
  reset(): void {
    this.at = 0;
  }
  write(n: number): void {
    if (this.at + 16 > this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf.subarray(0, this.at));
      this.buf = bigger;
    }
    if (this.at > 0) this.buf[this.at++] = 44; // ','
    // Digits written from the last one back, so nothing is allocated (a `subarray(...).reverse()`
    // made an object per posting: ~100 MB per save of a 10,000-clip index).
    let len = 1;
    for (let m = n; m >= 36; m = Math.floor(m / 36)) len++;
    this.at += len;
    let i = this.at;
    do {
      this.buf[--i] = BASE36[n % 36]!;
      n = Math.floor(n / 36);
    } while (n > 0);
  }
  text(): string {
    return ascii.decode(this.buf.subarray(0, this.at));
  }
}

/** Writes the index's live clips (in slot order, renumbered densely) and postings as chunks (a line longer than a chunk gets a chunk of its own). */
export function encodeSnapshot(slots: readonly (ClipFacts | null)[], postings: ReadonlyMap<string, ArrayLike<number> & Iterable<number>>, opts: { textChars: number; cjk: CjkMode; chunkChars?: number }): Snapshot {
  return collectSnapshot(encodeSnapshotStream(slots, postings, opts));
}

/**
 * `encodeSnapshot`, a chunk at a time (`SnapshotStream`): nothing is read from `slots` or
 * `postings` before the first chunk is asked for (`postings` is iterated once, when the clips
 * are written: an iterable that reads the index then sees it as it is).
 */
export function* encodeSnapshotStream(
  slots: readonly (ClipFacts | null)[],
  postings: Iterable<readonly [string, ArrayLike<number> & Iterable<number>]>,
  opts: { textChars: number; cjk: CjkMode; chunkChars?: number },
): SnapshotStream {
  const max = opts.chunkChars ?? CHUNK_CHARS;
  const made: { chars: number; hash: number }[] = [];
  let cur: string[] = [];
  let curChars = 0;
  /** The chunk the lines so far make (they are then dropped). */
  const flush = (): string => {
    const chunk = cur.join('\n');
    cur = [];
    curChars = 0;
    made.push({ chars: chunk.length, hash: hashOf(chunk) });
    return chunk;
  };
  /** Adds a line; returns the chunk it completes first when it does not fit (a line longer than a chunk gets a chunk of its own). */
  const add = (line: string): string | null => {
    const full = curChars + line.length + 1 > max && cur.length > 0 ? flush() : null;
    cur.push(line);
    curChars += line.length + 1;
    return full;
  };
  const renum = new Int32Array(slots.length).fill(-1);
  let clips = 0;
  for (let i = 0; i < slots.length; i++) {
    const f = slots[i];
    if (!f) continue;
    renum[i] = clips++;
    const full = add('C' + JSON.stringify([f.id, f.title, f.host, f.tags, f.savedAt, CLIP_STATES.indexOf(f.state), f.favorite ? 1 : 0, f.deleted ? 1 : 0, f.rev, f.words, f.published, f.progress]));
    if (full !== null) yield full;
  }
  const digits = new DigitWriter();
  for (const [term, list] of postings) {
    digits.reset();
    let prev = 0;
    for (const p of list) {
      const to = renum[Math.floor(p / 256)]!;
      if (!(to >= 0)) continue;
      const packed = to * 256 + (p & 255);
      digits.write(packed - prev);
      prev = packed;
    }
    if (digits.empty) continue;
    const full = add(`T${term}\t${digits.text()}`);
    if (full !== null) yield full;
  }
  if (cur.length > 0) yield flush();
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, textChars: opts.textChars, cjk: opts.cjk, clips, chunks: made };
}

/**
 * A version-5 clip's folded tags as version 6 folds them. A tag starting with `#` came from a
 * full-width "＃" or small "﹟" that version 5 did not drop (it folded to `#`): folded again, it
 * loses it. A tag of exactly `V5_TAG_CUT` units may have been cut: it cannot be made whole here,
 * so the clip's version is forgotten (`rev` ''), and the catch-up by version feeds it again.
 */
function fromV5Tags(f: ClipFacts): ClipFacts {
  if (!f.tags.some((t) => t.startsWith('#') || t.length === V5_TAG_CUT)) return f;
  const tags = [...new Set(f.tags.map((t) => (t.startsWith('#') ? foldTag(t) : t)).filter((t) => t !== ''))];
  return { ...f, tags, rev: f.tags.some((t) => t.length === V5_TAG_CUT) ? '' : f.rev };
}

function factsOfLine(json: string): ClipFacts {
  const a = JSON.parse(json) as unknown[];
  const [id, title, host, tags, savedAt, state, fav, del, rev, words, published, progress] = a;
  if (typeof id !== 'string' || typeof title !== 'string' || typeof host !== 'string' || !Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw new Error('bad clip');
  if (typeof savedAt !== 'number' || typeof state !== 'number' || !CLIP_STATES[state] || typeof rev !== 'string' || typeof words !== 'number' || !Number.isSafeInteger(words) || words < 0) throw new Error('bad clip');
  if (published !== null && (typeof published !== 'number' || !Number.isFinite(published))) throw new Error('bad clip');
  if (!isPercent(progress)) throw new Error('bad clip');
  return { id, title, host, tags: tags as string[], savedAt, published, progress, state: CLIP_STATES[state]!, favorite: fav === 1, deleted: del === 1, rev, words };
}

/**
 * Reads a snapshot back, checking everything: format and version, that it was cut the way this
 * index cuts (`outdated` otherwise), the chunks' count, lengths and hashes, every line, and that
 * every posting names a clip in ascending order (`corrupt` otherwise). Never throws.
 */
export function decodeSnapshot(
  s: { header: unknown; chunks: readonly unknown[] } | null,
  opts: { textChars: number; cjk: CjkMode },
): { ok: true; slots: ClipFacts[]; postings: Map<string, number[]> } | { ok: false; problem: SnapshotProblem } {
  if (s === null || s.header === undefined || s.header === null) return { ok: false, problem: 'missing' };
  const h = s.header as Partial<SnapshotHeader>;
  if (typeof h !== 'object' || h.format !== SNAPSHOT_FORMAT) return { ok: false, problem: 'corrupt' };
  if ((h.version !== SNAPSHOT_VERSION && h.version !== READ_V5) || h.textChars !== opts.textChars || h.cjk !== opts.cjk) return { ok: false, problem: 'outdated' };
  const v5 = h.version === READ_V5;
  const corrupt = { ok: false as const, problem: 'corrupt' as const };
  if (!Array.isArray(h.chunks) || h.chunks.length !== s.chunks.length || typeof h.clips !== 'number') return corrupt;
  try {
    const slots: ClipFacts[] = [];
    const postings = new Map<string, number[]>();
    for (let c = 0; c < s.chunks.length; c++) {
      const chunk = s.chunks[c];
      const want = h.chunks[c]!;
      if (typeof chunk !== 'string' || chunk.length !== want.chars || hashOf(chunk) !== want.hash) return corrupt;
      for (const ln of chunk.split('\n')) {
        if (ln[0] === 'C') slots.push(v5 ? fromV5Tags(factsOfLine(ln.slice(1))) : factsOfLine(ln.slice(1)));
        else if (ln[0] === 'T') {
          const tab = ln.indexOf('\t');
          const term = ln.slice(1, tab);
          if (tab < 2 || postings.has(term)) return corrupt;
          const list: number[] = [];
          let prev = 0;
          for (const d of ln.slice(tab + 1).split(',')) {
            const delta = parseInt(d, 36);
            if (!(delta > 0 || (delta === 0 && list.length === 0))) return corrupt;
            prev += delta;
            if (Math.floor(prev / 256) >= h.clips) return corrupt;
            list.push(prev);
          }
          postings.set(term, list);
        } else return corrupt;
      }
    }
    if (slots.length !== h.clips || new Set(slots.map((f) => f.id)).size !== slots.length) return corrupt;
    return { ok: true, slots, postings };
  } catch {
    return corrupt;
  }
}
