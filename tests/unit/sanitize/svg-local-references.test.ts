// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { createSanitizer, type DomWindow } from '../../../src/sanitize/sanitize';
import { createSvgSanitizer } from '../../../src/sanitize/svg';

const PAGE_URL = 'https://charts.example.com/report';
const win = () => new JSDOM('').window as unknown as DomWindow;

const CHART = `<p>Sales</p><svg viewBox="0 0 10 10" aria-label="Sales chart">
  <defs>
    <linearGradient id="base"><stop offset="0" stop-color="red"></stop></linearGradient>
    <linearGradient id="fade" href="#base" x2="1"></linearGradient>
    <clipPath id="plot-area"><rect width="8" height="8"></rect></clipPath>
  </defs>
  <rect width="10" height="10" fill="url(#fade)" clip-path="url('#plot-area')" stroke="url(#missing)"></rect>
</svg>`;

describe('an inline SVG drawing refers to its own parts', () => {
  it('keeps the ids its url(#…) and href="#…" references name, prefixed, with the references rewritten', () => {
    const out = createSanitizer(win()).sanitizeCapture(CHART, PAGE_URL);
    expect(out).toContain('<linearGradient id="user-content-base">');
    expect(out).toMatch(/<linearGradient id="user-content-fade" href="#user-content-base" x2="1">|<linearGradient href="#user-content-base" x2="1" id="user-content-fade">/);
    expect(out).toContain('fill="url(#user-content-fade)"');
    expect(out).toContain(`clip-path="url('#user-content-plot-area')"`);
    // A reference to nothing is left as it was.
    expect(out).toContain('stroke="url(#missing)"');
    // And is stable when a stored article is sanitised again.
    expect(createSanitizer(win()).sanitizeCapture(out, PAGE_URL)).toBe(out);
  });

  it('shows the drawing whole in the reader (its markup through the SVG sanitiser)', () => {
    const stored = createSanitizer(win()).sanitizeCapture(CHART, PAGE_URL);
    const { media } = createSanitizer(win()).sanitizeForReaderMedia(stored);
    const svg = media.find((m) => m.kind === 'svg');
    const shown = createSvgSanitizer(win())(svg && svg.kind === 'svg' ? svg.markup : '') ?? '';
    expect(shown).toContain('id="user-content-fade"');
    expect(shown).toContain('fill="url(#user-content-fade)"');
    // A quoted in-file reference is in-file too (both sanitisers took `url('#…')` for a remote one).
    expect(shown).toContain(`clip-path="url('#user-content-plot-area')"`);
  });

  it('still drops a quoted reference to another file', () => {
    const out = createSanitizer(win()).sanitizeCapture(`<svg><rect fill="url('https://evil.example/x.svg#g')" stroke="url( ' #ok')"></rect></svg>`, PAGE_URL);
    expect(out).not.toContain('evil');
    expect(out).toContain(`stroke="url( ' #ok')"`);
    expect(createSvgSanitizer(win())(`<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url('https://evil.example/x.svg#g')" stroke="url('#ok')"/></svg>`)).not.toContain('evil');
  });
});
