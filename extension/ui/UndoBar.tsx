/** "Deleted … Undo": shown for a few seconds after a delete; `u` or Ctrl+Z also undoes. */
export function UndoBar({ title, onUndo }: { title: string; onUndo: () => void }) {
  return (
    <div class="undo-bar" role="status" data-testid="undo-bar">
      <span>Deleted “{title}”.</span>
      <button data-testid="undo" onClick={onUndo}>
        Undo
      </button>
    </div>
  );
}
