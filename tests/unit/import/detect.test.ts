import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/import/detect';
import { openImport } from '../../../src/import/import';
import { NOW, pocketRows, pocketZip, utf8, zipOf } from './fixtures';

const refused = (name: string, bytes: Uint8Array) => {
  const r = detectFormat(name, bytes);
  if (r.ok) throw new Error(`${name} was detected as ${r.value}`);
  return r.error;
};

describe('detectFormat', () => {
  it('recognises a Commonplace export by its manifest, at the top or in one folder', () => {
    const manifest = JSON.stringify({ format: 'commonplace-export', formatVersion: 1 });
    expect(detectFormat('commonplace.zip', zipOf({ 'manifest.json': manifest, 'README.md': '#' }))).toEqual({ ok: true, value: 'commonplace' });
    expect(detectFormat('c.zip', zipOf({ 'commonplace-2026/manifest.json': manifest }))).toEqual({ ok: true, value: 'commonplace' });
    expect(detectFormat('c.zip', zipOf({ 'manifest.json': '{"format":"other"}' })).ok).toBe(false);
    expect(openImport('commonplace', zipOf({ 'manifest.json': manifest }), { now: NOW })).toMatchObject({ ok: false, error: { code: 'unsupported-type' } });
  });

  it('refuses a PDF renamed .zip, saying what it is', () => {
    expect(refused('pocket.zip', utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toMatchObject({ code: 'unsupported-type', message: expect.stringContaining('is a PDF document') });
  });

  it('refuses an Instapaper CSV by name', () => {
    const csv = 'URL,Title,Selection,Folder,Timestamp,Tags\nhttps://a.example/,A,,Unread,1700000000,[]\n';
    expect(refused('instapaper-export.csv', utf8(csv))).toMatchObject({ code: 'unsupported-type', message: expect.stringContaining('Instapaper') });
  });

  it('refuses other CSV, JSON, HTML and binary files with a hint', () => {
    expect(refused('x.csv', utf8('name,email\na,b\n')).message).toContain("not Pocket's export");
    expect(refused('metadata_0_to_20.json', utf8('[{"id":"x"}]')).message).toContain('upload the whole export zip');
    expect(refused('page.html', utf8('<!doctype html><p>hello')).message).toContain('neither browser bookmarks');
    expect(refused('x.bin', new Uint8Array([1, 2, 3, 0, 0, 7, 8, 9, 0, 1, 2])).message).toContain('binary');
    expect(refused('x.gz', new Uint8Array([0x1f, 0x8b, 8, 0])).message).toContain('gzip');
    expect(refused('notes.txt', utf8('just some notes')).message).toContain('not an export');
  });

  it('refuses empty, truncated and fake zips as damaged, with what to do', () => {
    expect(refused('pocket.zip', new Uint8Array())).toMatchObject({ code: 'bad-request', message: expect.stringContaining('empty') });
    const zip = pocketZip(pocketRows(50), 20);
    expect(refused('pocket.zip', zip.subarray(0, Math.floor(zip.length / 2)))).toMatchObject({ code: 'bad-request', message: expect.stringContaining('Download the export again') });
    expect(refused('pocket.zip', utf8('title,url\n'))).toMatchObject({ code: 'bad-request', message: expect.stringContaining('not a zip') });
  });

  it('refuses a zip that is no known export', () => {
    expect(refused('photos.zip', zipOf({ 'a.jpg': new Uint8Array([0xff, 0xd8]) })).message).toContain('not an export Commonplace knows');
  });

  it('decides by content, not name', () => {
    const csv = utf8('title,url,time_added,tags,status\nA,https://a.example/,1700000000,,unread\n');
    expect(detectFormat('renamed.txt', csv)).toEqual({ ok: true, value: 'pocket-csv' });
    expect(detectFormat('export.html', utf8('<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p></DL>'))).toEqual({ ok: true, value: 'bookmarks-html' });
  });
});
