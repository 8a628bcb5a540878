/**
 * Found in a bug hunt: a clip whose title has no visible character (only U+200B, a soft hyphen,
 * a lone accent: pages do have such titles) was listed by the `read` site as a link no one could
 * see or click (`trim()` keeps them). The site and the clip's page now name it by its URL, as
 * they do a clip with no title.
 */
import { describe, expect, it } from 'vitest';
import { repoSource } from '../../../src/export/repo-source';
import { writeSite } from '../../../src/export/site';
import { domWindow } from './fixtures';
import { memorySink, parseHtml } from './helpers';
import { openLibrary, page } from '../library/helpers';

describe('a clip whose title is invisible', () => {
  it('is listed and titled by its URL', async () => {
    const lib = await openLibrary();
    for (const [i, title] of ['\u200b\u200b', '\u00ad', '\u0301', 'Seen'].entries()) {
      await lib.library.save(page({ title, pageUrl: `https://example.com/${i}`, canonicalUrl: null }));
    }
    await lib.library.settled();
    const site = memorySink();
    await writeSite(repoSource(lib.repo, lib.url), site, { window: domWindow() });
    const links = Array.from(parseHtml(site.files.get('index.html')!).querySelectorAll('.list li a.title')).map((a) => a.textContent);
    expect(links.sort()).toEqual(['Seen', 'https://example.com/0', 'https://example.com/1', 'https://example.com/2']);
    for (const [path, html] of site.files) {
      if (!path.startsWith('clips/') || !path.endsWith('.html')) continue;
      expect(parseHtml(html).querySelector('h1')?.textContent?.trim()).toMatch(/^(Seen|https:\/\/example\.com\/\d)$/);
    }
  });
});
