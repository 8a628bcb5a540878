/**
 * YAML 1.2 allows only printable characters in a stream (`c-printable`: tab, line breaks,
 * U+0020-U+007E, U+0085, U+00A0-U+D7FF, U+E000-U+FFFD, U+10000 and up), escaped or not: U+FFFE
 * and U+FFFF (noncharacters, which a page title can hold and Automerge keeps) must be written as
 * escapes. Written raw, strict readers refuse the whole file (PyYAML: "unacceptable character
 * #xffff: special characters are not allowed"), so a clip's Markdown could not be read at all.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { clipFrontMatter } from '../../../src/export/markdown';
import { frontMatter, yamlString } from '../../../src/export/front-matter';
import type { ClipMeta } from '../../../src/export/types';

const NOT_PRINTABLE = /[^\t\n\r\u0020-\u007e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

describe('front matter of a title holding a noncharacter', () => {
  it('writes only characters YAML allows, and reads back exactly', () => {
    for (const s of ['a\uffffb', '\ufffe', 'x\ufffe\uffff\ufffdy', '😀\uffff']) {
      const line = `v: ${yamlString(s)}`;
      expect(line, JSON.stringify(s)).not.toMatch(NOT_PRINTABLE);
      expect(parseYaml(line)).toEqual({ v: s });
    }
    const meta = { id: 'AAAAAAAAAAAAAAAAAAAAAA', title: 'Title\uffff', url: 'https://x.example/', pageUrl: 'https://x.example/', byline: '\ufffe', siteName: null, publishedTime: null, savedAt: 1, capturedAt: 1, readAt: null, archivedAt: null, favoriteAt: null, tags: ['t\uffff'], highlights: [], wordCount: 1, kind: 'page', lang: null } as unknown as ClipMeta;
    const block = clipFrontMatter(meta);
    expect(block).not.toMatch(NOT_PRINTABLE);
    expect(parseYaml(block.slice(4, -5))).toMatchObject({ title: 'Title\uffff', author: '\ufffe', tags: ['t\uffff'] });
    expect(frontMatter([['k', '\uffff']])).toBe('---\nk: "\\uffff"\n---\n');
  });
});
