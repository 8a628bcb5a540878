import { describe, expect, it } from 'vitest';
import { csvRows, MAX_RECOVERIES, type CsvStep } from '../../../src/import/csv';
import { decodeText } from '../../../src/import/decode';

const rows = (text: string) => [...csvRows(text)].map((s) => (s.kind === 'row' ? s.fields : `error@${s.line}`));
const steps = (text: string): CsvStep[] => [...csvRows(text)];
/**
 * A bound for "linear, not quadratic" on these inputs: linear reading takes 0.1-2.5 s here (the
 * upper end on a loaded two-core machine, where the earlier 2-3 s limits failed), quadratic work
 * (a rescan per quote, a string per doubled quote) takes minutes. A ratio of n against 8n
 * (growth.ts) was tried and dropped: at sizes that take a few ms, a loaded run's noise, and at
 * larger ones the memory of megabyte strings, pushed linear work past the ratio's limit (24.3, 25).
 */
const NEVER_QUADRATIC_MS = 20_000;

describe('csvRows', () => {
  it('reads plain, quoted and doubled-quote fields', () => {
    expect(rows('a,b,c\n1,"two, too","say ""hi"""\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'two, too', 'say "hi"'],
    ]);
  });

  it('keeps newlines inside quoted fields and numbers rows by the line they start on', () => {
    const out = steps('h1,h2\n"line one\nline two",x\n"a\r\nb",y\nlast,z');
    expect(out).toEqual([
      { kind: 'row', fields: ['h1', 'h2'], line: 1 },
      { kind: 'row', fields: ['line one\nline two', 'x'], line: 2 },
      { kind: 'row', fields: ['a\r\nb', 'y'], line: 4 },
      { kind: 'row', fields: ['last', 'z'], line: 6 },
    ]);
  });

  it('accepts CRLF, LF and lone CR line ends, and skips blank lines', () => {
    expect(rows('a,b\r\n1,2\r\n\r\n3,4\r5,6\n\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(rows('a,,c,\n,,\n')).toEqual([
      ['a', '', 'c', ''],
      ['', '', ''],
    ]);
  });

  it('is lenient with stray quotes: inside an unquoted field, and text after a closing quote', () => {
    expect(rows('ab"c,d\n"x"y,z\n')).toEqual([
      ['ab"c', 'd'],
      ['xy', 'z'],
    ]);
  });

  it('reports an unterminated quote at EOF as an error row, keeping the rows before it', () => {
    expect(rows('a,b\n1,2\n3,"never closed\n4,5')).toEqual([['a', 'b'], ['1', '2'], 'error@3', ['4', '5']]);
  });

  it('recovers after an unterminated quote and reads the following lines', () => {
    const out = steps('a,b\n"oops,1\nc,d\ne,f\n');
    expect(out[1]).toMatchObject({ kind: 'error', line: 2 });
    expect(out.slice(2)).toEqual([
      { kind: 'row', fields: ['c', 'd'], line: 3 },
      { kind: 'row', fields: ['e', 'f'], line: 4 },
    ]);
  });

  it('a stray opening quote costs its own row, not the rows up to the next quote in the file', () => {
    const csv = 'title,url\n"Broken title,https://a.example/\nPlain,https://b.example/\n"Good ""quoted""",https://c.example/\n';
    expect(rows(csv)).toEqual([['title', 'url'], 'error@2', ['Plain', 'https://b.example/'], ['Good "quoted"', 'https://c.example/']]);
    // A quoted field over several lines, closed before a delimiter, is one field as before.
    expect(rows('a,"one\ntwo",b\n')).toEqual([['a', 'one\ntwo', 'b']]);
  });

  it(`reads a file of stray quotes in linear time, with at most ${MAX_RECOVERIES + 1} error rows`, () => {
    for (const line of ['x,"\n', '","a', '"a""\n']) {
      const t = performance.now();
      const out = steps(line.repeat(200_000));
      expect(performance.now() - t).toBeLessThan(NEVER_QUADRATIC_MS);
      expect(out.filter((s) => s.kind === 'error').length).toBeLessThanOrEqual(MAX_RECOVERIES + 1);
    }
  });

  it('reads a BOM-prefixed file once the decoder has removed the BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('title,url\nx,y\n')]);
    expect(rows(decodeText(bytes).text)[0]).toEqual(['title', 'url']);
  });

  it('reads a one-line file with many quoted fields in linear time', () => {
    const text = Array.from({ length: 200_000 }, (_, i) => `"f${i}"`).join(',');
    const t = performance.now();
    const out = rows(text);
    expect(performance.now() - t).toBeLessThan(NEVER_QUADRATIC_MS);
    expect((out[0] as string[]).length).toBe(200_000);
  });

  it('builds a huge quoted field full of doubled quotes without quadratic cost', () => {
    const big = '""'.repeat(2_000_000);
    const t = performance.now();
    const out = rows(`"${big}",end\n`);
    expect(performance.now() - t).toBeLessThan(NEVER_QUADRATIC_MS);
    expect(out[0]).toEqual(['"'.repeat(2_000_000), 'end']);
  });
});
