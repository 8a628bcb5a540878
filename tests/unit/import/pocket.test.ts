import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/import/detect';
import { openImport } from '../../../src/import/import';
import type { ImportItem } from '../../../src/import/import-item';
import { growth, LINEAR_LIMIT } from './growth';
import { collect, expectWellFormed, failuresOf, itemsOf, NOW, pocketCsv, pocketRows, pocketZip, T0, utf8, zipOf } from './fixtures';

const byUrl = (items: ImportItem[]) => new Map(items.map((i) => [i.url, i]));

describe('Pocket CSV, 10,000 rows', () => {
  const rows = pocketRows(10_000);

  it('a bare CSV parses to all 10,000 items', () => {
    const bytes = utf8(pocketCsv(rows));
    expect(detectFormat('part_000000.csv', bytes)).toEqual({ ok: true, value: 'pocket-csv' });
    const events = collect('pocket-csv', bytes);
    expectWellFormed(events);
    expect(events.every((e) => e.kind === 'item')).toBe(true);
    expect(itemsOf(events)).toHaveLength(10_000);
  });

  it('a one-part pocket.zip parses in time linear in its rows (1,250 and 10,000 rows measured, best of 3)', () => {
    const zips = new Map([1_250, 10_000].map((n) => [n, pocketZip(rows.slice(0, n), n)]));
    const session = openImport('pocket-csv', zips.get(10_000)!, { now: NOW });
    expect(session.ok && session.value.total).toBeGreaterThan(9_000);
    let count = 0;
    const g = growth((n) => {
      const opened = openImport('pocket-csv', zips.get(n)!, { now: NOW });
      if (!opened.ok) throw new Error(opened.error.message);
      count = 0;
      for (const e of opened.value.events()) if (e.kind === 'item') count++;
    }, 1_250);
    console.info(`[import] 10,000 Pocket rows (zip, ${zips.get(10_000)!.length} bytes): ${g.big.toFixed(0)} ms; 1,250 rows ${g.small.toFixed(0)} ms`);
    expect(count).toBe(10_000);
    expect(g.ratio, `${g.small.toFixed(1)} ms, then ${g.big.toFixed(1)} ms for 8 times as many rows`).toBeLessThan(LINEAR_LIMIT);
  });
});

describe('pocket.zip', () => {
  const rows = pocketRows(25);
  // Row 5 is also in a collection; row 6 has highlights; one highlighted page and one listed page are in no row.
  const annotations = JSON.stringify([
    { url: rows[6]!.url, title: rows[6]!.title, highlights: [{ quote: 'First quote', created_at: T0 + 100 }, { quote: 'Second\nquote', created_at: T0 + 200 }] },
    { url: 'https://elsewhere.example/only-highlighted', title: 'Only highlighted', highlights: [{ quote: 'Orphan quote', created_at: T0 + 300 }] },
  ]);
  const collection = JSON.stringify({
    title: 'Best of 2024',
    slug: 'best-of-2024',
    items: [{ url: rows[5]!.url, title: 'x' }, { url: rows[6]!.url }, { url: 'https://elsewhere.example/only-listed', title: 'Only listed' }],
  });
  const zip = pocketZip(rows, 10, { 'annotations/part_000000.json': annotations, 'collections/best-of-2024.json': collection }, [0]);

  it('is detected and reads every part in order, finding columns by name in both header generations', () => {
    expect(detectFormat('pocket.zip', zip)).toEqual({ ok: true, value: 'pocket-csv' });
    const events = collect('pocket-csv', zip);
    expectWellFormed(events);
    const items = itemsOf(events);
    expect(items.slice(0, 25).map((i) => i.url)).toEqual(rows.map((r) => r.url.replace('&utm_source=pocket', '')));
    expect(events[0]!.sourceKey).toBe('pocket-csv:part_000000.csv:line:2');
    expect(events[10]!.source).toBe('part_000001.csv, line 2');
  });

  it('maps each column: title, seconds, tags split on |, archive → archived, untitled → no title', () => {
    const items = itemsOf(collect('pocket-csv', zip));
    expect(items[0]).toMatchObject({ title: 'Article 0', savedAt: T0 * 1000, tags: ['news', 'topic-0'], state: 'archived' });
    expect(items[1]).toMatchObject({ title: 'Article 1, with a comma', state: 'unread', tags: [] });
    expect(items[2]!.title).toBe('The "quoted" article 2');
    expect(items[3]!.title).toBe('Article 3 spanning two lines');
    expect(items[4]!.title).toBe('');
  });

  it('attaches annotations by URL and turns the collection into a tag', () => {
    const items = byUrl(itemsOf(collect('pocket-csv', zip)));
    const six = items.get(rows[6]!.url.replace('&utm_source=pocket', ''))!;
    expect(six.highlights).toEqual([
      { quote: 'First quote', createdAt: (T0 + 100) * 1000 },
      { quote: 'Second\nquote', createdAt: (T0 + 200) * 1000 },
    ]);
    expect(six.tags).toEqual(['news', 'topic-1', 'Best of 2024']);
    expect(items.get(rows[5]!.url.replace('&utm_source=pocket', ''))!.tags).toEqual(['Best of 2024']);
  });

  it('imports highlighted or listed pages missing from the CSV after the rows, saying so', () => {
    const events = collect('pocket-csv', zip);
    const tail = events.slice(25);
    expect(tail.map((e) => e.kind === 'item' && [e.item.url, e.item.title, e.item.state, e.item.tags, e.item.highlights.length])).toEqual([
      ['https://elsewhere.example/only-highlighted', 'Only highlighted', 'read', [], 1],
      ['https://elsewhere.example/only-listed', 'Only listed', 'unread', ['Best of 2024'], 0],
    ]);
    expect(tail[0]).toMatchObject({ sourceKey: 'pocket-csv:annotations/part_000000.json:entry:2', warnings: [expect.stringContaining('not in the export')] });
  });

  it('reads a collection given as a bare list (tag from its file name) and survives a broken annotations file', () => {
    const z = pocketZip(rows.slice(0, 3), 10, { 'annotations/part_000000.json': '{ not json', 'collections/weekend-reads.json': JSON.stringify([rows[1]!.url]) });
    const events = collect('pocket-csv', z);
    expectWellFormed(events);
    expect(events[0]).toMatchObject({ kind: 'failed', source: 'annotations/part_000000.json', reason: expect.stringContaining('not valid JSON') });
    expect(itemsOf(events)[1]!.tags).toEqual(['weekend-reads']);
  });

  it('reads parts inside a folder and in numeric order, whatever the zip order', () => {
    const z = zipOf({ 'export/part_000002.csv': pocketCsv(pocketRows(1, 2)), 'export/part_000000.csv': pocketCsv(pocketRows(1, 0)), 'export/part_000001.csv': pocketCsv(pocketRows(1, 1)) });
    expect(itemsOf(collect('pocket-csv', z)).map((i) => i.title)).toEqual(['Article 0', 'Article 1, with a comma', 'The "quoted" article 2']);
  });
});

describe('Pocket CSV edge cases', () => {
  it('reads CRLF, a BOM, shuffled columns and UTF-16', () => {
    const text = '\ufefftags,status,url,time_added,title\r\na|b,archive,https://a.example/1,1700000000,"Café, ""déjà vu"""\r\n';
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(text.slice(1)).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    for (const bytes of [utf8(text), utf16]) {
      expect(detectFormat('p.csv', bytes)).toEqual({ ok: true, value: 'pocket-csv' });
      expect(itemsOf(collect('pocket-csv', bytes))).toEqual([
        { url: 'https://a.example/1', title: 'Café, "déjà vu"', savedAt: 1_700_000_000_000, tags: ['a', 'b'], state: 'archived', highlights: [] },
      ]);
    }
  });

  it('reports bad rows and keeps the good ones: refused URL, unterminated quote at EOF, odd status', () => {
    const text = 'title,url,time_added,tags,status\nx,javascript:alert(1),1700000000,,unread\ny,https://b.example/,1700000000,,weird\n"never closed,https://c.example/,1,,unread\n';
    const events = collect('pocket-csv', utf8(text));
    expectWellFormed(events);
    expect(events.map((e) => e.kind)).toEqual(['failed', 'item', 'failed']);
    expect(failuresOf(events).map((f) => f.reason)).toEqual([expect.stringContaining('javascript:'), expect.stringContaining('never closed')]);
    expect(events[1]).toMatchObject({ warnings: [expect.stringContaining('"weird"')] });
  });

  it('reports duplicate URLs within the file, naming the first', () => {
    const rows = pocketRows(3);
    const text = pocketCsv([...rows, { ...rows[1]!, url: rows[1]!.url.replace('utm_source', 'utm_medium'), tags: ['again'] }]);
    const events = collect('pocket-csv', utf8(text));
    expect(events[3]).toMatchObject({ kind: 'duplicate', firstKey: events[1]!.sourceKey, firstSource: 'the CSV file, line 3', item: { tags: ['again'] } });
  });

  it('fails a part with no url column, and the file when it is the only one', () => {
    const z = zipOf({ 'part_000000.csv': 'title,link\nx,y\n', 'part_000001.csv': pocketCsv(pocketRows(1)) });
    const events = collect('pocket-csv', z);
    expect(events.map((e) => e.kind)).toEqual(['failed', 'item']);
    const bare = openImport('pocket-csv', utf8('title,link\nx,y\n'), { now: NOW });
    expect(bare).toMatchObject({ ok: false, error: { code: 'unsupported-type' } });
  });
});
