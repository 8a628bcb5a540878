/**
 * The snapshot's resources: every URL a snapshot refers to, registered once per use during
 * the walk, then fetched (at most `concurrency` at a time, each with its own timeout, all
 * before the overall deadline, and no more once what has arrived fills the budget) and
 * checked to be what their place expects.
 */
import { base64Size, dataUrl, fromBase64, parseDataUrl, toBase64 } from './encode';
import { inspectImage, REASONS } from '../images/inspect';
import { acceptedType, type ResourceKind } from './mime';
import type { Chunk, FetchedResource, FetchResource, ResRef } from './types';

/**
 * Whether `bytes` are a raster image whose header declares more pixels than is safe to decode
 * (a decompression bomb: a tiny file that would take gigabytes once the snapshot viewer
 * decodes it). Left out like a failed resource, by the same limits as saved images.
 */
function isBomb(type: string, bytes: Uint8Array): boolean {
  if (!type.startsWith('image/') || type === 'image/svg+xml') return false;
  const seen = inspectImage(bytes);
  return !seen.ok && seen.reason === REASONS.bomb;
}

/** Where a resource stands. */
type State = 'waiting' | 'ok' | 'failed' | 'too-large' | 'not-fetched';

interface Entry {
  readonly id: number;
  readonly kind: ResourceKind;
  /** Absolute URL to fetch, or null for content the page already holds (data: URLs, canvases). */
  readonly url: string | null;
  /** Lower sorts first: content images, then fonts, then CSS images. */
  priority: number;
  uses: number;
  state: State;
  /** The data: URL, once fetched and accepted. */
  value: string | null;
}

/** Limits the table works within. */
export interface ResourceLimits {
  readonly maxResourceBytes: number;
  readonly resourceTimeoutMs: number;
  readonly concurrency: number;
  /** Milliseconds since the epoch after which nothing more is fetched. */
  readonly deadline: number;
  readonly now: () => number;
}

/** Priorities: what is left out last when the cap is reached. */
export const PRIORITY = { contentImage: 0, font: 1, cssImage: 2, media: 3 } as const;

/**
 * Resolves with null when `promise` has not settled within `ms` (or rejects). `timedOut`, when
 * given, is called when it was the time that ran out (also when `ms` left none), so that a caller
 * can tell a timeout from a failure.
 */
export function within<T>(promise: Promise<T>, ms: number, timedOut?: () => void): Promise<T | null> {
  if (ms <= 0) {
    timedOut?.();
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timedOut?.();
      resolve(null);
    }, ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
    );
  });
}

/** Runs `work` on each item, `limit` at a time, starting each only while `go()` says so. */
export async function pool<T>(items: readonly T[], limit: number, go: () => boolean, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (next < items.length && go()) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, runner));
}

/** The bytes of a fetched resource, and their base64. */
function bytesOf(got: FetchedResource): { bytes: Uint8Array; base64: string } | null {
  if ('base64' in got) {
    const bytes = fromBase64(got.base64);
    return bytes ? { bytes, base64: got.base64.replace(/\s+/g, '') } : null;
  }
  return { bytes: got.bytes, base64: toBase64(got.bytes) };
}

/** The snapshot's resource table. */
export function createResourceTable(fetchResource: FetchResource, limits: ResourceLimits) {
  const entries: Entry[] = [];
  const byKey = new Map<string, Entry>();
  let stylesheets = { inlined: 0, failed: 0, skipped: 0 };

  const add = (kind: ResourceKind, url: string | null, priority: number, key: string | null): Entry => {
    const known = key === null ? undefined : byKey.get(key);
    if (known) {
      known.uses++;
      known.priority = Math.min(known.priority, priority);
      return known;
    }
    const entry: Entry = { id: entries.length, kind, url, priority, uses: 1, state: 'waiting', value: null };
    entries.push(entry);
    if (key !== null) byKey.set(key, entry);
    return entry;
  };

  // Whether a fetch was cut by the deadline's own timer. A timer can fire a moment before the
  // clock reads the deadline (timers and Date.now() are different clocks, each rounded), so
  // asking the clock alone started another fetch after the deadline had cut the first ones.
  let cutByDeadline = false;
  const pastDeadline = () => cutByDeadline || limits.now() >= limits.deadline;

  /** Calls the fetcher within the limits; null on failure or timeout, 'too-large' over the size limit. */
  const fetchChecked = async (url: string): Promise<{ type: string; bytes: Uint8Array; base64: string; url: string } | null | 'too-large'> => {
    const toDeadline = limits.deadline - limits.now();
    const left = Math.min(limits.resourceTimeoutMs, toDeadline);
    let got: FetchedResource | null;
    // Cut by the time left before the deadline (not by the resource's own timeout): the deadline has passed.
    const timedOut = () => {
      if (left === toDeadline) cutByDeadline = true;
    };
    try {
      got = await within(fetchResource(url), left, timedOut);
    } catch {
      return null;
    }
    if (!got || typeof got !== 'object') return null;
    const size = 'base64' in got ? base64Size(got.base64) : got.bytes?.length;
    if (typeof size !== 'number') return null;
    if (size > limits.maxResourceBytes) return 'too-large';
    const data = bytesOf(got);
    return data ? { type: String(got.type ?? ''), ...data, url: typeof got.url === 'string' && got.url ? got.url : url } : null;
  };

  return {
    /** Whether the deadline has passed, by the clock or because its timer cut a fetch: nothing more is started then. */
    pastDeadline,

    /** A use of the resource at absolute `url` as `kind`. */
    ref(url: string, kind: ResourceKind, priority: number): ResRef {
      return { res: add(kind, url, priority, `${kind} ${url}`).id };
    },

    /** A use of content the page holds (a data: URL, a canvas's image); null when it is malformed or not a `kind`. */
    local(url: string, kind: ResourceKind, priority: number): ResRef | null {
      const parsed = parseDataUrl(url);
      const type = parsed && acceptedType(kind, parsed.type, parsed.bytes);
      if (!parsed || !type || isBomb(type, parsed.bytes)) return null;
      const entry = add(kind, null, priority, url.length < 4096 ? `${kind} ${url}` : null);
      if (entry.state === 'waiting') {
        if (parsed.bytes.length > limits.maxResourceBytes) entry.state = 'too-large';
        else {
          entry.state = 'ok';
          entry.value = dataUrl(type, toBase64(parsed.bytes));
        }
      }
      return { res: entry.id };
    },

    /** A stylesheet's text (UTF-8) and final URL, fetched within the limits; counted as a stylesheet. */
    async fetchCss(url: string): Promise<{ text: string; url: string } | null> {
      const got = await fetchChecked(url);
      if (got === 'too-large') {
        stylesheets = { ...stylesheets, skipped: stylesheets.skipped + 1 };
        return null;
      }
      if (!got || !acceptedType('css', got.type, got.bytes)) {
        stylesheets = { ...stylesheets, failed: stylesheets.failed + 1 };
        return null;
      }
      return { text: new TextDecoder('utf-8').decode(got.bytes), url: got.url };
    },

    /** Forgets the uses in `chunks` (CSS left out): a resource used nowhere else is neither fetched nor counted. */
    drop(chunks: readonly Chunk[]): void {
      for (const c of chunks) if (typeof c === 'object' && 'res' in c && entries[c.res]) entries[c.res]!.uses--;
    },

    /** Counts a stylesheet (fetched or read, an SVG `<style>`, a `style` attribute) as inlined or, when it did not fit, skipped. */
    countStylesheet(outcome: 'inlined' | 'skipped'): void {
      stylesheets = { ...stylesheets, [outcome]: stylesheets[outcome] + 1 };
    },

    /**
     * Fetches every registered resource, most important first, until the deadline, and stops
     * starting new ones once those accepted fill `budget` bytes.
     */
    async fetchAll(budget: number): Promise<void> {
      const order = entries.filter((e) => e.state === 'waiting' && e.uses > 0).sort((a, b) => a.priority - b.priority || a.id - b.id);
      let accepted = entries.reduce((n, e) => n + (e.state === 'ok' ? e.value!.length * e.uses : 0), 0);
      const go = () => accepted < budget && !pastDeadline();
      await pool(order, limits.concurrency, go, async (entry) => {
        const got = await fetchChecked(entry.url!);
        if (got === 'too-large') return void (entry.state = 'too-large');
        const type = got && acceptedType(entry.kind, got.type, got.bytes);
        if (!got || !type || isBomb(type, got.bytes)) return void (entry.state = 'failed');
        entry.state = 'ok';
        entry.value = dataUrl(type, got.base64);
        accepted += entry.value.length * entry.uses;
      });
      for (const e of order) if (e.state === 'waiting') e.state = pastDeadline() ? 'failed' : 'not-fetched';
    },

    /**
     * Decides which resources go in: most important first, each while its data: URL (once per
     * use) fits in `budget` bytes. Returns each resource's value ('' when left out) and the counts.
     */
    allocate(budget: number): { values: string[]; inlined: number; skipped: number; failed: number } {
      const values = entries.map(() => '');
      let left = budget;
      let inlined = stylesheets.inlined;
      let skipped = stylesheets.skipped;
      let failed = stylesheets.failed;
      for (const e of [...entries].sort((a, b) => a.priority - b.priority || a.id - b.id)) {
        if (e.uses <= 0) continue;
        if (e.state === 'failed' || e.state === 'waiting') failed++;
        else if (e.state !== 'ok') skipped++;
        else if (e.value!.length * e.uses <= left) {
          values[e.id] = e.value!;
          left -= e.value!.length * e.uses;
          inlined++;
        } else skipped++;
      }
      return { values, inlined, skipped, failed };
    },
  };
}

/** The resource table of one snapshot. */
export type ResourceTable = ReturnType<typeof createResourceTable>;
