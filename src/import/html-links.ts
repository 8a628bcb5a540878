import { htmlTokens } from './html-tokens';

/**
 * The structure link-list exports are made of, read from HTML tokens: links with their
 * attributes and text, headings (folder names, Pocket's "Unread"/"Read Archive"), list opens
 * and closes (`<DL>`/`<UL>`, the nesting of folders) and `<DD>` descriptions. Both the Netscape
 * bookmark format and Pocket's `ril_export.html` are read through it.
 *
 * Forgiving in the ways machine-written files need: a link, heading or description also ends
 * at the next structural tag (`<DT>`, `<LI>`, `<DL>`, …) when its end tag is missing, and the
 * text kept for one is bounded, so one broken tag cannot swallow the file.
 */

/** One step of `linkSteps`; texts are entity-decoded but not yet cleaned (build-item.ts does that). */
export type LinkStep =
  | { readonly kind: 'link'; readonly attrs: ReadonlyMap<string, string>; readonly text: string; readonly line: number }
  | { readonly kind: 'heading'; readonly name: string; readonly attrs: ReadonlyMap<string, string>; readonly text: string; readonly line: number }
  | { readonly kind: 'description'; readonly text: string; readonly line: number }
  | { readonly kind: 'list-open'; readonly line: number }
  | { readonly kind: 'list-close'; readonly line: number };

/** Most text kept for one link, heading or description (titles are capped far lower later). */
const MAX_TEXT = 64 * 1024;
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const LISTS = new Set(['dl', 'ul', 'ol']);
/** Start tags that end any open link, heading or description. */
const BREAKS = new Set(['dt', 'dd', 'li', 'hr', 'a', 'dl', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

interface Open {
  kind: 'link' | 'heading' | 'description';
  name: string;
  attrs: ReadonlyMap<string, string>;
  line: number;
  parts: string[];
  length: number;
}

/**
 * Reads `html` into link-list steps, in document order. Contract: never throws; linear in the
 * input; every `<a>` becomes exactly one `link` step (an empty text when it has none).
 */
export function* linkSteps(html: string): Generator<LinkStep> {
  let open: Open | null = null;
  const close = (): LinkStep | null => {
    if (open === null) return null;
    const o: Open = open;
    open = null;
    const text = o.parts.join('');
    if (o.kind === 'description') return { kind: 'description', text, line: o.line };
    if (o.kind === 'heading') return { kind: 'heading', name: o.name, attrs: o.attrs, text, line: o.line };
    return { kind: 'link', attrs: o.attrs, text, line: o.line };
  };
  for (const token of htmlTokens(html)) {
    if (token.kind === 'text') {
      if (open !== null && open.length < MAX_TEXT) {
        const piece = token.text.slice(0, MAX_TEXT - open.length);
        open.parts.push(piece);
        open.length += piece.length;
      }
      continue;
    }
    const { name, line } = token;
    if (token.kind === 'start') {
      if (!BREAKS.has(name)) continue;
      const done = close();
      if (done) yield done;
      if (name === 'a') open = { kind: 'link', name, attrs: token.attrs, line, parts: [], length: 0 };
      else if (HEADINGS.has(name)) open = { kind: 'heading', name, attrs: token.attrs, line, parts: [], length: 0 };
      else if (name === 'dd') open = { kind: 'description', name, attrs: token.attrs, line, parts: [], length: 0 };
      else if (LISTS.has(name)) yield { kind: 'list-open', line };
      continue;
    }
    const current = open as Open | null;
    if (current !== null && (current.name === name || LISTS.has(name))) {
      const done = close();
      if (done) yield done;
    }
    if (LISTS.has(name)) yield { kind: 'list-close', line };
  }
  const done = close();
  if (done) yield done;
}
