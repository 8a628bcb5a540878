/**
 * `snapshotDocument`: a rendered page as one self-contained HTML document. Three steps:
 *
 * 1. the walk (walk.ts), synchronous, so the copy is of one instant of the page: markup,
 *    current form values, canvases, readable stylesheets, with a reference in place of every
 *    resource;
 * 2. the stylesheets the page could not read, fetched and inlined (sheets.ts);
 * 3. images and fonts fetched (resources.ts), most important first, and inlined as data:
 *    URLs while they fit the cap; what does not fit, or fails, is left out and counted.
 *
 * Every fetch has its own timeout and the whole has a deadline, so a snapshot always ends.
 */
import createDOMPurify from 'dompurify';
import type { ResolveUrl } from './css';
import { escapeTimes, utf8Length } from './encode';
import { MAX_FRAMES } from './frames';
import { createResourceTable, PRIORITY, type ResourceTable } from './resources';
import { createSheetReader } from './sheets';
import { SNAPSHOT_DEFAULTS, type Chunk, type FetchResource, type SnapshotOptions, type SnapshotResult } from './types';
import { domReaders, type DomWindow, type Walk } from './walk-context';
import { CUT_SHORT_NOTE, walkDocument } from './walk';

/** Room kept under the cap for the closing tags and the cut-short note. */
const CLOSING_RESERVE = 4_096;

/** The resolver every URL in the copy goes through: fragments kept, data: and http(s)/blob: URLs made resources, others dropped. */
function urlResolver(table: ResourceTable): ResolveUrl {
  return (raw, base, kind, priority = kind === 'font' ? PRIORITY.font : PRIORITY.cssImage) => {
    const value = raw.trim();
    if (!value) return null;
    if (value.startsWith('#')) return { keep: value };
    if (/^data:/i.test(value)) return table.local(value, kind, priority);
    let url: URL;
    try {
      url = new URL(value, base);
    } catch {
      return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'blob:') return null;
    url.hash = '';
    return table.ref(url.href, kind, priority);
  };
}

/** DOMPurify's SVG profile over a copy of an inline `<svg>`, or null when DOMPurify cannot run on `win`. */
function svgPurifier(win: DomWindow | null): ((svg: Element) => Element | null) | null {
  if (!win) return null;
  let purify: ReturnType<typeof createDOMPurify>;
  try {
    purify = createDOMPurify(win);
  } catch {
    return null;
  }
  if (!purify.isSupported) return null;
  return (svg) => {
    try {
      const copy = svg.cloneNode(true) as Element;
      purify.sanitize(copy, { USE_PROFILES: { svg: true, svgFilters: true }, ADD_TAGS: ['use'], IN_PLACE: true });
      return copy;
    } catch {
      return null;
    }
  };
}

/** UTF-8 bytes of the markup around the resources (an attribute reference's ` name=""` included). */
const skeletonBytes = (chunks: readonly Chunk[]) =>
  chunks.reduce((n, c) => n + (typeof c === 'string' ? utf8Length(c) : 'attr' in c && c.attr ? utf8Length(escapeTimes(` ${c.attr}=""`, c.depth ?? 0)) : 0), 0);

/** A chunk's final text, given each resource's data: URL ('' when left out). */
function written(c: Chunk, values: readonly string[]): string {
  if (typeof c === 'string') return c;
  if (!('res' in c)) return '';
  const value = values[c.res] ?? '';
  // data: URLs are base64 with a clean type: escaping (inside a frame's srcdoc) changes only the quotes around them.
  return escapeTimes(c.attr ? (value ? ` ${c.attr}="${value}"` : '') : value, c.depth ?? 0);
}

/**
 * Snapshots `doc` (a live, rendered document) as one self-contained HTML string: see the
 * module comment, and src/snapshot/README.md for what is kept and what is left out.
 * `fetchResource` fetches images, fonts and the stylesheets the page cannot read; it is
 * called only with absolute http(s) and blob: URLs.
 */
export async function snapshotDocument(doc: Document, fetchResource: FetchResource, options: SnapshotOptions = {}): Promise<SnapshotResult> {
  const o = { ...SNAPSHOT_DEFAULTS, ...options };
  const now = options.now ?? (() => Date.now());
  const deadline = now() + o.timeoutMs;
  const table = createResourceTable(fetchResource, { ...o, deadline, now });
  const resolve = urlResolver(table);
  const sheets = createSheetReader(table, resolve);
  const win = (doc.defaultView as DomWindow | null) ?? null;
  const purifierFor = options.purifySvg === false ? () => null : svgPurifier;
  const w: Walk = {
    doc,
    win,
    base: doc.baseURI || doc.URL,
    dom: domReaders(win),
    table,
    sheets,
    resolve,
    shadowRootOf: options.shadowRootOf ?? ((el) => el.shadowRoot),
    skip: options.skip ?? (() => false),
    purifySvg: purifierFor(win),
    purifierFor,
    frameDepth: 0,
    frames: { count: 0, max: Math.max(0, Math.min(MAX_FRAMES, options.maxFrames ?? MAX_FRAMES)) },
    frameLevel: Math.max(0, options.frameLevel ?? 0),
    frameToken: options.frameToken ?? (() => null),
    placeholders: [],
    out: [],
    bytes: 0,
    limit: Math.max(0, o.maxBytes - CLOSING_RESERVE - CUT_SHORT_NOTE.length),
    truncated: false,
  };
  walkDocument(w);

  const go = () => !table.pastDeadline();
  const chunks = await sheets.expand(w.out, o.maxBytes, o.concurrency, go);
  const skeleton = skeletonBytes(chunks);
  const budget = Math.max(0, o.maxBytes - skeleton);
  await table.fetchAll(budget);
  const { values, inlined, skipped, failed } = table.allocate(budget);
  const html = chunks.map((c) => written(c, values)).join('');
  return {
    html, bytes: utf8Length(html), resources: { inlined, skipped, failed }, truncated: w.truncated, frames: w.placeholders, frameCount: w.frames.count,
  };
}
