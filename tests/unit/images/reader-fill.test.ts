// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readerTextModel } from '../../../src/highlights/reader-text';
import { createSanitizer } from '../../../src/sanitize/sanitize';
import { textOfHtml } from '../../../src/capture/text';

describe('saved images in the reader', () => {
  it('filling the media labels with images changes neither the text model nor where offsets land', () => {
    const stored = '<p>Before the wheel <img src="https://example.com/a.png" alt="The wheel"> turns on the ebb.</p><figure><img src="https://example.com/b.png" alt="B"><figcaption>The pond at dusk.</figcaption></figure><p>After <svg width="4" height="4"><circle r="1"></circle></svg> the end.</p>';
    const { html, media } = createSanitizer(window).sanitizeForReaderMedia(stored);
    const root = document.createElement('article');
    root.innerHTML = html;
    const before = readerTextModel(root);
    expect(before.text).toBe(textOfHtml(stored));
    const range = before.rangeOf(before.text.indexOf('turns'), before.text.indexOf('dusk') + 4);
    // What reader-images.ts does: the image goes inside its label, which keeps its place.
    for (const span of root.querySelectorAll('span.cp-media-alt[data-media]')) {
      const img = document.createElement('img');
      img.src = 'blob:x';
      img.alt = media[Number(span.getAttribute('data-media'))]!.kind === 'image' ? 'alt' : '';
      span.replaceChildren(img);
      span.classList.add('cp-media-saved');
    }
    const after = readerTextModel(root);
    expect(after.text).toBe(before.text);
    expect(after.offsetsOf(range)).toEqual(before.offsetsOf(range));
    expect(range.toString()).toContain('turns on the ebb.');
  });
});
