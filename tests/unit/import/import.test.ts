import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/import/detect';
import { eventStream, openImport } from '../../../src/import/import';
import type { FormatSource, ImportEvent, ImportFormat, RawEvent } from '../../../src/import/types';
import { collect, csvField, expectWellFormed, itemsOf, NOW, omnivoreMeta, omnivoreZip, pocketCsv, pocketRows, pocketZip, T0, utf8 } from './fixtures';

/** One file of each format, each with a duplicate whose first copy comes early. */
function samples(): Array<[ImportFormat, Uint8Array]> {
  const rows = pocketRows(40);
  rows.push({ ...rows[2]!, title: 'dup' });
  const annotations = JSON.stringify([{ url: rows[7]!.url, title: 't', highlights: [{ quote: 'q', created_at: T0 }] }, { url: 'https://x.example/', title: 'x', highlights: [{ quote: 'q' }] }]);
  const links = Array.from({ length: 30 }, (_, i) => `<DT><A HREF="https://b.example/${i % 25}" ADD_DATE="${T0 + i}">L${i}</A>`).join('\n');
  const metas = Array.from({ length: 30 }, (_, i) => omnivoreMeta(i, i === 27 ? { url: 'https://blog.example.org/posts/1' } : {}));
  return [
    ['pocket-csv', pocketZip(rows, 9, { 'annotations/part_000000.json': annotations }, [0, 2])],
    ['pocket-csv', utf8(pocketCsv(rows))],
    ['bookmarks-html', utf8(`<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><H3>F</H3>\n<DL><p>\n${links}\n</DL><p>\n</DL>`)],
    ['omnivore', omnivoreZip(metas, { 'content/article-2-slug.html': '<p>x</p>', 'highlights/article-5-slug.md': '> q' })],
  ];
}

describe('the event stream', () => {
  it.each(samples())('%s: resuming from any cursor gives exactly the remaining events', (format, bytes) => {
    const all = collect(format, bytes);
    expectWellFormed(all);
    expect(all.some((e) => e.kind === 'duplicate')).toBe(true);
    for (const from of [0, 1, 2, 3, Math.floor(all.length / 2), all.length - 1, all.length, all.length + 5]) {
      expect(collect(format, bytes, {}, from), `from ${from}`).toEqual(all.slice(from));
    }
  });

  it.each(samples())('%s: is deterministic, with a total before the first event and a stable fingerprint', (format, bytes) => {
    const a = openImport(format, bytes, { now: NOW });
    const b = openImport(format, bytes.slice(), { now: NOW });
    if (!a.ok || !b.ok) throw new Error('did not open');
    expect([...a.value.events()]).toEqual([...b.value.events()]);
    expect(a.value.fingerprint).toBe(b.value.fingerprint);
    expect(a.value.now).toBe(NOW);
    const changed = bytes.slice();
    const middle = Math.floor(changed.length / 2);
    changed[middle] = changed[middle]! ^ 1;
    const c = openImport(format, changed, { now: NOW });
    expect(c.ok && c.value.fingerprint).not.toBe(a.value.fingerprint);
    const count = [...a.value.events()].length;
    expect(a.value.total).toBeGreaterThanOrEqual(count * 0.7);
    expect(a.value.total).toBeLessThanOrEqual(count * 1.5);
  });

  it('estimates a multi-part Pocket zip from its first part', () => {
    const zip = pocketZip(pocketRows(5_000), 1_000);
    const session = openImport('pocket-csv', zip, { now: NOW });
    expect(session.ok && session.value.total).toBeGreaterThan(4_500);
    expect(session.ok && session.value.total).toBeLessThan(5_500);
  });
});

/** Runs a file through the whole API; returns what came out. Throws only if the API throws. */
function runAll(name: string, bytes: Uint8Array): ImportEvent[] | string {
  const format = detectFormat(name, bytes);
  if (!format.ok) return format.error.message;
  if (format.value === 'commonplace') return 'commonplace';
  const session = openImport(format.value, bytes, { now: NOW, fileName: name });
  if (!session.ok) return session.error.message;
  return [...session.value.events()];
}

describe('bad input never throws and never hangs', () => {
  const zips = samples().filter(([, b]) => b[0] === 0x50);

  it('truncated zips: every cut gives a message or fewer events', () => {
    for (const [, bytes] of zips) {
      for (let cut = 0; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 150))) {
        const out = runAll('export.zip', bytes.subarray(0, cut));
        expect(typeof out === 'string' || Array.isArray(out)).toBe(true);
      }
    }
  });

  it('damaged bytes anywhere: each becomes a message or failed events', () => {
    for (const [, bytes] of zips) {
      for (let k = 0; k < 150; k++) {
        const damaged = bytes.slice();
        const at = (k * 7919) % damaged.length;
        damaged[at] = (damaged[at]! + 1 + k) & 0xff;
        const out = runAll('export.zip', damaged);
        if (Array.isArray(out)) expectWellFormed(out);
      }
    }
  });

  it('random text and markup in every format', () => {
    const junk = ['"', '<', '>', '&', ',', '\n', '\r', 'a', '<a href="', '</dl>', '<dl>', '<dt>', '<h3>', '"""', '&#x', 'javascript:', '\u0000', '\ufeff'];
    for (let seed = 1; seed <= 300; seed++) {
      let text = '';
      for (let i = 0; i < 200; i++) text += junk[(i * seed * 31 + seed) % junk.length];
      for (const format of ['pocket-csv', 'pocket-html', 'bookmarks-html'] as const) {
        const header = format === 'pocket-csv' ? 'title,url,time_added,tags,status\n' : '';
        const session = openImport(format, utf8(header + text), { now: NOW });
        if (session.ok) expectWellFormed([...session.value.events()]);
      }
    }
  });

  it('a 100 MB Pocket CSV with huge multi-line titles is read in linear time', () => {
    const title = `${'Long, "quoted" title line\n'.repeat(200)}end`;
    const row = (i: number) => `${csvField(`${i} ${title}`)},https://big.example/${i},${T0 + i},a|b,unread\n`;
    const count = Math.ceil(100_000_000 / row(0).length);
    const parts = ['title,url,time_added,tags,status\n'];
    for (let i = 0; i < count; i++) parts.push(row(i));
    const bytes = utf8(parts.join(''));
    expect(bytes.length).toBeGreaterThanOrEqual(100_000_000);
    const t = performance.now();
    const session = openImport('pocket-csv', bytes, { now: NOW });
    if (!session.ok) throw new Error(session.error.message);
    let items = 0;
    for (const e of session.value.events()) if (e.kind === 'item') items++;
    const ms = performance.now() - t;
    console.info(`[import] ${(bytes.length / 1e6).toFixed(0)} MB Pocket CSV, ${count} rows: ${ms.toFixed(0)} ms`);
    expect(items).toBe(count);
    // A bound for "never hangs" (quadratic work on 100 MB would take hours), wide enough for a loaded
    // two-core machine: 30 s failed there at 30.2 s (2026-12-08). Speed is the benchmarks'; the time is printed above.
    expect(ms).toBeLessThan(120_000);
  }, 180_000);

  it('a parser that throws ends the stream with one failed event, never an exception', () => {
    const source: FormatSource = {
      total: 3,
      *raws(): Generator<RawEvent> {
        yield { kind: 'item', sourceKey: 'k1', source: 'row 1', raw: { url: 'https://a.example/', state: 'unread' } };
        throw new Error('parser bug');
      },
    };
    const events = [...eventStream(source, 0, NOW)];
    expect(events.map((e) => e.kind)).toEqual(['item', 'failed']);
    expect(events[1]).toMatchObject({ index: 1, source: 'row 1', reason: expect.stringContaining('parser bug') });
  });

  it('places and reasons are plain text, whatever the file names hold', () => {
    const source: FormatSource = {
      total: 1,
      *raws(): Generator<RawEvent> {
        yield { kind: 'failed', sourceKey: 'k', source: 'collections/<b>x</b>\u202e.json', reason: 'bad\u0000 file' };
      },
    };
    expect([...eventStream(source, 0, NOW)]).toEqual([{ kind: 'failed', index: 0, sourceKey: 'k', source: 'collections/ x .json', reason: 'bad file' }]);
  });

  it('the items a hostile file yields still satisfy every rule', () => {
    const rows = [
      ['<script>alert(1)</script>', 'https://a.example/1', '99999999999999999999', '<b>x</b>|\u202eevil', 'unread'],
      ['\u0000\u0007bell', 'https://a.example/2', '-5', '', 'archive'],
      ['x'.repeat(100_000), 'https://a.example/3', 'NaN', '|'.repeat(1000), 'read'],
    ];
    const csv = `title,url,time_added,tags,status\n${rows.map((r) => r.map(csvField).join(',')).join('\n')}\n`;
    const items = itemsOf(collect('pocket-csv', utf8(csv)));
    expect(items.map((i) => [i.title.slice(0, 20), i.savedAt, i.tags])).toEqual([
      ['alert(1)', NOW, ['x', 'evil']],
      ['bell', NOW, []],
      ['x'.repeat(20), NOW, []],
    ]);
    expect(items[2]!.title.length).toBe(1000);
  });
});
