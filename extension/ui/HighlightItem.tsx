import { useRef, useState } from 'preact/hooks';
import { COLOR_NAMES, excerpt, quoteOf } from '../../src/highlights/present';
import { HIGHLIGHT_COLORS, MAX_NOTE_CHARS, type HighlightColor, type HighlightView } from '../../src/schema/highlight';
import type { HighlightEdit } from './use-highlights';

/** What a list entry can ask its reader to do. Actions answer null, or the message to show. */
export interface ItemActions {
  /** Scrolls the reader to the highlight (only for one placed in the reader). */
  show(id: string): void;
  /** Asks the live page in the active tab to scroll to it; answers whether it was found there. */
  reveal(id: string): Promise<{ found: boolean } | { error: string }>;
  change(id: string, edit: HighlightEdit): Promise<string | null>;
  remove(id: string): void;
}

/**
 * One highlight in the reader's list: its colour, quote and note, and "Not found on this
 * version of the page" when the reader could not place it (it is listed all the same).
 * A placed one's quote scrolls the reader to it. Edit (colour and note), Delete and
 * "Show on page" for highlights this version may change; a read-only one shows none.
 */
export function HighlightItem({ h, placed, actions }: { h: HighlightView; placed: boolean; actions: ItemActions }) {
  const [editing, setEditing] = useState(false);
  const [color, setColor] = useState<HighlightColor>(h.color);
  const [note, setNote] = useState(h.note);
  // The note as the editor loaded it: the edit is rebased onto the note as stored by then.
  const noteBase = useRef(h.note);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const quote = excerpt(quoteOf(h));

  const startEdit = () => {
    setColor(h.color);
    setNote(h.note);
    noteBase.current = h.note;
    setMessage(null);
    setEditing(true);
  };
  const save = async () => {
    const edit: { color?: HighlightColor; note?: string; noteBase?: string } = {};
    if (color !== h.color) edit.color = color;
    if (note !== noteBase.current) Object.assign(edit, { note, noteBase: noteBase.current });
    const problem = Object.keys(edit).length === 0 ? null : await actions.change(h.id, edit);
    if (problem) return setMessage({ text: problem, error: true });
    setEditing(false);
  };
  const reveal = async () => {
    const res = await actions.reveal(h.id);
    if ('error' in res) setMessage({ text: res.error, error: true });
    else setMessage({ text: res.found ? 'Shown on the page.' : 'Not found on the page in the active tab. Open the original page there first.', error: !res.found });
  };

  return (
    <li class="hl-item" data-testid="highlight-item" data-highlight-id={h.id} data-color={h.color} data-found={String(placed)}>
      <span class={`hl-dot hl-c-${h.color}`} role="img" aria-label={COLOR_NAMES[h.color]} />
      <div class="hl-body">
        {placed ? (
          <button class="hl-quote" data-testid="highlight-show" title="Scroll to this highlight" onClick={() => actions.show(h.id)}>
            {quote}
          </button>
        ) : (
          <p class="hl-quote">{quote}</p>
        )}
        {!placed && (
          <p class="hl-orphan" data-testid="highlight-orphan">
            Not found on this version of the page
          </p>
        )}
        {!editing && h.note && (
          <p class="hl-note" data-testid="highlight-note">
            {h.note}
          </p>
        )}
        {editing ? (
          <div class="hl-edit" data-testid="highlight-edit">
            <div class="hl-colors" role="radiogroup" aria-label="Colour">
              {HIGHLIGHT_COLORS.map((c) => (
                <button
                  key={c}
                  class={`hl-swatch hl-c-${c}`}
                  role="radio"
                  aria-checked={c === color}
                  aria-label={COLOR_NAMES[c]}
                  data-testid="highlight-edit-color"
                  data-color={c}
                  onClick={() => setColor(c)}
                />
              ))}
            </div>
            <textarea
              class="hl-note-input"
              aria-label="Note"
              data-testid="highlight-edit-note"
              maxLength={MAX_NOTE_CHARS}
              value={note}
              onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
            />
            <div class="hl-actions">
              <button class="primary" data-testid="highlight-save" onClick={() => void save()}>
                Save
              </button>
              <button onClick={() => setEditing(false)}>Cancel</button>
            </div>
          </div>
        ) : (
          <div class="hl-actions">
            <button data-testid="highlight-reveal" title="Scroll the page open in the active tab to this highlight" onClick={() => void reveal()}>
              Show on page
            </button>
            {h.readOnly ? (
              <span class="muted" title="Made by a newer version of Commonplace">
                Read-only
              </span>
            ) : (
              <>
                <button data-testid="highlight-edit-open" onClick={startEdit}>
                  Edit
                </button>
                <button data-testid="highlight-delete" aria-label={`Delete highlight “${excerpt(quote, 40)}”`} onClick={() => actions.remove(h.id)}>
                  Delete
                </button>
              </>
            )}
          </div>
        )}
        {message && (
          <p class={message.error ? 'error hl-message' : 'muted hl-message'} role={message.error ? 'alert' : 'status'} data-testid="highlight-message">
            {message.text}
          </p>
        )}
      </div>
    </li>
  );
}
