import type { HighlightColor } from '../../src/schema/highlight';

/** How each colour fills highlighted text: translucent, so the page's own text colour stays readable. */
export const HIGHLIGHT_FILL: Readonly<Record<HighlightColor, string>> = {
  yellow: 'rgba(255, 214, 0, 0.45)',
  green: 'rgba(72, 207, 96, 0.40)',
  blue: 'rgba(64, 156, 255, 0.38)',
  pink: 'rgba(255, 92, 170, 0.36)',
  purple: 'rgba(160, 100, 255, 0.36)',
};

/** The colour of each swatch button (opaque). */
export const SWATCH: Readonly<Record<HighlightColor, string>> = {
  yellow: '#ffd600',
  green: '#48cf60',
  blue: '#409cff',
  pink: '#ff5caa',
  purple: '#a064ff',
};

/** The name the user sees for each colour. */
export const COLOR_LABEL: Readonly<Record<HighlightColor, string>> = {
  yellow: 'Yellow',
  green: 'Green',
  blue: 'Blue',
  pink: 'Pink',
  purple: 'Purple',
};

/** The fill of a highlight being flashed (scrolled to). */
export const FLASH_FILL = 'rgba(255, 120, 0, 0.65)';

/** How long a flash lasts. */
export const FLASH_MS = 1_600;
