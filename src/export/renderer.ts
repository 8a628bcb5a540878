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
import type { DrawnArticle } from './clip-page';
import { markHighlights } from './marks';
import { articleMarkdown, createTurndown, escapeMarkdown, type LocalImages } from './markdown';
import type { ExportClip } from './types';

export interface ClipRenderer {
  /** The article as GitHub-flavoured Markdown (saved images by their relative path, `images`: src → path), or null when the clip has no article. */
  markdown(clip: ExportClip, images?: ReadonlyMap<string, string>): string | null;
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
  const local: LocalImages = { current: null };
  const turndown: TurndownService = createTurndown(local);
  return {
    markdown(clip, images) {
      if (clip.html === null) return null;
      local.current = images ?? null;
      try {
        return articleMarkdown(turndown, clip.html);
      } catch {
        return textParagraphs(clip.html).map(escapeMarkdown).join('\n\n');
      } finally {
        local.current = null;
      }
    },
    article(clip, images) {
      if (clip.html === null) return null;
      let safe: { html: string; media: ReaderMedia[] };
      try {
        safe = images && images.size > 0 ? sanitizer.sanitizeForReaderMedia(clip.html) : { html: sanitizer.sanitizeForReader(clip.html), media: [] };
      } catch {
        return { html: textParagraphs(clip.html).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'), marked: new Set() };
      }
      let drawn: DrawnArticle;
      try {
        drawn = markHighlights(win, safe.html, clip.highlights);
      } catch {
        drawn = { html: safe.html, marked: new Set() };
      }
      return images && images.size > 0 ? { ...drawn, html: showImages(win, drawn.html, safe.media, images) } : drawn;
    },
  };
}

/**
 * `html` (the reader profile's output) with each image label whose image was saved holding that
 * image (`<img src="data:…" alt>`), as the reader shows it: inside the label, so nothing around
 * it moves. Only labels the sanitiser made are touched (`data-media` indexes `media`).
 */
function showImages(win: DomWindow, html: string, media: readonly ReaderMedia[], images: ReadonlyMap<string, string>): string {
  const doc = win.document;
  const t = doc.createElement('template');
  t.innerHTML = html;
  for (const span of Array.from(t.content.querySelectorAll('span.cp-media-alt[data-media]'))) {
    const m = media[Number(span.getAttribute('data-media'))];
    const url = m?.kind === 'image' ? images.get(m.src) : undefined;
    if (!m || m.kind !== 'image' || !url) continue;
    const img = doc.createElement('img');
    img.setAttribute('src', url);
    img.setAttribute('alt', m.alt);
    span.replaceChildren(img);
  }
  return t.innerHTML;
}
