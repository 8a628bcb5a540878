import { ok, type Result } from '../util/result';
import { titleOrNone } from './clean';
import { decodeText } from './decode';
import { linkSteps } from './html-links';
import type { ItemState } from './import-item';
import { countLinks } from './pocket-html';
import type { FormatSource, RawEvent, RawItem } from './types';

/**
 * Netscape bookmark HTML, as Chromium and Firefox export it: `<DT><H3>` folder names, each
 * followed by a `<DL>` of its contents (nested to any depth), `<DT><A HREF ADD_DATE …>` links
 * (`ADD_DATE` in Unix seconds; Firefox adds `TAGS="a,b"`, `LAST_MODIFIED`, `SHORTCUTURL`),
 * an optional `<DD>` description after a link, icons as huge `ICON="data:…"` attributes (ignored),
 * and URLs whose `&` is often not escaped (kept as written; see `decodeEntities`).
 *
 * Every folder a bookmark sits in becomes a tag, except the browser's own top-level folders
 * (the toolbar, "Other bookmarks", "Mobile bookmarks", Firefox's menu), which every bookmark
 * would otherwise carry. bookmarklets (`javascript:`) and Firefox's `place:` queries are
 * refused by the item rules with a reason.
 */

const PREFIX = 'bookmarks-html';

/** Top-level folder names browsers create themselves (lower case; English names, plus the flags below). */
const BROWSER_ROOTS = new Set([
  'bookmarks bar', 'bookmarks toolbar', 'bookmarks menu', 'other bookmarks', 'mobile bookmarks',
  'favorites bar', 'favourites bar', 'other favorites', 'other favourites', 'mobile favorites',
]);

/** Whether an `<H3>` directly in the root list is one of the browser's own folders. */
function isBrowserRoot(attrs: ReadonlyMap<string, string>, name: string): boolean {
  return attrs.get('personal_toolbar_folder') === 'true' || attrs.get('unfiled_bookmarks_folder') === 'true' || BROWSER_ROOTS.has(name.trim().toLowerCase());
}

/** Events of one bookmark file's text. */
function* events(text: string, file: string, state: ItemState): Generator<RawEvent> {
  /** The open lists, each with the folder it belongs to (null: the root, or a browser folder). */
  const folders: (string | null)[] = [];
  let heading: { name: string; root: boolean } | null = null;
  let pending: (RawEvent & { kind: 'item' }) | null = null;
  let n = 0;
  for (const step of linkSteps(text)) {
    if (step.kind === 'description') {
      if (pending !== null && step.text.trim() !== '') pending.raw.excerpt = step.text;
      continue;
    }
    if (pending !== null) {
      yield pending;
      pending = null;
    }
    if (step.kind === 'heading') {
      heading = step.name === 'h3' ? { name: step.text, root: folders.length <= 1 && isBrowserRoot(step.attrs, step.text) } : null;
    } else if (step.kind === 'list-open') {
      folders.push(heading === null || heading.root || heading.name.trim() === '' ? null : heading.name);
      heading = null;
    } else if (step.kind === 'list-close') {
      folders.pop();
      heading = null;
    } else {
      heading = null;
      n++;
      const url = (step.attrs.get('href') ?? '').trim();
      const raw: RawItem = {
        url,
        title: titleOrNone(step.text, url),
        savedAt: step.attrs.get('add_date'),
        tags: [...folders.filter((f): f is string => f !== null), ...(step.attrs.get('tags') ?? '').split(',')],
        state,
      };
      pending = { kind: 'item', sourceKey: `${PREFIX}:link:${n}`, source: `${file}, line ${step.line}`, raw };
    }
  }
  if (pending !== null) yield pending;
}

/**
 * Opens a bookmark file. Contract: decoded once here (any encoding `decodeText` reads); each
 * `raws()` call reads it from the start; never fails (a file without links yields nothing).
 * `state` is the reading state every bookmark gets.
 */
export function bookmarksSource(bytes: Uint8Array, state: ItemState, file = 'bookmarks.html'): Result<FormatSource> {
  const { text } = decodeText(bytes);
  return ok({ total: countLinks(text), raws: () => events(text, file, state) });
}
