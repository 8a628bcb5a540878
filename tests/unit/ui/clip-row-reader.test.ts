// @vitest-environment jsdom
/**
 * A list row brought level with Readwise Reader's (ClipRow.tsx): the author on the meta line
 * ("site · author · date · length", not when empty or the site again; on a card, the site line),
 * the time left instead of the length once started, a dot on clips never opened (named "Unread",
 * outside the title, whose text the e2e tests read as the title), and a quick Archive / Unarchive
 * beside the ✕, out of the Tab order, that does not open the clip.
 */
import { h, render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClipCard, ClipRow, isUnopened, rowByline } from '../../../extension/ui/ClipRow';
import { rowDate } from '../../../extension/ui/dates';
import type { ClipSummary } from '../../../src/schema/clip-summary';
import { row } from '../index-db/clip-index-conformance';

let root: HTMLElement | null = null;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
});
const draw = (node: Parameters<typeof render>[0]) => {
  root ??= document.body.appendChild(document.createElement('li'));
  render(node, root);
  return root;
};
const SAVED = Date.UTC(2026, 11, 5, 12);
/** The day as the row writes it ("Dec 5" in 2026, with the year after). */
const DAY = rowDate(SAVED);
const clip = (extra: Partial<ClipSummary> = {}): ClipSummary =>
  row('c_abcdefghijklmnop', SAVED, { url: 'https://www.tides.example/a', title: 'Reading tide tables', siteName: 'Coastal Notes', wordCount: 2_300, ...extra });
const meta = (el: HTMLElement) => el.querySelector('.clip-meta:not(.card-site)')?.textContent;

describe('the author on the meta line', () => {
  it('reads "site · author · date · length" on a row', () => {
    const el = draw(h(ClipRow, { row: clip({ byline: '  Ada   Lovelace ' }), inArchive: false }));
    expect(meta(el)).toBe(`Coastal Notes · Ada Lovelace · ${DAY} · 10 min`);
    expect(el.querySelector('.clip-byline')?.textContent).toBe('Ada Lovelace');
    // The full name on hover, as CSS may cut it.
    expect(el.querySelector('.clip-byline')?.getAttribute('title')).toBe('Ada Lovelace');
  });

  it('leaves out an empty author, or one that only repeats the site', () => {
    for (const byline of [null, '', '   ', 'coastal notes', ' COASTAL NOTES ']) {
      const el = draw(h(ClipRow, { row: clip({ byline }), inArchive: false }));
      expect(meta(el)).toBe(`Coastal Notes · ${DAY} · 10 min`);
      expect(el.querySelector('.clip-byline')).toBeNull();
    }
    expect(rowByline({ byline: 'www.tides.example' }, 'www.tides.example')).toBeNull();
    expect(rowByline({ byline: 'Tom\nSmith' }, 'Coastal Notes')).toBe('Tom Smith');
  });

  it("puts the author on a card's site line", () => {
    const el = draw(h(ClipCard, { row: clip({ byline: 'Ada Lovelace' }), inArchive: false }));
    expect(el.querySelector('.card-site')?.textContent).toBe('Coastal Notes · Ada Lovelace');
    expect(meta(el)).toBe(`${DAY} · 10 min`);
  });
});

describe('the time left', () => {
  it('replaces the length once started, and the length comes back when finished', () => {
    expect(meta(draw(h(ClipRow, { row: clip({ progress: 40 }), inArchive: false })))).toBe(`Coastal Notes · ${DAY} · 6 min left`);
    expect(meta(draw(h(ClipRow, { row: clip({ progress: 100 }), inArchive: false })))).toBe(`Coastal Notes · ${DAY} · 10 min`);
    expect(meta(draw(h(ClipCard, { row: clip({ progress: 40 }), inArchive: false })))).toBe(`${DAY} · 6 min left`);
  });
});

describe('the unread dot', () => {
  it('marks a clip never opened, named "Unread", outside the title', () => {
    for (const View of [ClipRow, ClipCard]) {
      const el = draw(h(View, { row: clip(), inArchive: false }));
      const dot = el.querySelector('[data-testid=clip-unread]');
      expect(dot?.getAttribute('role')).toBe('img');
      expect(dot?.getAttribute('aria-label')).toBe('Unread');
      expect(dot?.closest('.clip-title')).toBeNull();
      // The title's text stays the title (the e2e tests and the reader's list read it).
      expect(el.querySelector('.clip-title')?.textContent).toBe('Reading tide tables');
      expect(dot?.textContent).toBe('');
    }
  });

  it('is not on a clip read, or opened (a progress recorded, even 0)', () => {
    expect(isUnopened(clip())).toBe(true);
    for (const extra of [{ readAt: 1 }, { progress: 0 }, { progress: 30 }]) {
      expect(isUnopened(clip(extra))).toBe(false);
      expect(draw(h(ClipRow, { row: clip(extra), inArchive: false })).querySelector('[data-testid=clip-unread]')).toBeNull();
    }
  });
});

describe('the quick archive', () => {
  it('archives, out of the Tab order, labelled, without opening the clip', () => {
    const onArchive = vi.fn();
    const opened = vi.fn();
    const el = draw(h(ClipRow, { row: clip(), inArchive: false, onArchive, onDelete: () => undefined }));
    el.addEventListener('click', opened);
    const button = el.querySelector<HTMLButtonElement>('[data-testid=quick-archive]')!;
    expect(button.tabIndex).toBe(-1);
    expect(button.getAttribute('aria-label')).toBe('Archive Reading tide tables');
    expect(button.textContent).toBe('');
    button.click();
    expect(onArchive).toHaveBeenCalledWith('c_abcdefghijklmnop', true, 'Reading tide tables');
    expect(opened).not.toHaveBeenCalled();
    // The ✕ is still there, beside it.
    expect(el.querySelector('[data-testid=delete]')).not.toBeNull();
  });

  it('unarchives an archived clip, on a row and on a card', () => {
    for (const View of [ClipRow, ClipCard]) {
      const onArchive = vi.fn();
      const el = draw(h(View, { row: clip({ archivedAt: 5 }), inArchive: true, onArchive }));
      const button = el.querySelector<HTMLButtonElement>('[data-testid=quick-archive]')!;
      expect(button.getAttribute('aria-label')).toBe('Unarchive Reading tide tables');
      button.click();
      expect(onArchive).toHaveBeenCalledWith('c_abcdefghijklmnop', false, 'Reading tide tables');
    }
  });

  it('is not offered where the list has no archive (search results)', () => {
    expect(draw(h(ClipCard, { row: clip(), inArchive: false })).querySelector('[data-testid=quick-archive]')).toBeNull();
  });
});
