/**
 * How the side panel lays out a list of clips: `rows` (one clip a line, the default) or `cards`
 * (a grid of cards, each led by the clip's picture). Kept per browser in this extension's
 * localStorage, not in the library: a panel's width, and so what suits it, is the device's.
 * Search results for typed words stay rows, whatever is chosen: their marked passage is the point.
 */
export type ListLayout = 'rows' | 'cards';

const KEY = 'commonplace-list-layout';

/** The layout the lists were last left in (rows when none was chosen, or storage is refused). */
export function loadListLayout(): ListLayout {
  try {
    return localStorage.getItem(KEY) === 'cards' ? 'cards' : 'rows';
  } catch {
    return 'rows';
  }
}

/** Remembers the layout for the next time the side panel opens. */
export function saveListLayout(layout: ListLayout): void {
  try {
    if (layout === 'rows') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, layout);
  } catch {
    // Storage refused: the panel opens in rows next time.
  }
}

/** A card's height, gap included: every card is as tall (title and tags clipped), so the grid's rows line up. */
export const CARD_HEIGHT = 256;
/** A card's height before it is drawn (`VirtualList`'s `estimate`): its height, every card being as tall. */
export const estimateCard = (): number => CARD_HEIGHT;
/** The narrowest a card may be: a side panel of 320-479 px holds two, the widest panel (760 px) four. */
export const CARD_MIN_WIDTH = 160;

/** How many columns of cards a list `width` px wide holds (at least one). */
export const cardColumns = (width: number): number => Math.max(1, Math.min(4, Math.floor(width / CARD_MIN_WIDTH)));
