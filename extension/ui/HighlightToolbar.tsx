import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RangeLike } from '../../src/capture/text-model';
import { COLOR_NAMES } from '../../src/highlights/present';
import { HIGHLIGHT_COLORS, MAX_NOTE_CHARS, type HighlightColor } from '../../src/schema/highlight';

/** Where the toolbar sits (relative to the reader) and the selection it acts on. */
interface Shown {
  readonly range: RangeLike;
  readonly top: number;
  readonly left: number;
}

const TOOLBAR_WIDTH = 260;

/** The selection inside `root`, as a fixed snapshot (a live Range would follow DOM changes), or null. */
function selectionIn(root: HTMLElement): Range | null {
  const sel = getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  return root.contains(range.startContainer) && root.contains(range.endContainer) ? range : null;
}

/**
 * The toolbar that appears under a selection in the reader's article: a button per colour
 * (`HIGHLIGHT_COLORS`) and an optional note. A colour saves the highlight through
 * `onSave`, which answers null or the error to show (e.g. a selection over 10,000
 * characters); the toolbar stays open with the error until the selection changes.
 * Escape closes it; a click or a key that leaves no selection hides it.
 */
export function HighlightToolbar({ root, container, onSave }: {
  root: RefObject<HTMLElement>;
  container: RefObject<HTMLElement>;
  onSave: (range: RangeLike, color: HighlightColor, note: string) => Promise<string | null>;
}) {
  const [shown, setShown] = useState<Shown | null>(null);
  const [noteOpen, setNoteOpen] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const self = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const update = (e: Event) => {
      if (self.current?.contains(e.target as Node)) return;
      // After the browser has updated the selection for this click or key.
      setTimeout(() => {
        const [article, box] = [root.current, container.current?.getBoundingClientRect()];
        const range = article && box ? selectionIn(article) : null;
        if (!range) return void setShown(null);
        const rect = range.getBoundingClientRect();
        const left = Math.max(0, Math.min(rect.left - box!.left, box!.width - TOOLBAR_WIDTH));
        const snapshot = { startContainer: range.startContainer, startOffset: range.startOffset, endContainer: range.endContainer, endOffset: range.endOffset };
        setShown({ range: snapshot, top: rect.bottom - box!.top + 8, left });
        setError(null);
      }, 0);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && shown) {
        e.stopPropagation();
        e.preventDefault();
        setShown(null);
      } else if (!isTyping(e)) update(e);
    };
    document.addEventListener('mouseup', update);
    // Capture: Escape closes the toolbar before the reader takes it as "back to the list".
    document.addEventListener('keyup', onKey, true);
    document.addEventListener('keydown', escapeFirst, true);
    return () => {
      document.removeEventListener('mouseup', update);
      document.removeEventListener('keyup', onKey, true);
      document.removeEventListener('keydown', escapeFirst, true);
    };
    function escapeFirst(e: KeyboardEvent) {
      if (e.key === 'Escape' && shown) (e.stopPropagation(), e.preventDefault());
    }
  }, [root, container, shown]);

  useEffect(() => {
    if (!shown) (setNoteOpen(false), setNote(''), setError(null));
  }, [shown]);

  if (!shown) return null;

  const save = async (color: HighlightColor) => {
    setBusy(true);
    const problem = await onSave(shown.range, color, note.trim());
    setBusy(false);
    if (problem) return setError(problem);
    getSelection()?.removeAllRanges();
    setShown(null);
  };

  return (
    <div
      ref={self}
      class="hl-toolbar"
      role="toolbar"
      aria-label="Highlight the selection"
      data-testid="highlight-toolbar"
      style={{ top: `${shown.top}px`, left: `${shown.left}px`, width: `${TOOLBAR_WIDTH}px` }}
    >
      <div class="hl-toolbar-row">
        {HIGHLIGHT_COLORS.map((c) => (
          <button
            key={c}
            class={`hl-swatch hl-c-${c}`}
            aria-label={`Highlight in ${COLOR_NAMES[c].toLowerCase()}`}
            title={COLOR_NAMES[c]}
            data-testid="highlight-color"
            data-color={c}
            disabled={busy}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void save(c)}
          />
        ))}
        <button class="hl-note-toggle" aria-expanded={noteOpen} data-testid="highlight-note-toggle" onMouseDown={(e) => e.preventDefault()} onClick={() => setNoteOpen(!noteOpen)}>
          Note
        </button>
      </div>
      {noteOpen && (
        <textarea
          class="hl-note-input"
          aria-label="Note (saved with the colour you pick)"
          placeholder="Note, then pick a colour"
          data-testid="highlight-note-input"
          maxLength={MAX_NOTE_CHARS}
          value={note}
          onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
        />
      )}
      {error && (
        <p class="error hl-toolbar-error" role="alert" data-testid="highlight-error">
          {error}
        </p>
      )}
    </div>
  );
}

const isTyping = (e: KeyboardEvent) => e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
