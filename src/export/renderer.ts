/**
 * Turns a clip's stored article into what the exports show: Markdown by turndown (which
 * writes no HTML and keeps only http(s) links and images, see markdown.ts), and the page's
 * article sanitised with the reader profile on the given window (the browser's, or jsdom's in
 * Node: nothing that runs or loads) with its highlights marked. One clip that cannot be
 * converted never stops an export: it falls back to its plain text.
 */
import type TurndownService from 'turndown';
import { escapeHtml, textOfHtml } from '../capture/text';
import { createSanitizer, type DomWindow, type Sanitizer } from '../sanitize/sanitize';
import type { DrawnArticle } from './clip-page';
import { markHighlights } from './marks';
import { articleMarkdown, createTurndown, escapeMarkdown } from './markdown';
import type { ExportClip } from './types';

export interface ClipRenderer {
  /** The article as GitHub-flavoured Markdown, or null when the clip has no article. */
  markdown(clip: ExportClip): string | null;
  /** The article as safe HTML with highlights marked, or null when the clip has no article. */
  article(clip: ExportClip): DrawnArticle | null;
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
  const turndown: TurndownService = createTurndown();
  return {
    markdown(clip) {
      if (clip.html === null) return null;
      try {
        return articleMarkdown(turndown, clip.html);
      } catch {
        return textParagraphs(clip.html).map(escapeMarkdown).join('\n\n');
      }
    },
    article(clip) {
      if (clip.html === null) return null;
      let safe: string;
      try {
        safe = sanitizer.sanitizeForReader(clip.html);
      } catch {
        return { html: textParagraphs(clip.html).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'), marked: new Set() };
      }
      try {
        return markHighlights(win, safe, clip.highlights);
      } catch {
        return { html: safe, marked: new Set() };
      }
    },
  };
}
