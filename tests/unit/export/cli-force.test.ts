/**
 * `export --force` over what is already at `--out`: a file is replaced (the old zip or the new
 * one is always there), a folder is refused before any work with a message naming a file to
 * write instead, and a rename that still fails keeps the finished zip and says where.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipFileSink } from '../../../scripts/cli/files';
import { main } from '../../../scripts/cli/main';
import { repoSource } from '../../../src/export/repo-source';
import { sampleLibrary } from './fixtures';
import { captureIo, exportToMemory } from './helpers';

let dir: string;
let zipPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-cli-force-'));
  const lib = await sampleLibrary();
  zipPath = join(dir, 'export.zip');
  writeFileSync(zipPath, (await exportToMemory(repoSource(lib.repo, lib.url))).bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RAW = /EISDIR|ENOTEMPTY|EEXIST|\n\s+at |^Failed:/m;

describe('export --force', () => {
  it('replaces an existing file with the new zip', async () => {
    const out = join(dir, 'old.zip');
    writeFileSync(out, 'the old zip');
    expect(await main(['export', '--from', zipPath, '--out', out, '--force', '--quiet'], captureIo())).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('over a folder, empty or not: refused with a way out, the folder left as it was, nothing half-written', async () => {
    for (const [name, files] of [['empty folder', []], ['full folder', ['keep.txt']]] as const) {
      const out = join(dir, name);
      mkdirSync(out);
      for (const f of files) writeFileSync(join(out, f), 'mine');
      for (const force of [true, false]) {
        const io = captureIo();
        expect(await main(['export', '--from', zipPath, '--out', out, '--quiet', ...(force ? ['--force'] : [])], io)).toBe(1);
        const printed = io.errors.join('\n');
        expect(printed).toContain(`${out} is a folder, and export writes one zip file: give --out a file name, such as ${join(out, 'commonplace-export.zip')}.`);
        expect(printed).not.toMatch(RAW);
        expect(existsSync(`${out}.partial`)).toBe(false);
        for (const f of files) expect(readFileSync(join(out, f), 'utf8')).toBe('mine');
      }
      // The way out works.
      expect(await main(['export', '--from', zipPath, '--out', join(out, 'commonplace-export.zip'), '--quiet'], captureIo())).toBe(0);
    }
  });

  it('keeps the finished zip and says where when the rename fails at the end (a folder appeared meanwhile)', async () => {
    const out = join(dir, 'raced.zip');
    const sink = await zipFileSink(out, true);
    await sink.write(new Uint8Array([0x50, 0x4b, 1, 2]));
    mkdirSync(out);
    writeFileSync(join(out, 'theirs.txt'), 'theirs');
    const failed = await sink.commit().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(failed?.message).toMatch(/is a folder.*The finished export is kept as .*raced\.zip\.partial: rename it, or run again with another --out\./s);
    await sink.abort();
    expect([...readFileSync(`${out}.partial`)]).toEqual([0x50, 0x4b, 1, 2]);
    expect(readFileSync(join(out, 'theirs.txt'), 'utf8')).toBe('theirs');
  });
});
