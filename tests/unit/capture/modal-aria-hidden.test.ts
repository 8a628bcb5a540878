// @vitest-environment jsdom
/**
 * Dialog libraries (Radix UI / `aria-hidden`'s hideOthers, react-modal, Bootstrap, …) put
 * `aria-hidden="true"` on everything outside an open modal: a cookie or newsletter dialog
 * marks the whole article hidden while it is open. Readability skips aria-hidden nodes and the
 * capture profile deletes them, so "Save page" with such a dialog open stores the dialog
 * (or nothing) instead of the article the user is looking at.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractFromDocument } from '../../../src/capture/extract';

const URL_ = 'https://news.example.com/2024/tide-pools';
const P = [
  'Tide pools are small worlds that appear twice a day, when the ocean pulls back and leaves water caught among the rocks.',
  'The best time to visit is during a minus tide, when the water line drops below the average low. Check a tide table first.',
  'Look, but do not lift. Many animals cling to the undersides of rocks, and turning a rock over can expose them to the sun.',
  'Bring a hand lens. Much of the life in a pool is tiny: copepods, amphipods and the larvae of animals that grow much larger.',
];

describe('capture with a modal dialog open', () => {
  it('saves the article, not the cookie dialog, when the dialog library marked the page aria-hidden', () => {
    const dom = new JSDOM(
      `<!doctype html><html><head><title>Visiting tide pools</title></head><body>
        <div id="app" aria-hidden="true"><main><article><h1>Visiting tide pools</h1>${P.map((p) => `<p>${p}</p>`).join('')}</article></main></div>
        <div role="dialog" aria-modal="true"><p>We value your privacy. We and our partners use cookies.</p><button>Accept all</button></div>
      </body></html>`,
      { url: URL_ },
    );
    const page = extractFromDocument(dom.window.document, { kind: 'page', pageUrl: URL_, win: dom.window as never });
    expect(page.text).toContain('Look, but do not lift.');
  });
});
