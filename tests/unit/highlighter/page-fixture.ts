/** The article the live-page highlighter tests draw on, and the targets and views they make of it. */
import { describe as describeRange } from '../../../src/anchoring/anchor';
import type { HighlightView } from '../../../src/schema/highlight';
import type { HighlightTarget } from '../../../src/schema/selectors';

export const CLIP = 'clipclipclipclipclip01';
export const ARTICLE = '<article><h1>The Tide Mill</h1><p id="a">The mill turned with the tide twice a day.</p><p id="b">Nobody remembers who built it.</p></article>';

/** The target of characters `start`-`end` of the text of `sel`, described as the page describes a selection. */
export function targetOf(sel: string, start: number, end: number): HighlightTarget {
  const r = document.createRange();
  const text = document.querySelector(sel)!.firstChild!;
  r.setStart(text, start);
  r.setEnd(text, end);
  const d = describeRange(r, document.body);
  if (!d.ok) throw new Error(d.error.message);
  return d.value;
}

/** A highlight of `CLIP` as the background lists it. */
export function view(id: string, page: HighlightTarget | null, over: Partial<HighlightView> = {}): HighlightView {
  return { id, clipId: CLIP, color: 'yellow', note: '', createdAt: 1, updatedAt: 1, target: null, page, found: true, readOnly: false, ...over } as HighlightView;
}
