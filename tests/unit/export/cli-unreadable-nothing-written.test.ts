/**
 * A library `read` or `export` cannot read (made by a newer Commonplace in a layout this one
 * does not know, or an export missing its root) is refused with a clear message, and nothing is
 * written. Before, the message came only after the output had been made: `read` left an empty
 * folder (and any missing folders above it) at --out, `export` the folders above its zip. A newer
 * library this version can still read (its catalogs where this one looks) is read as it is, as
 * before, but now with a word that what the newer version added may be missing (before: none).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as A from '@automerge/automerge/slim';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { documentFile, type ExportManifest } from '../../../src/export/layout';
import { repoSource } from '../../../src/export/repo-source';
import { sampleLibrary } from './fixtures';
import { captureIo, exportToMemory } from './helpers';

let dir: string;
let files: Record<string, Uint8Array>;
let rootFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-cli-unreadable-'));
  const lib = await sampleLibrary();
  files = unzipSync((await exportToMemory(repoSource(lib.repo, lib.url))).bytes);
  const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as ExportManifest;
  rootFile = documentFile(manifest.library.url);
  expect(files[rootFile]).toBeDefined();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function zipWith(name: string, change: (f: Record<string, Uint8Array>) => void): string {
  const copy = { ...files };
  change(copy);
  const path = join(dir, name);
  writeFileSync(path, zipSync(copy));
  return path;
}

describe('a library the command line cannot read', () => {
  it('made by a newer Commonplace in an unknown layout: read says so and writes nothing', async () => {
    const newer = A.save(A.from({ schema: 'commonplace/library', schemaVersion: 99, createdAt: 1, elsewhere: { shelves: 'automerge:x' } }));
    const zip = zipWith('newer.zip', (f) => void (f[rootFile] = newer));
    const out = join(dir, 'new-parent', 'site');
    const io = captureIo();
    expect(await main(['read', '--from', zip, '--out', out, '--quiet'], io)).toBe(1);
    expect(io.errors.join('\n')).toMatch(/made by a newer version of Commonplace \(layout version 99\).*Update Commonplace/);
    expect(existsSync(join(dir, 'new-parent'))).toBe(false);
  });

  it('made by a newer Commonplace that kept the catalogs: read shows it, and says it may miss what the newer one added', async () => {
    const newer = A.save(A.change(A.load<{ schemaVersion: number }>(files[rootFile]!), (d) => void (d.schemaVersion = 3)));
    const zip = zipWith('newer-readable.zip', (f) => void (f[rootFile] = newer));
    const out = join(dir, 'newer-site');
    const io = captureIo();
    expect(await main(['read', '--from', zip, '--out', out, '--quiet'], io)).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(io.errors.join('\n')).toMatch(/made by a newer version of Commonplace \(layout version 3; this one knows 2\).*Update Commonplace/);
    const current = captureIo();
    expect(await main(['read', '--from', zipWith('current.zip', () => undefined), '--out', join(dir, 'current-site'), '--quiet'], current)).toBe(0);
    expect(current.errors).toEqual([]);
  });

  it('an export missing its root: neither read nor export writes anything', async () => {
    const zip = zipWith('no-root.zip', (f) => void delete f[rootFile]);
    const site = join(dir, 'site-parent', 'site');
    const read = captureIo();
    expect(await main(['read', '--from', zip, '--out', site, '--quiet'], read)).toBe(1);
    expect(read.errors.join('\n')).toMatch(/was not found/);
    expect(existsSync(join(dir, 'site-parent'))).toBe(false);
    const out = join(dir, 'zip-parent', 'again.zip');
    const exported = captureIo();
    expect(await main(['export', '--from', zip, '--out', out, '--quiet'], exported)).toBe(1);
    expect(exported.errors.join('\n')).toMatch(/was not found/);
    expect(existsSync(join(dir, 'zip-parent'))).toBe(false);
  });
});
