import type { ListLayout } from './list-layout';

/** The list's layout switch, beside its order: pressed, the clips show as a grid of cards (list-layout.ts); kept for the next open. */
export function LayoutToggle({ layout, onChange }: { layout: ListLayout; onChange: (next: ListLayout) => void }) {
  const cards = layout === 'cards';
  return (
    <button
      type="button"
      class="layout-toggle"
      data-testid="layout-toggle"
      aria-pressed={cards}
      aria-label="Cards"
      title={cards ? 'Show as a list' : 'Show as cards'}
      onClick={() => onChange(cards ? 'rows' : 'cards')}
    >
      <span aria-hidden="true">▦</span>
    </button>
  );
}
