/**
 * What the user selected on a live page, checked and described as a highlight target.
 * DOM only (no extension API): the content script passes its `document` in, and jsdom
 * tests pass theirs. Every refusal is an error value whose message says what to do.
 */
import { describe } from '../anchoring/anchor';
import { textModelOf, type TextModel } from '../capture/text-model';
import type { HighlightTarget } from '../schema/selectors';
import { err, ok, type Result } from '../util/result';

/** Elements that hold another document: a selection that contains one crosses into a frame it cannot see. */
const FRAME_ELEMENTS = 'iframe, frame, object, embed';
/** Most frame elements checked against a selection (a page with more is checked for these only). */
const MAX_FRAMES_CHECKED = 200;

const NO_SELECTION = 'Select some text on the page first, then choose Highlight.';
const IN_FIELD = 'Text inside a form field (a text box or search box) cannot be highlighted. Select text on the page itself.';
const IN_EDITOR = 'Text in an editable area cannot be highlighted while it can be edited. Select text elsewhere on the page.';
const IN_FRAME =
  'This text is inside an embedded frame, and Commonplace highlights only the text of the page itself. Open the frame on its own to highlight it.';
const ACROSS_FRAME = 'The selection crosses an embedded frame. Select text on one side of it, then try again.';

/** A described selection: the target (on `root`'s text model) and the range it came from (widened where the target was, to a whole character). */
export interface SelectionTarget {
  readonly target: HighlightTarget;
  readonly range: Range;
}

/** Where a selection is read from. */
export interface SelectionSource {
  readonly document: Document;
  /** False in a frame: highlights are drawn only in the top document. */
  readonly topFrame: boolean;
}

const elementOf = (node: Node): Element | null => (node.nodeType === 1 ? (node as Element) : node.parentElement);

/** Whether `node` is inside content the user can edit (contenteditable, not turned off below it). */
export function isEditable(node: Node): boolean {
  const el = elementOf(node);
  if (!el) return false;
  if ((el as HTMLElement).isContentEditable) return true;
  const editor = el.closest('[contenteditable]');
  return !!editor && editor.getAttribute('contenteditable') !== 'false';
}

/** Whether the focused element is a text field with a non-empty selection of its own. */
function fieldSelection(doc: Document): boolean {
  const el = doc.activeElement as (HTMLInputElement | HTMLTextAreaElement) | null;
  if (!el || (el.tagName !== 'INPUT' && el.tagName !== 'TEXTAREA')) return false;
  try {
    return el.selectionStart !== null && el.selectionEnd !== null && el.selectionStart !== el.selectionEnd;
  } catch {
    return false; // input types without a text selection (checkbox, …) throw
  }
}

/** The selection as one range, from the start of its first range to the end of its last (Firefox may hold several). */
export function selectionRange(doc: Document): Range | null {
  const sel = doc.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const first = sel.getRangeAt(0);
  if (sel.rangeCount === 1) return first.cloneRange();
  const last = sel.getRangeAt(sel.rangeCount - 1);
  const range = doc.createRange();
  range.setStart(first.startContainer, first.startOffset);
  range.setEnd(last.endContainer, last.endOffset);
  return range;
}

/**
 * Whether the user is editing text there (a form field's own selection, an editable area):
 * the toolbar then stays away rather than offering what would be refused.
 */
export function isBeingEdited(doc: Document, range: Range | null): boolean {
  return fieldSelection(doc) || (!!range && (isEditable(range.startContainer) || isEditable(range.endContainer)));
}

/**
 * Why `range` cannot be highlighted (a form field, an editable area, a frame crossed), or
 * null when it can. Cheap: the toolbar asks on every selection.
 */
export function refusal(doc: Document, range: Range | null): string | null {
  if (fieldSelection(doc)) return IN_FIELD;
  if (!range) return NO_SELECTION;
  if (isEditable(range.startContainer) || isEditable(range.endContainer)) return IN_EDITOR;
  const frames = doc.querySelectorAll(FRAME_ELEMENTS);
  for (let i = 0; i < frames.length && i < MAX_FRAMES_CHECKED; i++) {
    if (range.intersectsNode(frames[i]!)) return ACROSS_FRAME;
  }
  return null;
}

/**
 * The current selection of `source.document`, described on its body's text model.
 *
 * Contract: errors as values, never thrown: 'bad-request' in a frame, a form field, an
 * editable area, across a frame element, or outside the body; 'no-content' with nothing
 * selected (or only whitespace); 'too-large' over 10,000 characters (`describe`'s check).
 * An end inside a character (an emoji ZWJ sequence, a letter and its marks) is moved out in
 * the target and in the range returned, so the highlight never cuts a grapheme cluster.
 */
export function describeSelection(source: SelectionSource): Result<SelectionTarget> {
  const doc = source.document;
  if (!source.topFrame) return err('bad-request', IN_FRAME);
  const range = selectionRange(doc);
  const why = refusal(doc, range);
  if (why) return err(why === NO_SELECTION ? 'no-content' : 'bad-request', why);
  if (!doc.body) return err('no-content', NO_SELECTION);
  return describeOnPage(doc.body, range!);
}

/**
 * `range` described on `body`'s text model (`describe`), with the range to draw at once: the
 * same range, its ends moved out where the target's were (an end inside a character, such as
 * after 👩 of 👩‍💻). Why: the highlight drawn before it is saved must be the one stored, not a
 * cut selection. Errors as `describe`'s; the caller has checked `refusal`.
 */
export function describeOnPage(body: HTMLElement, range: Range): Result<SelectionTarget> {
  const model = textModelOf(body);
  const described = describe(range, body, { model });
  return described.ok ? ok({ target: described.value, range: wholeCharacters(range, model, described.value) }) : described;
}

/**
 * `range` with an end moved out where the target was widened past it to a whole character
 * (`describe`: a selection ending inside 👩‍💻), so the highlight drawn at once is the one
 * stored, not the cut selection. Ends the target did not move past are kept.
 */
function wholeCharacters(range: Range, model: TextModel, target: HighlightTarget): Range {
  const raw = model.offsetsOf(range);
  const { start, end } = target.position;
  if (!raw || (start >= raw.start && end <= raw.end)) return range;
  const widened = range.cloneRange();
  if (start < raw.start) {
    const a = model.pointAt(start, 'start');
    widened.setStart(a.node, a.offset);
  }
  if (end > raw.end) {
    const b = model.pointAt(end, 'end');
    widened.setEnd(b.node, b.offset);
  }
  return widened;
}
