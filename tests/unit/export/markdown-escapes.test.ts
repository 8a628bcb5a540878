/**
 * src/export/markdown.ts promises: "Text is escaped so nothing in a page or a note becomes
 * Markdown syntax", and `escapeMarkdown` "reads back as the same text". CommonMark rules the
 * escaping misses:
 * - a paragraph (or a blockquote's first line) starting with 4 spaces or a tab is an indented
 *   code block, where backslash escapes are shown literally: a note "pip install my_pkg"
 *   indented reads back as "pip install my\_pkg";
 * - an ATX heading's closing run of '#' (after a space) is not content: "# Issue #" is the
 *   heading "Issue".
 */
import { describe, expect, it } from 'vitest';
import { clipMarkdown, highlightMarkdown } from '../../../src/export/markdown';
import type { ClipMeta, ExportHighlight } from '../../../src/export/types';

const clip = (over: Partial<ClipMeta> = {}): ClipMeta => ({
  id: 'c1c1c1c1c1c1c1c1c1c1c1', kind: 'page', url: 'https://example.com/a', pageUrl: 'https://example.com/a', canonicalUrl: null, title: 'T', byline: null, siteName: null, lang: null, dir: null,
  publishedTime: null, excerpt: null, savedAt: 0, capturedAt: 0, readAt: null, archivedAt: null, favoriteAt: null, note: '', tags: [], wordCount: 3, extractor: 'readability', highlights: [],
  stored: { catalog: 'automerge:x', content: null, rev: 'r' }, media: null,
  ...over,
});
const highlight = (exact: string, note = ''): ExportHighlight => ({
  id: 'h1h1h1h1h1h1h1h1h1', color: 'yellow', note, createdAt: 0, updatedAt: 0, v: 1, page: null,
  target: { quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: exact.length }, range: null },
});

/** Lines CommonMark reads as an indented code block start: 4 spaces or a tab after a blank line (or after a block quote's `>` and its one space). */
function indentedCode(md: string): string[] {
  const lines = md.split('\n');
  return lines.filter((line, i) => {
    const prevBlank = i === 0 || /^>?\s*$/.test(lines[i - 1]!);
    const inner = line.startsWith('> ') ? line.slice(2) : line.startsWith('>') ? line.slice(1) : line;
    return prevBlank && /^( {4}|\t)\S/.test(inner);
  });
}

describe('Markdown text escaping', () => {
  it('an indented paragraph of a clip note stays text, not a code block showing escape backslashes', () => {
    const md = clipMarkdown(clip({ note: 'To try:\n\n    pip install my_pkg\n\n\tthen x*2' }), 'Body.');
    expect(md).toContain('my\\_pkg');
    expect(indentedCode(md)).toEqual([]);
  });

  it('a highlight of indented text (code from a <pre>) is quoted as text, not as a code block showing escape backslashes', () => {
    // A quote never starts with whitespace (describeText trims it); a line after a blank one may.
    const md = highlightMarkdown(highlight('def f(a_b):\n\n    return a_b * 2'));
    expect(md).toContain('return a\\_b');
    expect(indentedCode(md)).toEqual([]);
  });

  it('a title ending in " #" keeps its "#" in the heading', () => {
    const md = clipMarkdown(clip({ title: 'Issue #' }), 'Body.');
    const heading = md.split('\n').find((l) => l.startsWith('# '))!;
    // A closing sequence (space, then only '#'s to the end) is dropped by every CommonMark reader.
    expect(heading).not.toMatch(/[ \t]#+[ \t]*$/);
  });
});
