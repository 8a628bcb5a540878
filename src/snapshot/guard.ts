/**
 * What the snapshot viewer puts in its sandboxed frame: the stored HTML with the snapshot
 * policy placed before anything else, whoever made the HTML. A snapshot from this
 * producer already starts with it; one from another device, an import or a bug may not,
 * and the viewer trusts no stored input (the sandbox and the extension page's own policy
 * still apply on top). Frames in a snapshot are `srcdoc` iframes (frames.ts): each document
 * the producer writes starts with the same policy, and whatever the HTML holds, a `srcdoc`
 * document inherits the policy of the document around it, and a frame inside a sandboxed
 * frame is sandboxed too, so frames need no guard of their own.
 */
import { escapeAttr } from './encode';
import { SNAPSHOT_CSP } from './types';

/** The policy as a `<meta>` element. */
export const SNAPSHOT_CSP_META = `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(SNAPSHOT_CSP)}">`;

/**
 * What the viewer puts before a snapshot: the policy, then `<base target="_blank">`, so a
 * link clicked in the copy asks for a new window, which the sandbox refuses, rather than
 * navigating the frame away from the copy (to an error page: the network is off). It sets no
 * URL, and being first it wins over a `<base target>` in the HTML.
 */
export const SNAPSHOT_PREFIX = `${SNAPSHOT_CSP_META}<base target="_blank">`;

/**
 * `html` with {@link SNAPSHOT_PREFIX} first: after a leading doctype (kept, so the
 * document's mode does not change), before everything else. The HTML parser moves elements
 * seen before `<html>` or `<head>` into the head, as its first elements.
 */
export function guardSnapshotHtml(html: string): string {
  const doctype = /^\uFEFF?\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + SNAPSHOT_PREFIX + html.slice(doctype[0].length) : SNAPSHOT_PREFIX + html;
}
