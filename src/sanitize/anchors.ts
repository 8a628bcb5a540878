/**
 * In-document links of a stored article (a table of contents' `<a href="#section-2">`, a
 * footnote's `#fn1`). The capture profile drops every `id` and `name` (a page's ids would
 * clobber the reader's globals and collide with its own), and made such links absolute, so in
 * the reader they led back to the original page. Now a link into the same document whose
 * target is kept points at it inside the article, under a prefixed id (`user-content-…`, as
 * GitHub and DOMPurify's `SANITIZE_NAMED_PROPS` name them): only targets of such links keep an
 * id, and only prefixed. A link whose target is not kept points at the original page, as before.
 * An inline SVG's references to its own parts (`fill="url(#gradient)"`, `clip-path`, a
 * gradient's `href="#base"`) are kept the same way: without their ids a drawing lost its
 * gradients (a shape filled with a missing gradient is not drawn), clips and markers.
 */

/** What every id kept in a stored article begins with; the reader keeps no other id. */
export const ANCHOR_PREFIX = 'user-content-';

/** An id the reader may keep: prefixed, not too long, no whitespace (so never a second token or a clobbering name). */
export function isAnchorId(value: string): boolean {
  return value.startsWith(ANCHOR_PREFIX) && value.length <= 256 && !/\s/.test(value);
}

/** An href the reader keeps in the article (a link to one of its anchors): `#user-content-…`. */
export function isAnchorHref(href: string): boolean {
  return href.startsWith(`#${ANCHOR_PREFIX}`) && href.length <= 1_024 && !/\s/.test(href);
}

/** One capture sanitisation's possible targets (elements with an id, `<a name>`) and in-document links, in document order. */
export interface AnchorNotes {
  /** The document the links are in (no fragment): a link to it plus a fragment is in-document. */
  documentUrl: string | null;
  readonly ids: Array<[Element, string]>;
  readonly names: Array<[Element, string]>;
  readonly links: Array<[Element, string]>;
  /** SVG references: an element's attribute naming an id (`href="#id"`, or `url(#id)` in its value). */
  readonly refs: Array<[Element, string, string]>;
}

/** Empty notes, one per capture sanitiser (reset before each run, `resetAnchorNotes`). */
export function newAnchorNotes(): AnchorNotes {
  return { documentUrl: null, ids: [], names: [], links: [], refs: [] };
}

/** Starts a sanitisation of a document at `documentUrl` (null: none known, raw `#…` links only). */
export function resetAnchorNotes(notes: AnchorNotes, documentUrl: string | null): void {
  notes.documentUrl = documentUrl === null ? null : withoutFragment(documentUrl);
  notes.ids.length = 0;
  notes.names.length = 0;
  notes.links.length = 0;
  notes.refs.length = 0;
}

function withoutFragment(url: string): string | null {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/** Before an element's attributes are sanitised (its `id` and `name` are then dropped): notes it as a possible target. */
export function noteTarget(notes: AnchorNotes, el: Element, tag: string, attr: (el: Element, name: string) => string | null): void {
  const id = attr(el, 'id');
  if (id) notes.ids.push([el, id]);
  const name = tag === 'a' ? attr(el, 'name') : null;
  if (name) notes.names.push([el, name]);
}

/**
 * Notes `el`'s href `raw` when it links into the document being sanitised: `#frag`, or a URL
 * that resolves against `base` to the document's own URL plus a fragment (a browser would
 * scroll, not leave). A bare `#` names no element: left as it is.
 */
export function noteLink(notes: AnchorNotes, el: Element, raw: string, base: string | null): void {
  let fragment: string | null = null;
  if (raw.startsWith('#') && (notes.documentUrl === null || base === null || withoutFragment(new URL(raw, base).href) === notes.documentUrl)) {
    fragment = raw.slice(1);
  } else if (notes.documentUrl !== null && raw.includes('#')) {
    try {
      const u = new URL(raw, base ?? undefined);
      if (withoutFragment(u.href) === notes.documentUrl) fragment = u.hash.slice(1);
    } catch {
      // Not a URL: the scheme check drops it.
    }
  }
  if (fragment) notes.links.push([el, fragment]);
}

/** `url(#id)` in an attribute value (quoted or not), as SVG paint, clip, mask, filter and marker attributes write it. */
const URL_REF = /url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g;

/**
 * Notes attribute `name` of `el` (an SVG part: not a link) when it refers to an id of the
 * document: `href`/`xlink:href` of `#id`, or a value with `url(#id)`. Call before the attribute
 * is rewritten; it keeps its value as it is unless its target is kept.
 */
export function noteReference(notes: AnchorNotes, el: Element, name: string, value: string): void {
  if ((name === 'href' || name === 'xlink:href') ? value.startsWith('#') && value.length > 1 : value.includes('url(') && /url\(\s*['"]?#/.test(value)) notes.refs.push([el, name, value]);
}

function decoded(fragment: string): string | null {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return null;
  }
}

/**
 * After sanitisation of `root`: each noted link whose target is still in `root` gets `href="#<id>"`
 * and its target `id="<id>"` (`ANCHOR_PREFIX` + the page's id or name, once prefixed: re-sanitising
 * a stored article changes nothing). Targets are found as a browser finds them: the first element
 * with that id, else the first `<a name>`, the fragment as written, then percent-decoded.
 */
export function linkAnchors(root: Element, notes: AnchorNotes): void {
  if (notes.links.length === 0 && notes.refs.length === 0) return;
  const targets = new Map<string, Element>();
  for (const list of [notes.ids, notes.names]) {
    for (const [el, key] of list) if (!targets.has(key) && root.contains(el)) targets.set(key, el);
  }
  const byId = new Map(notes.ids.filter(([el]) => root.contains(el)).map(([el, id]) => [id, el] as const).reverse());
  linkReferences(root, notes, byId);
  for (const [link, fragment] of notes.links) {
    if (!root.contains(link)) continue;
    const plain = decoded(fragment);
    const key = targets.has(fragment) ? fragment : plain !== null && targets.has(plain) ? plain : null;
    if (key === null) continue;
    const id = key.startsWith(ANCHOR_PREFIX) ? key : ANCHOR_PREFIX + key;
    if (!isAnchorId(id)) continue;
    targets.get(key)!.setAttribute('id', id);
    // The fragment as written (percent-encoded or not): a browser decodes it to find the id.
    link.setAttribute('href', `#${fragment.startsWith(ANCHOR_PREFIX) ? fragment : ANCHOR_PREFIX + fragment}`);
  }
}

/** The SVG references of `notes` whose target (by id only, as SVG finds it) is kept: both get the prefixed id. */
function linkReferences(root: Element, notes: AnchorNotes, byId: ReadonlyMap<string, Element>): void {
  const prefixed = (id: string): string | null => {
    const target = byId.get(id);
    const named = id.startsWith(ANCHOR_PREFIX) ? id : ANCHOR_PREFIX + id;
    if (!target || !isAnchorId(named)) return null;
    target.setAttribute('id', named);
    return named;
  };
  for (const [el, name, value] of notes.refs) {
    if (!root.contains(el) || !el.hasAttribute(name)) continue;
    if (name === 'href' || name === 'xlink:href') {
      const id = prefixed(decoded(value.slice(1)) ?? value.slice(1));
      if (id) el.setAttribute(name, `#${id}`);
      continue;
    }
    const next = value.replace(URL_REF, (whole, quote: string, id: string) => {
      const named = prefixed(id);
      return named ? `url(${quote}#${named}${quote})` : whole;
    });
    if (next !== value) el.setAttribute(name, next);
  }
}
