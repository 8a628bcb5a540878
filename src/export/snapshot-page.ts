/**
 * A clip's full-page snapshot as a file of the export zip and of `npm run read`'s folder
 * (`snapshots/<name>.html`): a small page that shows the snapshot in a sealed frame, an
 * `<iframe sandbox="">` whose `srcdoc` is the snapshot with its policy first, as the extension's
 * viewer shows it (extension/ui/SnapshotView.tsx and its page's policy). Never the snapshot
 * itself as the page: opened from disk it would be a top-level page with nothing but the
 * snapshot policy (`guardSnapshotHtml`) around it, and a policy does not cover everything a
 * snapshot from another device, an import or a crafted export can hold: a
 * `<meta http-equiv="refresh">` sends the page to any site, a `<form>` submits, a `<base>`
 * retargets its links. In the sandbox nothing runs, submits or navigates, and this page's own
 * policy (`default-src 'none'`, so `frame-src 'none'`), which the frame inherits, lets the
 * frame load nothing and go nowhere.
 */
import { guardSnapshotHtml } from '../snapshot/guard';
import { escapeHtml, page, shownTitle, when } from './html';

/** The policy of the page around the frame: inline styles, data: images, fonts and media, nothing else; no frame may load anything. */
export const SNAPSHOT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; media-src data:; form-action 'none'; base-uri 'none'";

/** Only `&` and `"` end or change a double-quoted attribute value; the rest stays as written (readable, searchable). */
const srcdocValue = (html: string): string => html.replace(/[&"]/g, (c) => (c === '&' ? '&amp;' : '&quot;'));

const FRAME_CSS = `<style>html, body { height: 100%; } body { display: flex; flex-direction: column; max-width: none; margin: 0; padding: 0; }
.snapshot-bar { padding: 0.5rem 1rem; border-bottom: 1px solid var(--line); }
.snapshot-bar p { margin: 0; }
iframe.snapshot { flex: 1; width: 100%; border: 0; background: #fff; }</style>`;

/**
 * The page of `clip`'s snapshot `html` (inflated, as stored): a line naming the clip, when it
 * was saved and a link back to its page (`../clips/<name>.html`), then the snapshot, sealed.
 */
export function snapshotPage(clip: { readonly title: string; readonly url: string; readonly savedAt: number }, name: string, html: string): string {
  const title = shownTitle(clip);
  const bar = `<header class="snapshot-bar"><p class="meta">Full-page copy of <bdi>${escapeHtml(title)}</bdi>, saved ${when(clip.savedAt)}. Scripts and the network are off in it, so its links do not open. <a href="../clips/${escapeHtml(name)}.html">← The clip</a></p></header>`;
  const frame = `<iframe class="snapshot" sandbox="" referrerpolicy="no-referrer" title="Full-page copy of ${escapeHtml(title)}" srcdoc="${srcdocValue(guardSnapshotHtml(html))}"></iframe>`;
  return page({ title: `${title} (full-page copy)`, body: `${FRAME_CSS}\n${bar}\n${frame}`, csp: SNAPSHOT_PAGE_CSP });
}
