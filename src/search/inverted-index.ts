import { releaseBytes } from '../util/bytes';
import { FIELD, FIELD_MASK, FIELD_WEIGHT, TF_SHIFT, type ClipFacts, type ClipTerms } from './fields';

/**
 * The compact inverted index: per term, one array of small integers, one per clip that has
 * the term (`slot × 256 + fields × 16 + min(count, 15)`). An integer per posting, not an
 * object or a map entry: at 10,000 clips this is ~5× smaller than MiniSearch's maps (figures:
 * src/search/README.md). Clips live in slots; replacing or removing one only marks its slot
 * dead (results skip it) and the postings are compacted when a quarter are dead.
 */

/** Most slots before a compaction renumbers them (keeps every posting a small integer). */
const MAX_SLOTS = 1 << 22;
/** How many words a prefix is expanded to, at most (the most common first). */
export const MAX_PREFIX_TERMS = 200;
/** New terms kept unsorted before they are merged into the sorted vocabulary. */
const UNSORTED_LIMIT = 4096;
/** Posting lists at least this long are sealed into an `Int32Array` (shorter ones cost more as one than as an array). */
const SEAL_MIN = 16;

/**
 * A term's postings: an array while it is short (under `SEAL_MIN`), else an `Int32Array`: 4
 * bytes a posting, outside the JS heap the garbage collector scans (at 10,000 clips the arrays
 * were half the background's live heap). A long list being added to is a view of a buffer
 * with room to grow (`Growing`) until `seal` copies it to its exact size.
 */
export type PostingList = number[] | Int32Array;

/**
 * A long list being added to: `buf` holds `n` postings and room for more; it doubles when
 * full, and the buffer it leaves is freed at once (`releaseBytes`). Growing lists as arrays
 * left each old backing store as garbage in the JS heap: ~31 MB promoted over a first build of
 * 10,000 clips, and the judged background reading counts garbage (bench:library --heap-survivors).
 */
interface Growing {
  buf: Int32Array;
  n: number;
}

/** Frees an `Int32Array`'s whole buffer now, when nothing else can hold it. */
const release = (a: Int32Array): boolean => releaseBytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

/**
 * A search's candidates, in buffers the index reuses: valid until its next `match` or
 * `everyLive`, so read them at once. `slots[0..n)` in no order, each one's score at
 * `scores[slot]`. A caller may overwrite `slots` (to filter them in place).
 */
export interface Matches {
  readonly n: number;
  readonly slots: Int32Array;
  readonly scores: Float64Array;
}

/** Weight of a posting: the fields it is in, and the article count saturated as in BM25 (k1 = 1.2). */
export function weightOf(p: number): number {
  const fields = (p >> 4) & 15;
  let w = 0;
  if (fields & FIELD.title) w += FIELD_WEIGHT.title;
  if (fields & FIELD.meta) w += FIELD_WEIGHT.meta;
  if (fields & FIELD.notes) w += FIELD_WEIGHT.notes;
  if (fields & FIELD.text) {
    const tf = p & 15;
    w += (FIELD_WEIGHT.text * (tf * 2.2)) / (tf + 1.2);
  }
  return w;
}

/** Posting lists and clip slots; `SearchIndex` is its only user (it adds fields, filters and snapshots). */
export class InvertedIndex {
  /** Each slot's clip, or null once replaced or removed. */
  slots: (ClipFacts | null)[] = [];
  /** The live slot of each clip id. */
  readonly slotOf = new Map<string, number>();
  private readonly lists = new Map<string, PostingList>();
  /** Long lists added to since the last `seal`, and those whose view in `lists` is behind (see `postings`). */
  private readonly growing = new Map<string, Growing>();
  private readonly stale = new Set<string>();
  private dead = 0;
  private sorted: string[] = [];
  private unsorted: string[] = [];
  /**
   * Per-slot buffers every search reuses: the candidates, their scores, one term's scores, and
   * a mark per slot (the generation of the term that last kept it). A search used to make a
   * `Map` per term and a boxed number per score: up to 10,000 entries for a prefix of one
   * letter at 10,000 clips, garbage that outlived young collections when one came mid-search.
   */
  private cand = new Int32Array(0);
  private acc = new Float64Array(0);
  private part = new Float64Array(0);
  private mark = new Int32Array(0);
  private gen = 0;

  /** Each term's postings; the views of lists grown since the last read are brought up to date first. */
  get postings(): Map<string, PostingList> {
    if (this.stale.size > 0) {
      for (const t of this.stale) {
        const g = this.growing.get(t);
        if (g) this.lists.set(t, g.buf.subarray(0, g.n));
      }
      this.stale.clear();
    }
    return this.lists;
  }

  /** Live clips. */
  get size(): number {
    return this.slotOf.size;
  }

  /** Adds a clip, replacing the one with its id if any. */
  add(c: ClipTerms): void {
    this.remove(c.facts.id);
    if (this.slots.length >= MAX_SLOTS) this.compact();
    const slot = this.slots.length;
    this.slots.push(c.facts);
    this.slotOf.set(c.facts.id, slot);
    for (const [term, packed] of c.terms) {
      const p = slot * 256 + (packed & FIELD_MASK) * 16 + Math.min(packed >>> TF_SHIFT, 15);
      const g = this.growing.get(term);
      if (g) {
        this.push(term, g, p);
        continue;
      }
      const list = this.lists.get(term);
      if (!list) {
        this.lists.set(term, [p]);
        this.unsorted.push(term);
      } else if (Array.isArray(list) && list.length + 1 < SEAL_MIN) list.push(p);
      else {
        // Long enough (or sealed): it grows in a buffer of its own, outside the JS heap.
        const n = list.length;
        const buf = new Int32Array(Math.max(2 * SEAL_MIN, n + (n >> 2) + SEAL_MIN));
        buf.set(list);
        buf[n] = p;
        this.growing.set(term, { buf, n: n + 1 });
        this.lists.set(term, buf.subarray(0, n + 1));
        if (!Array.isArray(list)) release(list);
      }
    }
  }

  /** Appends `p` to a growing list; its view in `lists` is brought up to date at the next read. */
  private push(term: string, g: Growing, p: number): void {
    if (g.n === g.buf.length) {
      const bigger = new Int32Array(g.n * 2);
      bigger.set(g.buf);
      release(g.buf);
      g.buf = bigger;
    }
    g.buf[g.n++] = p;
    this.stale.add(term);
  }

  /** Takes a clip out of every result (its postings go at the next compaction). False if it was not there. */
  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    this.slotOf.delete(id);
    this.slots[slot] = null;
    this.dead++;
    if (this.dead > 64 && this.dead * 4 > this.slots.length) this.compact();
    return true;
  }

  /** Drops dead slots and their postings, renumbering the live ones in order. */
  compact(): void {
    if (this.dead === 0) return;
    this.seal();
    const renum = new Int32Array(this.slots.length).fill(-1);
    const live: ClipFacts[] = [];
    this.slots.forEach((f, i) => {
      if (f) {
        renum[i] = live.length;
        this.slotOf.set(f.id, live.length);
        live.push(f);
      }
    });
    for (const [term, list] of this.postings) {
      let n = 0;
      for (let i = 0; i < list.length; i++) {
        const p = list[i]!;
        const to = renum[Math.floor(p / 256)]!;
        if (to >= 0) list[n++] = to * 256 + (p & 255);
      }
      if (n === 0) this.postings.delete(term);
      else if (Array.isArray(list)) list.length = n;
      else if (n < list.length) this.postings.set(term, list.slice(0, n));
    }
    this.slots = live;
    this.dead = 0;
    this.sorted = [...this.postings.keys()].sort();
    this.unsorted = [];
  }

  /**
   * Every term that starts with `prefix`, the most common first, at most `MAX_PREFIX_TERMS`; the
   * prefix itself always among them when it is a term. Why: cut to the most common, a rare word
   * typed whole ("ed" under "edition", "editor"…) lost to its longer words, and a clip holding
   * exactly the word typed was not found.
   */
  expand(prefix: string): string[] {
    if (this.unsorted.length > UNSORTED_LIMIT) {
      this.sorted = [...this.postings.keys()].sort();
      this.unsorted = [];
    }
    const out: string[] = [];
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i++) out.push(this.sorted[i]!);
    for (const t of this.unsorted) if (t.startsWith(prefix)) out.push(t);
    const found = out.filter((t) => this.postings.has(t));
    if (found.length <= MAX_PREFIX_TERMS) return found;
    const common = found.sort((a, b) => this.postings.get(b)!.length - this.postings.get(a)!.length).slice(0, MAX_PREFIX_TERMS);
    if (this.postings.has(prefix) && !common.includes(prefix)) common[MAX_PREFIX_TERMS - 1] = prefix;
    return common;
  }

  /** Inverse document frequency of a term found in `df` slots (live and not yet compacted). */
  private idf(df: number): number {
    const n = Math.max(this.size, df);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Sizes the scratch buffers for every slot, with room for `gens` fresh mark generations (`++this.gen`). */
  private scratch(gens: number): void {
    const n = this.slots.length;
    if (this.mark.length < n) {
      const size = Math.max(n + (n >> 2), 64);
      this.cand = new Int32Array(size);
      this.acc = new Float64Array(size);
      this.part = new Float64Array(size);
      this.mark = new Int32Array(size);
      this.gen = 0;
    }
    if (this.gen + gens >= 0x7fffffff) {
      this.mark.fill(0);
      this.gen = 0;
    }
  }

  /**
   * Scores one term (exact), or every term starting with it (prefix: each slot's best, at 0.8),
   * into `into` for the live slots `keep` accepts; marks them with `gen`. Returns nothing: the
   * marks say which slots it reached.
   */
  private scoreTerm(term: string, prefix: boolean, gen: number, into: Float64Array, keep: (slot: number) => boolean): void {
    const mark = this.mark;
    for (const t of prefix ? this.expand(term) : [term]) {
      const list = this.postings.get(t);
      if (!list) continue;
      const idf = this.idf(list.length) * (prefix && t !== term ? 0.8 : 1);
      for (let i = 0; i < list.length; i++) {
        const p = list[i]!;
        const slot = Math.floor(p / 256);
        if (mark[slot] === gen) {
          const s = idf * weightOf(p);
          if (s > into[slot]!) into[slot] = s;
        } else if (keep(slot)) {
          mark[slot] = gen;
          into[slot] = idf * weightOf(p);
        }
      }
    }
  }

  /**
   * The live slots holding every term and, if given, a term starting with `prefix`, with
   * their summed scores (see `Matches`). Rarest term first, so the candidate set shrinks fast.
   */
  match(terms: readonly string[], prefix: string | null): Matches {
    const parts: { term: string; prefix: boolean; df: number }[] = terms.map((t) => ({ term: t, prefix: false, df: this.postings.get(t)?.length ?? 0 }));
    if (prefix !== null) parts.push({ term: prefix, prefix: true, df: Infinity });
    this.scratch(parts.length);
    const { cand, acc, part, mark } = this;
    if (parts.length === 0 || parts.some((p) => p.df === 0)) return { n: 0, slots: cand, scores: acc };
    parts.sort((a, b) => a.df - b.df);
    let gen = ++this.gen;
    const slots = this.slots;
    this.scoreTerm(parts[0]!.term, parts[0]!.prefix, gen, acc, (slot) => slots[slot] !== null);
    let n = 0;
    for (let slot = 0; slot < slots.length; slot++) if (mark[slot] === gen) cand[n++] = slot;
    for (let k = 1; k < parts.length && n > 0; k++) {
      const was = gen;
      gen = ++this.gen;
      this.scoreTerm(parts[k]!.term, parts[k]!.prefix, gen, part, (slot) => mark[slot] === was);
      let kept = 0;
      for (let i = 0; i < n; i++) {
        const slot = cand[i]!;
        if (mark[slot] !== gen) continue;
        acc[slot] = acc[slot]! + part[slot]!;
        cand[kept++] = slot;
      }
      n = kept;
    }
    return { n, slots: cand, scores: acc };
  }

  /** Every live slot, each scored 0 (a query of filters only), in the buffers `match` uses. */
  everyLive(): Matches {
    this.scratch(0);
    const { cand, acc } = this;
    let n = 0;
    for (let slot = 0; slot < this.slots.length; slot++) {
      if (this.slots[slot] === null) continue;
      cand[n++] = slot;
      acc[slot] = 0;
    }
    return { n, slots: cand, scores: acc };
  }

  /**
   * Copies each list grown since the last call to an `Int32Array` of its exact size and frees
   * its buffer (see `Growing`); a list added to later grows in a buffer again until the next
   * call. `SearchIndex` seals at each snapshot (after a rebuild, and in the background once 25
   * clips changed since the last: the lists left growing meanwhile are those few clips' terms).
   */
  seal(): void {
    for (const [term, g] of this.growing) {
      this.lists.set(term, g.buf.slice(0, g.n));
      release(g.buf);
    }
    this.growing.clear();
    this.stale.clear();
  }

  /** Replaces the whole content (a snapshot being restored); the caller checked it. */
  load(slots: ClipFacts[], postings: Map<string, PostingList>): void {
    this.slots = slots;
    this.slotOf.clear();
    slots.forEach((f, i) => f && this.slotOf.set(f.id, i));
    this.lists.clear();
    this.growing.clear();
    this.stale.clear();
    for (const [t, l] of postings) this.lists.set(t, l.length >= SEAL_MIN && Array.isArray(l) ? Int32Array.from(l) : l);
    this.dead = 0;
    this.sorted = [...this.postings.keys()].sort();
    this.unsorted = [];
  }
}
