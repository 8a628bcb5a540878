// @vitest-environment jsdom
/**
 * Review s54: the key shield (extension/highlighter/key-shield.ts) keeps the events carrying what
 * is typed into the highlighter's note boxes from the page. A hole:
 *  - text put into a note by pasting or dropping travels in `paste` / `drop` events, which are
 *    composed like key events and not in TYPED_EVENTS: a page's capture listener reads the text;
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyShield } from '../../../extension/highlighter/key-shield';
import { uiHost } from '../../../extension/highlighter/ui-host';
import { createToolbar } from '../../../extension/highlighter/toolbar';
import { createPopover } from '../../../extension/highlighter/popover';

const heard: string[] = [];
const spy = (e: Event) => {
  const dt = (e as unknown as { clipboardData?: DataTransferLike; dataTransfer?: DataTransferLike }).clipboardData ?? (e as unknown as { dataTransfer?: DataTransferLike }).dataTransfer;
  heard.push(`${e.type}:${dt?.getData('text/plain') ?? ''}`);
};
interface DataTransferLike { getData(type: string): string }
const TYPES = ['paste', 'drop'];

/** A clipboard / drag payload as the browser's events carry it (jsdom has no DataTransfer). */
function carrying(type: string, text: string): Event {
  const e = new Event(type, { bubbles: true, composed: true, cancelable: true });
  const data: DataTransferLike = { getData: (t) => (t === 'text/plain' ? text : '') };
  Object.defineProperty(e, type === 'paste' ? 'clipboardData' : 'dataTransfer', { value: data });
  return e;
}

describe('review s54: what is pasted or dropped into a note on a live page', () => {
  beforeEach(() => {
    keyShield(window, () => true);
    for (const type of TYPES) for (const t of [window, document]) t.addEventListener(type, spy, true);
    heard.length = 0;
  });
  afterEach(() => {
    for (const type of TYPES) for (const t of [window, document]) t.removeEventListener(type, spy, true);
    document.body.innerHTML = '';
  });

  it('keeps text pasted into the toolbar note from the page capture-phase paste listener', () => {
    const ui = uiHost(document);
    const toolbar = createToolbar(ui, () => undefined);
    toolbar.show({ left: 10, top: 10, bottom: 20 });
    (ui.root.querySelector('[data-action=note]') as HTMLButtonElement).click();
    const note = ui.root.querySelector('textarea')!;
    expect(ui.root.activeElement).toBe(note);
    note.dispatchEvent(carrying('paste', 'my private note'));
    expect(heard).toEqual([]);
    toolbar.dispose();
  });

  it('keeps text dropped into the popover note from the page capture-phase drop listener', () => {
    const ui = uiHost(document);
    const popover = createPopover(ui, { color: () => undefined, note: () => undefined, remove: () => undefined });
    popover.open({ id: 'h1', color: 'yellow', note: '', readOnly: false } as never, 20, 20);
    const note = ui.root.querySelector<HTMLTextAreaElement>('[data-testid=highlight-popover] textarea')!;
    note.focus();
    expect(ui.root.activeElement).toBe(note);
    note.dispatchEvent(carrying('drop', 'dropped secret'));
    expect(heard).toEqual([]);
    popover.dispose();
  });
});

