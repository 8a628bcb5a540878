/**
 * The popover of a drawn highlight (opened by clicking it): change the colour, edit the note
 * (saved when the box loses focus or on Enter; Shift+Enter is a new line), delete. After a
 * delete the undo bar offers "Undo" for a few seconds. A read-only highlight (written by a
 * newer version) shows its note and nothing to change.
 */
import { HIGHLIGHT_COLORS, MAX_NOTE_CHARS, type HighlightColor, type HighlightView } from '../../src/schema/highlight';
import { COLOR_LABEL } from './colors';
import { button, exposedNotice, place, type UiHost } from './ui-host';

/** How long "Undo" stays offered after a delete. */
export const UNDO_MS = 6_000;

/** What the popover asks for. */
export interface PopoverActions {
  color(id: string, color: HighlightColor): void;
  /** `base`: the note as the popover loaded it (or last saved it), so edits made elsewhere meanwhile are kept. */
  note(id: string, note: string, base: string): void;
  remove(id: string): void;
}

/** The popover, and the undo bar it shares the shadow root with. */
export interface Popover {
  /** Opens for `view` below the viewport point (x, y). */
  open(view: HighlightView, x: number, y: number): void;
  close(): void;
  /** The id of the highlight shown, or null when closed. */
  readonly openId: string | null;
  /** Offers "Undo" for `UNDO_MS`; `undo` runs when it is clicked. */
  offerUndo(undo: () => void): void;
  /** Removes it and the undo bar from the UI. */
  dispose(): void;
}

/** Builds the popover and undo bar into `ui`. */
export function createPopover(ui: UiHost, actions: PopoverActions): Popover {
  const doc = ui.host.ownerDocument;
  const panel = doc.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'Highlight');
  panel.setAttribute('data-testid', 'highlight-popover');
  const row = doc.createElement('div');
  row.className = 'row';
  const swatches = HIGHLIGHT_COLORS.map((color) => button(doc, { className: 'swatch', label: COLOR_LABEL[color], data: { color } }));
  const remove = button(doc, { className: 'text', label: 'Delete highlight', text: 'Delete', data: { action: 'delete' } });
  row.append(...swatches, remove);
  const note = doc.createElement('textarea');
  note.maxLength = MAX_NOTE_CHARS;
  note.placeholder = 'Add a note';
  note.setAttribute('aria-label', 'Note');
  const hint = doc.createElement('div');
  hint.className = 'hint';
  const exposed = exposedNotice(ui);
  panel.append(row, note, ...(exposed ? [exposed] : []), hint);

  const bar = doc.createElement('div');
  bar.className = 'bar';
  bar.hidden = true;
  bar.setAttribute('role', 'status');
  bar.setAttribute('data-testid', 'highlight-undo');
  const barText = doc.createElement('span');
  barText.textContent = 'Highlight deleted.';
  const undoButton = button(doc, { className: 'undo', label: 'Undo delete', text: 'Undo', data: { action: 'undo' } });
  bar.append(barText, undoButton);
  ui.layer.append(panel, bar);

  let view: HighlightView | null = null;
  let undo: (() => void) | null = null;
  let undoTimer: ReturnType<typeof setTimeout> | undefined;

  /** Saves the note if it changed. */
  const saveNote = () => {
    if (view && !view.readOnly && note.value !== view.note) {
      const base = view.note;
      view = { ...view, note: note.value };
      actions.note(view.id, note.value, base);
    }
  };
  const close = () => {
    saveNote();
    panel.hidden = true;
    view = null;
  };

  row.addEventListener('mousedown', (e) => e.preventDefault());
  row.addEventListener('click', (e) => {
    const b = (e.target as Element).closest('button');
    if (!b || !view || view.readOnly) return;
    const color = b.getAttribute('data-color') as HighlightColor | null;
    if (color && color !== view.color) {
      view = { ...view, color };
      for (const s of swatches) s.setAttribute('aria-pressed', String(s.getAttribute('data-color') === color));
      actions.color(view.id, color);
    } else if (b === remove) {
      const id = view.id;
      view = null;
      panel.hidden = true;
      actions.remove(id);
    }
  });
  note.addEventListener('blur', saveNote);
  ui.onTyped(note, 'keydown', (ev) => {
    const e = ev as KeyboardEvent;
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      saveNote();
    } else if (e.key === 'Escape') close();
  });
  undoButton.addEventListener('click', () => {
    const run = undo;
    undo = null;
    bar.hidden = true;
    run?.();
  });

  return {
    open(v, x, y) {
      if (view && view.id !== v.id) saveNote();
      view = v;
      for (const s of swatches) {
        s.setAttribute('aria-pressed', String(s.getAttribute('data-color') === v.color));
        s.disabled = v.readOnly;
      }
      remove.disabled = v.readOnly;
      note.value = v.note;
      note.readOnly = v.readOnly;
      hint.textContent = v.readOnly ? 'Made by a newer version of Commonplace: shown, not changed.' : 'Enter saves the note; Shift+Enter starts a new line.';
      place(panel, { left: x - 20, top: y - 12, bottom: y + 12 }, doc);
    },
    close,
    get openId() {
      return view?.id ?? null;
    },
    offerUndo(run) {
      undo = run;
      bar.hidden = false;
      clearTimeout(undoTimer);
      undoTimer = setTimeout(() => {
        bar.hidden = true;
        undo = null;
      }, UNDO_MS);
    },
    dispose() {
      clearTimeout(undoTimer);
      panel.remove();
      bar.remove();
    },
  };
}
