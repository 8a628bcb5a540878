// @vitest-environment jsdom
/**
 * The capture profile drops any attribute whose value contains `url(` (meant for SVG paint
 * attributes such as `fill="url(https://…)"`), whatever the attribute: a link's address, an
 * image's alt text or a title that merely mention `url(` are deleted from the stored article.
 * An `href` is not CSS and cannot load anything; alt text is the reader's only stand-in for an
 * image. Data the page had is lost for good.
 */
import { describe, expect, it } from 'vitest';
import { createSanitizer } from '../../../src/sanitize/sanitize';

const { sanitizeCapture, sanitizeForReader } = createSanitizer(window);
const BASE = 'https://css.example.com/guide/backgrounds';

describe('attributes that mention url( but are not CSS', () => {
  const stored = sanitizeCapture(
    '<p>See <a href="https://developer.mozilla.org/en-US/docs/Web/CSS/url()">the url() notation</a>.</p>' +
      '<p><img src="https://css.example.com/shot.png" alt="A box styled with background: url(cat.png)"></p>' +
      '<p><abbr title="the url() function">url()</abbr></p>',
    BASE,
  );

  it('keeps a link whose address contains url(', () => {
    expect(stored).toContain('href="https://developer.mozilla.org/en-US/docs/Web/CSS/url()"');
  });

  it('keeps alt text and titles that mention url(', () => {
    expect(stored).toContain('alt="A box styled with background: url(cat.png)"');
    expect(stored).toContain('title="the url() function"');
  });

  it('lets the reader open a link whose address contains url(', () => {
    const shown = sanitizeForReader('<p><a href="https://developer.mozilla.org/en-US/docs/Web/CSS/url()">the url() notation</a></p>');
    expect(shown).toContain('href="https://developer.mozilla.org/en-US/docs/Web/CSS/url()"');
  });
});
