/**
 * Found in a bug hunt: an export with one damaged catalog (one of the library's 16) could not be
 * read at all: `read --from` stopped at "The library's catalog N … could not be loaded", so the
 * fifteen sixteenths of the library the other catalogs list were not shown either. A reader
 * meant for the day every server is gone now writes every clip it can read, names the damaged
 * catalogs, and ends with exit code 3; `export`, which makes a new zip (a backup), still refuses
 * to write one without them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, PARTIAL_EXIT } from '../../../scripts/cli/main';
import type { ExportManifest } from '../../../src/export/layout';
import { repoSource } from '../../../src/export/repo-source';
import { sampleLibrary } from './fixtures';
import { captureIo, exportToMemory, parseHtml } from './helpers';

let dir: string;
let files: Record<string, Uint8Array>;
let catalogs: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-cli-damaged-'));
  const lib = await sampleLibrary();
  files = unzipSync((await exportToMemory(repoSource(lib.repo, lib.url))).bytes);
  const manifestName = Object.keys(files).find((f) => f.endsWith('manifest.json'))!;
  const manifest = JSON.parse(strFromU8(files[manifestName]!)) as ExportManifest;
  const folder = manifestName.slice(0, -'manifest.json'.length);
  catalogs = manifest.documentFiles.filter((d) => d.kind === 'catalog').map((d) => folder + d.file);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The export with the file `name` replaced by bytes that are no Automerge document. */
function damaged(name: string, i: number): string {
  const path = join(dir, `damaged-${i}.zip`);
  writeFileSync(path, zipSync({ ...files, [name]: new TextEncoder().encode('not an automerge document') }));
  return path;
}

describe('an export with a damaged catalog', () => {
  it('is read without that catalog’s clips, which are named as missing, with exit code 3', async () => {
    expect(catalogs).toHaveLength(16);
    let missing = 0;
    for (const [i, name] of catalogs.entries()) {
      const out = join(dir, `site-${i}`);
      const io = captureIo();
      expect(await main(['read', '--from', damaged(name, i), '--out', out, '--quiet'], io)).toBe(PARTIAL_EXIT);
      expect(io.errors.join('\n')).toMatch(/^Catalog \d+ of this export is damaged and could not be read: the clips listed there .* are not in these pages; every other clip is\./);
      const listed = parseHtml(readFileSync(join(out, 'index.html'), 'utf8')).querySelectorAll('.list li').length;
      missing += 3 - listed;
    }
    // Each of the 3 clips is in exactly one catalog: each is missing from exactly one reading.
    expect(missing).toBe(3);
  });

  it('is not exported again: a new zip must hold the whole library', async () => {
    const out = join(dir, 'again.zip');
    const io = captureIo();
    expect(await main(['export', '--from', damaged(catalogs[0]!, 99), '--out', out, '--quiet'], io)).toBe(1);
    expect(io.errors.join('\n')).toMatch(/^The export's automerge\/.*\.automerge/);
    expect(existsSync(out)).toBe(false);
  });
});
