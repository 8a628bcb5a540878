// @vitest-environment jsdom
/**
 * A tab open before the extension was installed or updated gets the content scripts late, after
 * the page's own scripts: the key shield (key-shield.ts) then comes after any capture listener
 * the page put on its window, and that page may hear what is typed into a note. The note boxes
 * said nothing of it; they now say so, with the way out (reload the page).
 */
import { describe, expect, it } from 'vitest';
import { createPopover } from '../../../extension/highlighter/popover';
import { toolbarWithNote } from './note-dom';

describe('a note box on a page whose key shield came late', () => {
  it('says the page may see what is typed, and how to keep notes private; hidden with the note', () => {
    // Nothing installed the shield at document_start here: the UI installs it, late.
    const { ui, toolbar } = toolbarWithNote();
    expect(ui.exposed).toBe(true);
    const notice = ui.root.querySelector('[data-testid=note-exposed]') as HTMLElement;
    expect(notice.hidden).toBe(false);
    expect(notice.textContent).toMatch(/may see what you type.*Reload the page/);
    toolbar.hide();
    expect(notice.hidden).toBe(true);
    const popover = createPopover(ui, { color: () => undefined, note: () => undefined, remove: () => undefined });
    expect(popover).toBeTruthy();
    expect(ui.root.querySelectorAll('[data-testid=note-exposed]')).toHaveLength(2);
  });
});
