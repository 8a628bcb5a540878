// @vitest-environment jsdom
/**
 * Review s54: the key shield (extension/highlighter/key-shield.ts) hands ANY typed event aimed at
 * the highlighter's host to the focused note's handler, including events the page itself
 * dispatches on the host (untrusted, `isTrusted` false). Without the shield such an event never
 * reached the note's listener (it is dispatched on the host, outside the closed root); now a
 * hostile page can "press Enter" in the note and commit the user's half-typed note and the
 * highlight whenever it likes (or Escape, closing the popover).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { keyShield } from '../../../extension/highlighter/key-shield';
import { HOST_TAG } from '../../../extension/highlighter/ui-host';
import { toolbarWithNote } from './note-dom';

describe('review s54: keys the page forges on the highlighter host', () => {
  afterEach(() => void (document.body.innerHTML = ''));

  it('does not commit the note being typed when the page dispatches Enter on the host element', () => {
    keyShield(window);
    const { toolbar, note, picked } = toolbarWithNote();
    note.value = 'half a thou';
    // The page: finds the host (it is in its DOM) and forges a key on it.
    const host = document.querySelector(HOST_TAG)!;
    const forged = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true });
    expect(forged.isTrusted).toBe(false);
    host.dispatchEvent(forged);
    // The user never pressed Enter: nothing is highlighted, and the note is still being typed.
    expect(picked).toEqual([]);
    expect(note.value).toBe('half a thou');
    toolbar.dispose();
  });
});
