/**
 * Three-way merge of a text edited in two places (a clip's note: the editor's copy and the
 * document's): the editor's edits (its `base` → what it sends) are rebased onto the text as it
 * is now (`base` → `current`, edits that arrived meanwhile by sync or from another editor), as
 * Automerge would merge the two as concurrent changes: a character either side deleted is gone,
 * every insertion is kept, and an insertion where the other side inserted too comes after it.
 * The result is a list of splices on `current`, applied to the collaborative text as they are
 * (no second diff), so edits in flight elsewhere keep their places.
 *
 * Bounded: texts are compared as code points (a splice never splits a surrogate pair), common
 * ends are trimmed first, and the diff between them gives up past `MAX_DIFF_WORK` steps, when
 * the differing middle counts as one replacement (a coarser, still lossless, merge: the
 * other side's insertions survive).
 */

/** One replacement: the code points [start, end) of the old text become `insert`. */
export interface Hunk {
  readonly start: number;
  readonly end: number;
  readonly insert: string;
}

/** One splice on the current text, in UTF-16 code units (as Automerge's `splice` takes them). */
export interface TextSplice {
  readonly index: number;
  readonly remove: number;
  readonly insert: string;
}

/** Most edit distance the diff looks for before it gives up (its memory is quadratic in it). */
const MAX_DIFF_DISTANCE = 1_000;
/** Most comparison steps the diff takes before it gives up. */
const MAX_DIFF_WORK = 20_000_000;

/** The hunks that turn `a` into `b` (code point positions), in order, neither overlapping nor touching. */
export function diffText(a: string, b: string): Hunk[] {
  return diffPoints(Array.from(a), Array.from(b));
}

function diffPoints(a: readonly string[], b: readonly string[]): Hunk[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const n = a.length - pre - suf;
  const m = b.length - pre - suf;
  if (n === 0 && m === 0) return [];
  const whole = [{ start: pre, end: pre + n, insert: b.slice(pre, pre + m).join('') }];
  if (n === 0 || m === 0) return whole;
  const edits = myers(a, b, pre, n, m);
  if (!edits) return whole;
  // Runs of deletions and insertions between equal code points make the hunks.
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let open: { start: number; end: number; insert: string[] } | null = null;
  const close = () => {
    if (open) hunks.push({ start: pre + open.start, end: pre + open.end, insert: open.insert.join('') });
    open = null;
  };
  for (const op of edits) {
    if (op === 0) {
      close();
      i++;
      j++;
    } else if (op === 1) {
      open ??= { start: i, end: i, insert: [] };
      open.end = ++i;
    } else {
      open ??= { start: i, end: i, insert: [] };
      open.insert.push(b[pre + j++]!);
    }
  }
  close();
  return hunks;
}

/**
 * Myers' O((N+M)D) diff of a[off..off+n) and b[off..off+m): the edit script as 0 (keep),
 * 1 (delete from a), 2 (insert from b), or null when it would take more than the bounds allow.
 */
function myers(a: readonly string[], b: readonly string[], off: number, n: number, m: number): Uint8Array | null {
  const max = Math.min(n + m, MAX_DIFF_DISTANCE);
  const size = 2 * max + 1;
  const v = new Int32Array(size);
  const trace: Int32Array[] = [];
  let work = 0;
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(max - d, max + d + 1));
    for (let k = -d; k <= d; k += 2) {
      const start = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!) ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let x = start;
      let y = x - k;
      while (x < n && y < m && a[off + x] === b[off + y]) (x++, y++);
      work += 1 + x - start;
      v[max + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m, d);
    }
    if (work > MAX_DIFF_WORK) return null;
  }
  return null;
}

function backtrack(trace: readonly Int32Array[], n: number, m: number, depth: number): Uint8Array {
  const ops: number[] = [];
  let x = n;
  let y = m;
  for (let d = depth; d > 0; d--) {
    // trace[d] holds v as it was before round d, for diagonals -d..d (index k + d).
    const v = trace[d]!;
    const at = (k: number) => v[k + d]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) (ops.push(0), x--, y--);
    ops.push(down ? 2 : 1);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) (ops.push(0), x--, y--);
  return Uint8Array.from(ops.reverse());
}

/**
 * Rebases the edits `base` → `edited` onto `current` (which is `base` with other edits): the
 * merged text and the splices that make it from `current`. When `current` is `base`, the
 * splices are those of `edited` itself.
 */
export function rebaseText(base: string, edited: string, current: string): { text: string; splices: TextSplice[] } {
  const basePts = Array.from(base);
  const ours = diffPoints(basePts, Array.from(edited));
  if (ours.length === 0) return { text: current, splices: [] };
  const theirs = base === current ? [] : diffPoints(basePts, Array.from(current));
  const cur = Array.from(current);
  // Where a gap of the base (before its code point `s`) is in `current`: after every edit of theirs that starts at or before it.
  let r = 0;
  let shift = 0; // the length change of theirs' hunks ending at or before the gap
  const gap = (s: number): number => {
    while (r < theirs.length && theirs[r]!.end <= s && theirs[r]!.start <= s) {
      const h = theirs[r++]!;
      shift += Array.from(h.insert).length - (h.end - h.start);
    }
    let at = s + shift;
    // Their hunk straddling or starting at the gap: its insertion before it, its deletions up to it.
    const h = theirs[r];
    if (h && h.start <= s) at += Array.from(h.insert).length - (Math.min(h.end, s) - h.start);
    return at;
  };
  // Their hunks, to tell which base code points are still in `current`.
  const gone = (i: number, from: number): { gone: boolean; next: number } => {
    let q = from;
    while (q < theirs.length && theirs[q]!.end <= i) q++;
    return { gone: q < theirs.length && theirs[q]!.start <= i && i < theirs[q]!.end, next: q };
  };
  type Op = { at: number; remove: number; insert: string; seq: number };
  const ops: Op[] = [];
  let q = 0;
  ours.forEach((h, n) => {
    ops.push({ at: gap(h.start), remove: 0, insert: h.insert, seq: 2 * n });
    let run: Op | null = null;
    for (let i = h.start; i < h.end; i++) {
      const g = gone(i, q);
      q = g.next;
      if (g.gone) continue;
      const at = gap(i);
      if (run && run.at + run.remove === at) run.remove++;
      else ops.push((run = { at, remove: 1, insert: '', seq: 2 * n + 1 }));
    }
  });
  // Applied from the end, so earlier positions hold; at one position a deletion before an insertion, a later hunk's before an earlier one's.
  ops.sort((x, y) => y.at - x.at || y.seq - x.seq);
  const units: number[] = new Array(cur.length + 1);
  units[0] = 0;
  for (let i = 0; i < cur.length; i++) units[i + 1] = units[i]! + cur[i]!.length;
  const splices: TextSplice[] = [];
  const out = cur.slice();
  for (const op of ops) {
    if (op.remove === 0 && op.insert === '') continue;
    out.splice(op.at, op.remove, ...(op.insert === '' ? [] : [op.insert]));
    splices.push({ index: units[op.at]!, remove: units[op.at + op.remove]! - units[op.at]!, insert: op.insert });
  }
  return { text: out.join(''), splices };
}
