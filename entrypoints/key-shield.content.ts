import { defineContentScript } from 'wxt/utils/define-content-script';
import { keyShield } from '../extension/highlighter/key-shield';

/**
 * Runs before any script of the page (`document_start`), in the top frame, so that the
 * highlighter's key shield listens on the window ahead of the page's own capture-phase
 * listeners: what is typed into a note then never reaches the page (extension/highlighter/key-shield.ts).
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  main() {
    keyShield(window, undefined, true);
  },
});
