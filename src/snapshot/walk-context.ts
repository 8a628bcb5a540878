/**
 * The state one snapshot walk writes into, and the DOM readers it uses. Node and element
 * properties are read through the prototypes' getters, so a page cannot mislead the walk
 * by clobbering them (a `<form>` with an `<input name="attributes">` has a `form.attributes`
 * that is that input).
 */
import type { ResolveUrl } from './css';
import { escapeTimes, utf8Length } from './encode';
import type { ResourceTable } from './resources';
import type { SheetReader } from './sheets';
import type { Chunk, FramePlaceholder } from './types';

/** The HTML and SVG namespaces, as `Element.namespaceURI` gives them. */
export const HTML_NS = 'http://www.w3.org/1999/xhtml';
/** See {@link HTML_NS}. */
export const SVG_NS = 'http://www.w3.org/2000/svg';

/** A window with its DOM constructors. */
export type DomWindow = Window & typeof globalThis;

/** Prototype-bound readers of nodes and elements. */
export interface DomReaders {
  type(n: Node): number;
  first(n: Node): Node | null;
  next(n: Node): Node | null;
  localName(el: Element): string;
  ns(el: Element): string | null;
  attrs(el: Element): [string, string][];
  attr(el: Element, name: string): string | null;
  text(n: Node): string;
  /** The document of an `<iframe>` or `<frame>` when the walk may read it (same origin), else null. */
  frameDoc(el: Element): Document | null;
}

function getter<T>(proto: object | undefined, name: string): ((this: T) => unknown) | undefined {
  for (let p = proto; p; p = Object.getPrototypeOf(p) as object | undefined) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d?.get) return d.get as (this: T) => unknown;
  }
  return undefined;
}

/** Readers through `win`'s prototypes (plain property reads when there is no window). */
export function domReaders(win: DomWindow | null): DomReaders {
  const nodeProto = win?.Node?.prototype;
  const elProto = win?.Element?.prototype;
  const call = <R>(get: ((this: never) => unknown) | undefined, n: object, name: string): R =>
    (get ? get.call(n as never) : (n as Record<string, unknown>)[name]) as R;
  const nodeType = getter<Node>(nodeProto, 'nodeType');
  const firstChild = getter<Node>(nodeProto, 'firstChild');
  const nextSibling = getter<Node>(nodeProto, 'nextSibling');
  const textContent = getter<Node>(nodeProto, 'textContent');
  const localName = getter<Element>(elProto, 'localName');
  const namespaceURI = getter<Element>(elProto, 'namespaceURI');
  const attributes = getter<Element>(elProto, 'attributes');
  const getAttribute = elProto?.getAttribute;
  const frameDocs = [win?.HTMLIFrameElement?.prototype, win?.HTMLFrameElement?.prototype]
    .map((p) => getter<Element>(p, 'contentDocument'))
    .filter((g) => !!g);
  return {
    type: (n) => call<number>(nodeType, n, 'nodeType'),
    first: (n) => call<Node | null>(firstChild, n, 'firstChild'),
    next: (n) => call<Node | null>(nextSibling, n, 'nextSibling'),
    localName: (el) => String(call<string>(localName, el, 'localName') ?? ''),
    ns: (el) => call<string | null>(namespaceURI, el, 'namespaceURI'),
    attrs: (el) => {
      const map = call<NamedNodeMap | null>(attributes, el, 'attributes');
      const out: [string, string][] = [];
      for (let i = 0; map && i < map.length; i++) out.push([map[i]!.name, map[i]!.value]);
      return out;
    },
    attr: (el, name) => (getAttribute ? getAttribute.call(el, name) : el.getAttribute(name)),
    text: (n) => String(call<string | null>(textContent, n, 'textContent') ?? ''),
    frameDoc: (el) => {
      // Each getter checks its element's interface (an <iframe>'s throws on a <frame>); a cross-origin frame gives null.
      for (const get of frameDocs) {
        try {
          return (get.call(el) as Document | null) ?? null;
        } catch {
          continue;
        }
      }
      if (frameDocs.length) return null;
      try {
        return (el as HTMLIFrameElement).contentDocument ?? null;
      } catch {
        return null;
      }
    },
  };
}

/** One walk's output and what it needs. */
export interface Walk {
  readonly doc: Document;
  readonly win: DomWindow | null;
  /** The document's base URL, against which relative URLs resolve. */
  readonly base: string;
  readonly dom: DomReaders;
  readonly table: ResourceTable;
  readonly sheets: SheetReader;
  readonly resolve: ResolveUrl;
  readonly shadowRootOf: (el: Element) => ShadowRoot | null;
  readonly skip: (el: Element) => boolean;
  /** Cleans a copy of an inline `<svg>` (DOMPurify), or null to use the walker's rules alone. */
  readonly purifySvg: ((svg: Element) => Element | null) | null;
  /** The SVG cleaner for a window (the page's gives `purifySvg`, a frame's its own); null when SVG is not purified. */
  readonly purifierFor: (win: DomWindow | null) => ((svg: Element) => Element | null) | null;
  /**
   * How many frames deep this walk is (0: the page). A frame's document is written inside its
   * `<iframe srcdoc="…">`, so everything it emits is attribute-escaped once per level.
   */
  readonly frameDepth: number;
  /** Frames kept so far in the whole snapshot (shared by every frame's walk), and how many it may keep. */
  readonly frames: { count: number; readonly max: number };
  /** Levels above the walked page (`SnapshotOptions.frameLevel`), counted towards the depth limit. */
  readonly frameLevel: number;
  /** The token given for a frame the walk cannot read (`SnapshotOptions.frameToken`). */
  readonly frameToken: (frame: Element) => string | null;
  /** Placeholders left for unreadable frames, in document order (shared by every frame's walk). */
  readonly placeholders: FramePlaceholder[];
  readonly out: Chunk[];
  /** UTF-8 bytes of the strings in `out`. */
  bytes: number;
  /** Over this many bytes, no more nodes are written. */
  readonly limit: number;
  truncated: boolean;
}

/** Appends markup (escaped for the frames it is inside). */
export function emit(w: Walk, text: string): void {
  if (!text) return;
  const out = escapeTimes(text, w.frameDepth);
  w.out.push(out);
  w.bytes += utf8Length(out);
}

/**
 * Whether `chars` UTF-16 units, escaped `levels` times, fit what is left under the byte limit:
 * surely (a unit is at most 3 bytes, each level of escaping at most 6 characters), else as
 * `exact()` measures them (called only then: measuring escapes the text again).
 */
export function fits(w: Walk, chars: number, levels: number, exact: () => number): boolean {
  return chars * 3 * 6 ** levels <= w.limit - w.bytes || w.bytes + exact() <= w.limit;
}

/**
 * Appends `text` (one attribute) when it fits under the byte limit; else appends nothing and
 * marks the copy cut short (`truncated`), as markup over the cap is. The walker checks the cap
 * only between nodes, so without this one huge value (a 60 KB `title`) took the copy past it.
 */
export function emitIfFits(w: Walk, text: string): void {
  if (!fits(w, text.length, w.frameDepth, () => utf8Length(escapeTimes(text, w.frameDepth)))) {
    w.truncated = true;
    return;
  }
  emit(w, text);
}

/** Appends a resource or stylesheet reference, marked with the frame depth it is written at. */
export function emitRef(w: Walk, c: Exclude<Chunk, string>): void {
  w.out.push(w.frameDepth ? { ...c, depth: w.frameDepth } : c);
}

/** Appends chunks of CSS, each string passed through `escape`. */
export function emitCss(w: Walk, chunks: readonly Chunk[], escape: (css: string) => string): void {
  for (const c of chunks) {
    if (typeof c === 'string') emit(w, escape(c));
    else emitRef(w, c);
  }
}
