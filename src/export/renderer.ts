/**
 * Turns a clip's stored article into what the exports show: Markdown by turndown (which
 * writes no HTML and keeps only http(s) links and images, see markdown.ts), and the page's
 * article sanitised with the reader profile on the given window (the browser's, or jsdom's in
 * Node: nothing that runs or loads) with its highlights marked. One clip that cannot be
 * converted never stops an export: it falls back to its plain text.
 */
import type TurndownService from 'turndown';
import { textOfHtml } from '../capture/text';
import { escapeHtml } from '../util/escape-html';
import { createSanitizer, type DomWindow, type ReaderMedia, type Sanitizer } from '../sanitize/sanitize';
import { createSvgSanitizer } from '../sanitize/svg';
import { toBase64 } from '../util/base64';
import type { DrawnArticle } from './clip-page';
import { markHighlights } from './marks';
import { articleMarkdown, createTurndown, escapeMarkdown, type LocalImages } from './markdown';
import type { ExportClip } from './types';

export interface ClipRenderer {
  /**
   * The article as GitHub-flavoured Markdown (saved images by their relative path, `images`: src → path), or null when the
   * clip has no article. With `drawings` (the folder they go in, as the Markdown links it), its inline SVG drawings are
   * made inert and returned as files to write there, linked as images; without, each is written as its label.
   */
  markdown(clip: ExportClip, images?: ReadonlyMap<string, string>, drawings?: string): string | null;
  /** The drawings the last `markdown` call asked to be written (`drawings`): file name in that folder → inert SVG. */
  drawingFiles(): ReadonlyArray<{ readonly name: string; readonly data: string }>;
  /**
   * The article as safe HTML with highlights marked, or null when the clip has no article.
   * `images` (src → `data:` URL): saved images shown inside their alt-text labels, as the reader shows them.
   */
  article(clip: ExportClip, images?: ReadonlyMap<string, string>): DrawnArticle | null;
}

/** Plain text as paragraphs (the fallback). */
function textParagraphs(html: string): string[] {
  return textOfHtml(html)
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** A renderer over `win` (one sanitiser and one turndown service, reused for every clip). */
export function createRenderer(win: DomWindow): ClipRenderer {
  const sanitizer: Sanitizer = createSanitizer(win);
  // Inline SVG drawings are shown as the reader shows them: made inert (src/sanitize/svg.ts), as an image in their label.
  const svg = createSvgSanitizer(win);
  let lastDrawings: Array<{ name: string; data: string }> = [];
  const local: LocalImages = { current: null };
  const turndown: TurndownService = createTurndown(local);
  return {
    markdown(clip, images, drawings) {
      lastDrawings = [];
      if (clip.html === null) return null;
      local.current = images ?? null;
      local.drawings = drawings === undefined ? null : { dir: drawings, svg, files: lastDrawings };
      try {
        return articleMarkdown(turndown, clip.html);
      } catch {
        lastDrawings.length = 0;
        return textParagraphs(clip.html).map(escapeMarkdown).join('\n\n');
      } finally {
        local.current = null;
        local.drawings = null;
      }
    },
    drawingFiles: () => lastDrawings,
    article(clip, images) {
      if (clip.html === null) return null;
      let safe: { html: string; media: ReaderMedia[] };
      try {
        safe = sanitizer.sanitizeForReaderMedia(clip.html);
      } catch {
        return { html: textParagraphs(clip.html).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'), marked: new Set() };
      }
      let drawn: DrawnArticle;
      try {
        drawn = markHighlights(win, safe.html, clip.highlights, safe.media);
      } catch {
        drawn = { html: safe.html, marked: new Set() };
      }
      // After the marks: a drawing put in never moves one (its text is not the article's, as in the reader).
      return safe.media.length > 0 ? { ...drawn, html: showImages(win, drawn.html, safe.media, images ?? new Map(), svg) } : drawn;
    },
  };
}

/** An inline SVG drawing's markup made inert (`svg`) as a `data:` URL, or null when it holds no drawing. */
function svgDataUrl(markup: string, svg: (markup: string) => string | null): string | null {
  const clean = svg(markup);
  return clean === null ? null : `data:image/svg+xml;base64,${toBase64(new TextEncoder().encode(clean))}`;
}

/**
 * `html` (the reader profile's output) with each image label whose image was saved holding that
 * image (`<img src="data:…" alt>`), and each inline SVG drawing's label holding the drawing made
 * inert (its label as its alt text), as the reader shows them (extension/ui/reader-images.ts):
 * inside the label, so nothing around it moves. Only labels the sanitiser made are touched
 * (`data-media` indexes `media`).
 */
function showImages(win: DomWindow, html: string, media: readonly ReaderMedia[], images: ReadonlyMap<string, string>, svg: (markup: string) => string | null): string {
  const doc = win.document;
  const t = doc.createElement('template');
  t.innerHTML = html;
  for (const span of Array.from(t.content.querySelectorAll('span.cp-media-alt[data-media]'))) {
    const m = media[Number(span.getAttribute('data-media'))];
    const url = !m ? undefined : m.kind === 'image' ? images.get(m.src) : (svgDataUrl(m.markup, svg) ?? undefined);
    if (!m || !url) continue;
    const img = doc.createElement('img');
    img.setAttribute('src', url);
    img.setAttribute('alt', m.kind === 'image' ? m.alt : (span.textContent ?? ''));
    span.replaceChildren(img);
  }
  return t.innerHTML;
}
