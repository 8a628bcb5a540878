import { expect } from 'vitest';
import { uiHost } from '../../../extension/highlighter/ui-host';
import { createToolbar } from '../../../extension/highlighter/toolbar';

/** The live page's toolbar shown, with its note box open and focused; `picked` gets each colour chosen with its note. */
export function toolbarWithNote() {
  const ui = uiHost(document);
  const picked: Array<[string, string]> = [];
  const toolbar = createToolbar(ui, (color, note) => void picked.push([color, note]));
  toolbar.show({ left: 10, top: 10, bottom: 20 });
  (ui.root.querySelector('[data-action=note]') as HTMLButtonElement).click();
  const note = ui.root.querySelector('textarea')!;
  expect(ui.root.activeElement).toBe(note);
  return { ui, toolbar, note, picked };
}
