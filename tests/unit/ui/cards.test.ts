// @vitest-environment jsdom
/**
 * The list as cards: the layout kept per browser (rows unless cards were chosen; anything else
 * stored reads as rows), how many columns a width holds, and what a card shows: its picture or
 * its site's initial on the site's hue (the same for every clip of a site), the site on a line of
 * its own, no excerpt, and no ✕ where the list offers no single delete (search results).
 */
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ClipCard, ClipRow, siteHue } from '../../../extension/ui/ClipRow';
import { rowDate } from '../../../extension/ui/dates';
import { cardColumns, loadListLayout, saveListLayout } from '../../../extension/ui/list-layout';
import type { ClipSummary } from '../../../src/schema/clip-summary';
import { row } from '../index-db/clip-index-conformance';

let root: HTMLElement | null = null;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
  localStorage.clear();
});
const draw = (node: Parameters<typeof render>[0]) => {
  root = document.body.appendChild(document.createElement('div'));
  render(node, root);
  return root;
};
const clip = (extra: Partial<ClipSummary> = {}): ClipSummary => row('c_abcdefghijklmnop', Date.UTC(2026, 11, 5), { url: 'https://www.tides.example/a', title: 'Reading tide tables', siteName: null, excerpt: 'High water, low water.', ...extra });

describe('the list as cards', () => {
  it('keeps the layout per browser: rows unless cards were chosen', () => {
    expect(loadListLayout()).toBe('rows');
    saveListLayout('cards');
    expect(loadListLayout()).toBe('cards');
    localStorage.setItem('commonplace-list-layout', 'grid<script>');
    expect(loadListLayout()).toBe('rows');
    saveListLayout('cards');
    saveListLayout('rows');
    expect(localStorage.getItem('commonplace-list-layout')).toBeNull();
  });

  it('fits as many columns as the width holds, one to four', () => {
    expect([0, 159, 300, 320, 420, 479, 480, 640, 760, 2000].map(cardColumns)).toEqual([1, 1, 1, 2, 2, 2, 3, 4, 4, 4]);
  });

  it("shows a clip's picture, or its site's initial on the site's hue; the site on a line of its own; no excerpt", () => {
    const el = draw(h(ClipCard, { row: clip(), inArchive: false, onDelete: () => undefined }));
    expect(el.querySelector('.card-initial')?.textContent).toBe('T');
    expect((el.querySelector('.card-cover') as HTMLElement).style.getPropertyValue('--site-hue')).toBe(String(siteHue('www.tides.example')));
    expect(el.querySelector('.card-site')?.textContent).toBe('www.tides.example');
    expect(el.querySelector('.clip-excerpt')).toBeNull();
    expect(el.querySelector('[data-testid=delete]')).not.toBeNull();
    render(h(ClipCard, { row: clip({ siteName: 'Coastal Notes' }), inArchive: false, thumb: 'blob:x' }), el);
    expect(el.querySelector('[data-testid=clip-thumb]')?.getAttribute('src')).toBe('blob:x');
    expect(el.querySelector('.card-initial')).toBeNull();
    expect(el.querySelector('.card-site')?.textContent).toBe('Coastal Notes');
    // Search results have no single delete: no ✕.
    expect(el.querySelector('[data-testid=delete]')).toBeNull();
    expect(siteHue('a.example')).toBe(siteHue('a.example'));
    expect(siteHue('a.example')).toBeGreaterThanOrEqual(0);
    expect(siteHue('a.example')).toBeLessThan(360);
  });

  it('a row keeps its site on the meta line, and its excerpt', () => {
    const el = draw(h(ClipRow, { row: clip({ favoriteAt: 1 }), inArchive: false, onDelete: () => undefined }));
    expect(el.querySelector('.card-site')).toBeNull();
    expect(el.querySelector('.clip-meta')?.textContent).toBe(`www.tides.example · ${rowDate(Date.UTC(2026, 11, 5))} · 1 min ★`);
    expect(el.querySelector('.clip-excerpt')?.textContent).toBe('High water, low water.');
  });
});
