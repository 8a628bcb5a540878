import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { hostOf } from '../../src/url/normalize';
import { FIRST_PAGE, useClipList } from './use-clip-list';

const PAGE = FIRST_PAGE;
// One formatter for every row: toLocaleDateString builds a new one per call, which is most of a 50-row first render.
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const formatDate = (ms: number) => dateFormat.format(ms);

/**
 * The reading list, newest first. Keyboard: ↓/j and ↑/k move, Enter opens,
 * Delete or d deletes (with undo). Loads 50 more rows when scrolled near the end.
 */
export function ClipList({ onOpen, onDelete }: { onOpen: (id: string) => void; onDelete: (id: string) => void }) {
  const [limit, setLimit] = useState(PAGE);
  const { rows, error } = useClipList(limit);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);

  // Recorded when the first rows are in the DOM (benchmarks read it; layout effect = before paint, not a frame later).
  useLayoutEffect(() => {
    if (rows && !(window as unknown as { __cpListRenderedAt?: number }).__cpListRenderedAt) {
      (window as unknown as { __cpListRenderedAt?: number }).__cpListRenderedAt = performance.now();
    }
  }, [rows]);

  // After a delete removes the focused row, keep focus in the list at the same position.
  useEffect(() => {
    const items = listRef.current?.querySelectorAll<HTMLElement>('[data-testid="clip-item"]');
    if (!items?.length || !listRef.current || listRef.current.contains(document.activeElement)) return;
    if (document.activeElement === document.body) items[Math.min(active, items.length - 1)]?.focus();
  }, [rows]);

  if (error) return <p class="error" role="alert">The reading list could not be read: {error}</p>;
  if (!rows) return <p class="muted">Loading…</p>;
  if (rows.length === 0)
    return (
      <div class="empty" data-testid="empty-list">
        <h2>Nothing saved yet</h2>
        <p class="muted">Use the toolbar button, Alt+Shift+S, or right-click → “Save page to Commonplace”. Saved pages stay readable offline.</p>
      </div>
    );

  const onKey = (e: KeyboardEvent, row: ClipSummary, i: number) => {
    // Focus moves synchronously, so a key pressed right after lands on the new row.
    const li = e.currentTarget as HTMLElement;
    if (e.key === 'ArrowDown' || e.key === 'j') (li.nextElementSibling as HTMLElement | null)?.focus();
    else if (e.key === 'ArrowUp' || e.key === 'k') (li.previousElementSibling as HTMLElement | null)?.focus();
    else if (e.key === 'Enter') onOpen(row.id);
    else if (e.key === 'Delete' || e.key === 'd') onDelete(row.id);
    else return;
    e.preventDefault();
  };

  const onScroll = (e: Event) => {
    const el = e.currentTarget as HTMLElement;
    if (el.scrollTop + el.clientHeight > el.scrollHeight - 400 && rows.length >= limit) setLimit(limit + PAGE);
  };

  return (
    <ul class="clip-list" data-testid="clip-list" ref={listRef} onScroll={onScroll} aria-label="Saved clips">
      {rows.map((row, i) => (
        <li
          key={row.id}
          data-testid="clip-item"
          data-clip-id={row.id}
          tabIndex={i === active ? 0 : -1}
          onKeyDown={(e) => onKey(e, row, i)}
          onFocus={() => setActive(i)}
          onClick={() => onOpen(row.id)}
        >
          <div class="clip-title">{row.title}</div>
          <div class="clip-meta muted">
            <span class="clip-site">{row.siteName ?? hostOf(row.url)}</span> · <time class="clip-date">{formatDate(row.savedAt)}</time>
            {row.kind !== 'page' && <span class="clip-kind"> · {row.kind}</span>}
          </div>
          {row.excerpt && <div class="clip-excerpt">{row.excerpt}</div>}
          <button
            class="clip-delete"
            data-testid="delete"
            aria-label={`Delete ${row.title}`}
            tabIndex={-1}
            onClick={(e) => {
              e.stopPropagation();
              onDelete(row.id);
            }}
          >
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
