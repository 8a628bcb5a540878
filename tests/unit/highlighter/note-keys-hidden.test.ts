// @vitest-environment jsdom
/**
 * A page listening in the capture phase (on its window or document) heard every key typed into
 * the highlighter's note box, and the text of each input event: key and input events are
 * composed, so they leave the closed shadow root, and the capture phase reaches the window
 * first. The key shield listens ahead of the page (its content script runs at document_start)
 * and hands what is typed into the UI's text fields to the highlighter alone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyShield } from '../../../extension/highlighter/key-shield';
import { uiHost } from '../../../extension/highlighter/ui-host';
import { createToolbar } from '../../../extension/highlighter/toolbar';
import { toolbarWithNote } from './note-dom';

const heard: string[] = [];
const spy = (e: Event) => void heard.push(`${e.type}:${(e as KeyboardEvent).key ?? (e as InputEvent).data ?? ''}`);
const TYPES = ['keydown', 'keyup', 'keypress', 'beforeinput', 'input'];

/** What a real key press dispatches at the focused element: composed events, as the browser's are. */
function typeKey(el: Element, key: string): void {
  for (const type of ['keydown', 'keypress']) el.dispatchEvent(new KeyboardEvent(type, { key, bubbles: true, composed: true, cancelable: true }));
  el.dispatchEvent(new InputEvent('beforeinput', { data: key, bubbles: true, composed: true, cancelable: true }));
  if (key.length === 1 && (el as HTMLTextAreaElement).value !== undefined) (el as HTMLTextAreaElement).value += key;
  el.dispatchEvent(new InputEvent('input', { data: key, bubbles: true, composed: true }));
  el.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, composed: true }));
}

describe('the note box on a live page', () => {
  beforeEach(() => {
    // The shield's content script ran at document_start, before the page's scripts (the events
    // below stand for the browser's own: jsdom's are all made by script, isTrusted false).
    keyShield(window, () => true);
    // The page's own listeners, in the capture phase, on the window, the document and the body.
    for (const type of TYPES) for (const t of [window, document, document.body]) t.addEventListener(type, spy, true);
    heard.length = 0;
  });
  afterEach(() => {
    for (const type of TYPES) for (const t of [window, document, document.body]) t.removeEventListener(type, spy, true);
    document.body.innerHTML = '';
  });

  it('keeps every key and every character typed into the note from the page, and the note still gets them', () => {
    const { toolbar, note, picked } = toolbarWithNote();
    for (const key of 'secret') typeKey(note, key);
    typeKey(note, 'Enter');
    expect(heard).toEqual([]);
    // Enter in the box highlights with the note typed (the first colour).
    expect(picked).toEqual([['yellow', 'secret']]);
    toolbar.dispose();
  });

  it('leaves the page its own keys, and keys on the toolbar buttons (nothing typed there)', () => {
    const input = document.createElement('input');
    document.body.append(input);
    typeKey(input, 'a');
    expect(heard).toContain('keydown:a');
    expect(heard).toContain('input:a');
    heard.length = 0;
    const ui = uiHost(document);
    const toolbar = createToolbar(ui, () => undefined);
    toolbar.show({ left: 10, top: 10, bottom: 20 });
    const swatch = ui.root.querySelector('button')!;
    swatch.focus();
    swatch.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(heard).toContain('keydown:Escape');
    toolbar.dispose();
  });
});
