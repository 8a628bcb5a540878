/**
 * "Deleted … Undo": shown for a few seconds after a delete; `u` or Ctrl+Z also undoes.
 * `title` names a deleted clip; `message` replaces the whole sentence (a deleted highlight).
 * `testId` names the bar, and its button `${testId}-button` (the clip's: `undo-bar`, `undo`).
 */
export function UndoBar({ title, message, testId, onUndo }: { title?: string; message?: string; testId?: string; onUndo: () => void }) {
  return (
    <div class="undo-bar" role="status" data-testid={testId ?? 'undo-bar'}>
      <span>{message ?? `Deleted “${title ?? ''}”.`}</span>
      <button data-testid={testId ? `${testId}-button` : 'undo'} onClick={onUndo}>
        Undo
      </button>
    </div>
  );
}
