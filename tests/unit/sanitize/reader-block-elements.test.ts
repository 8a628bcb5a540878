// @vitest-environment jsdom
/**
 * The capture profile stores `<fieldset>`, `<legend>` and `<menu>` (and the text model breaks
 * lines at them), but the reader profile's allowlist leaves them out, so DOMPurify unwraps
 * them: the legend's words run into the text after them ("ShippingFree …") on screen, and the
 * reader's text is no longer the clip's text (highlights made in the reader go through the
 * slow re-anchoring path and lose their range).
 */
import { describe, expect, it } from 'vitest';
import { htmlToText, textOfHtml } from '../../../src/capture/text';
import { createSanitizer } from '../../../src/sanitize/sanitize';

const { sanitizeCapture, sanitizeForReader } = createSanitizer(window);

describe('reader profile and block elements the capture keeps', () => {
  it('shows a fieldset legend and a menu on their own lines, as the stored text has them', () => {
    const stored = sanitizeCapture(
      '<p>Delivery options:</p><fieldset><legend>Shipping</legend>Free over fifty euros</fieldset><menu><li>Tracked</li><li>Insured</li></menu>',
      'https://shop.example.com/help',
    );
    const div = document.createElement('div');
    div.innerHTML = sanitizeForReader(stored);
    expect(htmlToText(div)).toBe(textOfHtml(stored));
  });
});
