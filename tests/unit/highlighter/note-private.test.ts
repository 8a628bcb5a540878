// @vitest-environment jsdom
/** The counterpart of note-exposed.test.ts: with the shield in place at document_start (every page opened after install), no notice. */
import { describe, expect, it } from 'vitest';
import { keyShield } from '../../../extension/highlighter/key-shield';
import { toolbarWithNote } from './note-dom';

describe('a note box on a page whose key shield came first', () => {
  it('shows no notice', () => {
    keyShield(window, () => true, true);
    const { ui } = toolbarWithNote();
    expect(ui.exposed).toBe(false);
    expect(ui.root.querySelector('[data-testid=note-exposed]')).toBeNull();
  });
});
