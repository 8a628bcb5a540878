/**
 * The floating toolbar shown next to a selection: one button per colour, and "Note", which
 * opens a text box; choosing a colour then highlights with the note (Enter in the box uses
 * the first colour). Escape or a click elsewhere dismisses it.
 */
import { HIGHLIGHT_COLORS, MAX_NOTE_CHARS, type HighlightColor } from '../../src/schema/highlight';
import { COLOR_LABEL } from './colors';
import { button, exposedNotice, place, type UiHost } from './ui-host';

/** The toolbar. */
export interface Toolbar {
  /** Shows it below (or above) the viewport rectangle `near`, with an empty note. */
  show(near: { left: number; top: number; bottom: number }): void;
  hide(): void;
  readonly visible: boolean;
  /** Removes it from the UI. */
  dispose(): void;
}

/** Builds the toolbar into `ui`; `pick` gets the chosen colour and the note typed (or ''). */
export function createToolbar(ui: UiHost, pick: (color: HighlightColor, note: string) => void): Toolbar {
  const doc = ui.host.ownerDocument;
  const panel = doc.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  panel.setAttribute('role', 'toolbar');
  panel.setAttribute('aria-label', 'Highlight with Commonplace');
  panel.setAttribute('data-testid', 'highlight-toolbar');
  const row = doc.createElement('div');
  row.className = 'row';
  for (const color of HIGHLIGHT_COLORS) {
    row.append(button(doc, { className: 'swatch', label: `Highlight ${COLOR_LABEL[color].toLowerCase()}`, data: { color } }));
  }
  const noteButton = button(doc, { className: 'text', label: 'Add a note', text: 'Note', data: { action: 'note' } });
  row.append(noteButton);
  const note = doc.createElement('textarea');
  note.hidden = true;
  note.maxLength = MAX_NOTE_CHARS;
  note.placeholder = 'Note (optional), then choose a colour';
  note.setAttribute('aria-label', 'Note');
  const exposed = exposedNotice(ui);
  if (exposed) exposed.hidden = true;
  panel.append(row, note, ...(exposed ? [exposed] : []));
  ui.layer.append(panel);

  const hide = () => {
    panel.hidden = true;
    note.hidden = true;
    if (exposed) exposed.hidden = true;
    note.value = '';
  };
  const choose = (color: HighlightColor) => {
    const text = note.value.trim();
    hide();
    pick(color, text);
  };

  // Keep the page's selection: a press on the buttons must not move focus or the caret.
  row.addEventListener('mousedown', (e) => e.preventDefault());
  row.addEventListener('click', (e) => {
    const b = (e.target as Element).closest('button');
    if (!b) return;
    const color = b.getAttribute('data-color') as HighlightColor | null;
    if (color) choose(color);
    else if (b === noteButton) {
      note.hidden = false;
      if (exposed) exposed.hidden = false;
      note.focus();
    }
  });
  ui.onTyped(note, 'keydown', (ev) => {
    const e = ev as KeyboardEvent;
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      choose(HIGHLIGHT_COLORS[0]);
    } else if (e.key === 'Escape') hide();
  });

  return {
    show(near) {
      hide();
      place(panel, near, doc);
    },
    hide,
    get visible() {
      return !panel.hidden;
    },
    dispose: () => panel.remove(),
  };
}
