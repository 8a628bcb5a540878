import { useEffect, useState } from 'preact/hooks';
import type { Placed } from '../../src/highlights/present';
import type { HighlightView } from '../../src/schema/highlight';
import { HighlightItem, type ItemActions } from './HighlightItem';

/**
 * The open clip's highlights, in reading order, with the ones the reader could not place
 * after them, each marked "Not found on this version of the page" (never hidden). A
 * collapsible section; it opens by itself when something asks for one of its entries
 * (`focusId`) or when a highlight could not be placed, since the list is then the only place
 * it shows.
 */
export function HighlightList({ items, error, focusId, actions }: {
  items: Placed<HighlightView>[] | null;
  error: string | null;
  focusId: string | null;
  actions: ItemActions;
}) {
  const orphans = items?.filter((p) => p.start === null).length ?? 0;
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (orphans > 0) setOpen(true);
  }, [orphans > 0]);
  useEffect(() => {
    if (!focusId || !items) return;
    setOpen(true);
    setTimeout(() => document.querySelector<HTMLElement>(`[data-testid=highlight-item][data-highlight-id="${CSS.escape(focusId)}"]`)?.scrollIntoView({ block: 'nearest' }), 0);
  }, [focusId, items !== null]);

  const count = items?.length ?? 0;
  return (
    <section class="hl-panel" data-testid="highlight-panel" data-count={items ? count : undefined}>
      <button class="hl-panel-toggle" aria-expanded={open} aria-controls="hl-panel-list" data-testid="highlight-panel-toggle" onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Highlights{items ? ` (${count})` : ''}
        {orphans > 0 && <span class="hl-orphan-count"> · {orphans} not found on this version</span>}
      </button>
      {error && (
        <p class="error" role="alert" data-testid="highlight-panel-error">
          {error}
        </p>
      )}
      {open && (
        <div id="hl-panel-list">
          {items && count === 0 && <p class="muted hl-empty">No highlights yet. Select text in the article and pick a colour.</p>}
          {!items && !error && <p class="muted hl-empty">Loading highlights…</p>}
          {count > 0 && (
            <ul class="hl-list" data-testid="highlight-list" aria-label="Highlights in this clip">
              {items!.map((p) => (
                <HighlightItem key={p.highlight.id} h={p.highlight} placed={p.start !== null} actions={actions} />
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
