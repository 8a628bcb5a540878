import { describe, expect, it } from 'vitest';
import { itemsOf, collect, utf8 } from './fixtures';

/**
 * Found in review. Titles, tags and excerpts go through `plainText` (clean.ts), whose MARKUP pattern removes any
 * `<letter…>` run. Export titles are plain text (Pocket writes the page title; a bookmark file
 * escapes `<` as `&lt;`), so a title about generics or a comparison loses words silently, with no
 * warning, while "Save page" keeps the same title intact.
 */
describe('plain-text titles with angle brackets', () => {
  it('keeps "Option<T>", "Vec<u8>" and "Result<String, io::Error>" in Pocket CSV titles', () => {
    const csv = 'title,url,time_added,tags,status\n'
      + 'Understanding Option<T> and Vec<u8> in Rust,https://a.example/1,1700000000,,unread\n'
      + '"Returning Result<String, io::Error> from main",https://a.example/2,1700000000,,unread\n';
    const items = itemsOf(collect('pocket-csv', utf8(csv)));
    expect(items.map((i) => i.title)).toEqual(['Understanding Option<T> and Vec<u8> in Rust', 'Returning Result<String, io::Error> from main']);
  });

  it('keeps an escaped "HashMap&lt;K, V&gt;" bookmark title', () => {
    const html = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><A HREF="https://doc.example/hashmap" ADD_DATE="1700000000">HashMap&lt;K, V&gt; in std::collections</A>
</DL><p>
`;
    const [item] = itemsOf(collect('bookmarks-html', utf8(html)));
    expect(item?.title).toBe('HashMap<K, V> in std::collections');
  });
});
