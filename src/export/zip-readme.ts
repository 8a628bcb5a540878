/**
 * The README.md at the top of every export zip: the layout, the schema in short, and how to
 * read the zip back without Commonplace. docs/schema.md ("Export format") is the long form.
 */
import type { DocumentChoice } from './types';

const DOCUMENTS_NOTE: Readonly<Record<DocumentChoice, string>> = {
  all: 'This zip holds every document of the library: it is a complete, lossless backup.',
  touched:
    'This is a selection: `automerge/` holds the root, and the catalogs, content documents and media documents that hold the selected clips (and their images and snapshots). Those are whole documents, so they also hold other clips that share them.',
  none: 'This is a selection exported without its Automerge documents: the Markdown, HTML and JSON-LD files are all there is. It cannot be read back into Commonplace.',
};

/** The zip's README for an export of `libraryUrl`. */
export function zipReadme(libraryUrl: string, documents: DocumentChoice, exportedAt: string): string {
  return `# Commonplace export

Library \`${libraryUrl}\`, exported ${exportedAt}.

${DOCUMENTS_NOTE[documents]}

## Layout

| path | what |
|---|---|
| \`README.md\` | this file |
| \`manifest.json\` | format and version, the library URL, counts, every clip with its files, every document with its kind |
| \`clips/<date>-<title>-<hash>.md\` | one clip: YAML front matter, the article in GitHub-flavoured Markdown, its highlights as quotes with colour and note |
| \`clips/<date>-<title>-<hash>.html\` | the same clip as one self-contained page: no script, no remote resource; highlights marked and listed |
| \`annotations/<date>-<title>-<hash>.jsonld\` | its highlights as W3C Web Annotations (an \`AnnotationCollection\`), only for clips that have any |
| \`images/<date>-<title>-<hash>/<n>.<ext>\` | the clip's saved images, numbered in the order the article shows them; the Markdown links them by relative path, the HTML page holds them as \`data:\` URLs |
| \`images/<date>-<title>-<hash>/drawing-<n>.svg\` | the article's inline SVG drawings (charts, diagrams), made inert, linked from the Markdown; the HTML page holds them as \`data:\` URLs |
| \`snapshots/<date>-<title>-<hash>.html\` | the clip's full-page snapshot (styles and images inlined), shown in a sealed frame (\`sandbox\`, its HTML in \`srcdoc\`): nothing in it runs, loads or navigates; for clips that have one |
| \`automerge/<documentId>.automerge\` | the library's Automerge documents (\`Automerge.save\` binaries): **the source of truth** |

File names are made from the saved date, letters and digits of the title, and a hash of the clip id:
the clip id itself is in the front matter (\`id\`) and the manifest. Deleted clips, and the second
copy of a page two devices saved offline, have no files: they are in the catalog documents.

## Front matter

\`title\`, \`url\` (canonical), \`page_url\` (as captured), \`author\`, \`site\`, \`published\` (as the page
stated it), \`saved\` and \`captured\` (ISO 8601), \`state\` (\`unread\`, \`read\` or \`archived\`), \`read_at\`,
\`archived_at\`, \`tags\`, \`highlights\` (how many), \`words\`, \`kind\` (\`page\`, \`selection\`, \`link\`), \`lang\`, \`id\`.
Every string is double-quoted YAML.

## Annotations

Each annotation has the stored selectors exactly: \`TextQuoteSelector\` (the quote with up to 32
characters of context), \`TextPositionSelector\` and, when known, a \`RangeSelector\` in the form the
Hypothesis client uses (\`startContainer\`/\`endContainer\`: simple XPaths such as \`/p[3]\`, with
character offsets in those elements' text). Up to two targets: the saved copy (with a \`state\`
naming the HTML file; positions are offsets into the clip's text, \`textOfHtml\` of its stored
article) and the live page it was made on (XPaths from \`<body>\`). The colour is a \`classifying\`
body and a \`styleClass\` with a \`stylesheet\`; the note is a \`commenting\` body.

## The documents (library schema 2)

- **root** (\`manifest.json\` → \`library.url\`): \`{ schema: "commonplace/library", schemaVersion: 2,
  createdAt, catalogs: { "0".."15": url }, contents: { [shard]: { doc: url, device, createdAt } } }\`
- **16 catalogs**: \`{ schema: "commonplace/catalog", schemaVersion: 1, slot, clips: { [clipId]: entry } }\`.
  An entry holds the clip's metadata, \`tags\` (a set: tag → true), \`readAt\`, \`archivedAt\`, \`deletedAt\`
  (soft delete), \`content: { shard, rev, bytes, extractor, wordCount }\` and \`highlights: { [id]:
  { v, id, color, note, createdAt, updatedAt, deletedAt, target, page } }\`.
- **content documents**: \`{ schema: "commonplace/content", schemaVersion: 1, device, createdAt,
  items: { [rev]: { clip, html, bytes, at } } }\`; \`html\` is the sanitised article, UTF-8, raw DEFLATE.
- **media documents** (root → \`media: { [shard]: { doc, device, createdAt } }\`): \`{ schema: "commonplace/media",
  schemaVersion: 1, device, createdAt, items: { [key]: { clip, kind: "image" | "snapshot", rev, blob, type, part,
  parts, data, width, height, at } } }\`. A catalog entry's \`media.images\` (\`rev\`, \`shards\`) and
  \`media.snapshot\` (\`id\`, \`shards\`) say where its blobs are; a blob is its parts joined in \`part\` order
  (a snapshot's \`data\` is its HTML, raw DEFLATE).

An automerge URL is \`automerge:<documentId>\`; its binary is \`automerge/<documentId>.automerge\`.

## Reading it back

With Commonplace's command line (no extension needed):

    npm run read -- --from this-export.zip --out my-library   # a folder of pages to open in any browser

With only Node and the \`@automerge/automerge\` package:

    import * as A from '@automerge/automerge';
    import { inflateRawSync } from 'node:zlib';
    const doc = (id) => A.load(readFileSync(\`automerge/\${id}.automerge\`));   // after unzipping
    const root = doc(manifest.library.url.slice('automerge:'.length));
    // root.catalogs["0"] … ["15"] → catalogs; entry.content.shard → root.contents[shard].doc → items[rev].html
    const html = inflateRawSync(item.html).toString('utf8');

Into an automerge-repo \`Repo\` (keeping every document's id and history): \`repo.import(bytes, { docId })\`
for each file, then open the library by its root URL.
`;
}
