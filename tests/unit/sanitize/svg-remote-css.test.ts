// @vitest-environment jsdom
/**
 * createSvgSanitizer promises an SVG that refers to nothing outside the file (no `url(…)` but
 * `url(#id)`, no `@import`). It looks for those with a regular expression over the raw text, so
 * CSS that reaches the network without spelling them out survives: `image-set("https://…")`
 * (strings, no `url(`), and CSS escapes (`@\69mport`, `u\72l(`), which the CSS tokenizer turns
 * back into `@import` and `url(`. The stored .svg (exported as a file) then fetches remote
 * resources when opened.
 */
import { describe, expect, it } from 'vitest';
import { createSvgSanitizer } from '../../../src/sanitize/svg';

const sanitizeSvg = createSvgSanitizer(window);
const open = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">';

describe('sanitizeSvg against CSS that loads remote resources', () => {
  it('removes an escaped @import from a <style>', () => {
    const out = sanitizeSvg(`${open}<style>@\\69mport "https://evil.example/track.css";</style><rect width="5" height="5"/></svg>`)!;
    expect(out).not.toContain('evil.example');
  });

  it('removes image-set() with a remote image from a <style> and a style attribute', () => {
    const out = sanitizeSvg(
      `${open}<style>rect { mask-image: image-set("https://evil.example/a.png" 1x) }</style>` +
        `<rect width="5" height="5" style="mask-image: -webkit-image-set('https://evil.example/b.png' 1x)"/></svg>`,
    )!;
    expect(out).not.toContain('evil.example');
  });

  it('removes an escaped url( from a style attribute', () => {
    const out = sanitizeSvg(`${open}<rect width="5" height="5" style="fill: u\\72l(https://evil.example/p.svg#a)"/></svg>`)!;
    expect(out).not.toContain('evil.example');
  });
});
