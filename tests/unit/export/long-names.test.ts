/**
 * File names of exported clips must fit every file system (`src/export/names.ts` promises it:
 * "stays short on every file system"). Linux (ext4, btrfs, xfs) and APFS allow 255 bytes of
 * UTF-8 per name; the slug is capped at 60 *characters*, and a letter outside the BMP (Adlam,
 * Chakma, Osage, CJK Extension B…) is 4 bytes, so a title in such a script gives a name of
 * 264 bytes and `npm run read` dies on the first such clip (ENAMETOOLONG), writing no index.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { repoSource } from '../../../src/export/repo-source';
import { ClipNames } from '../../../src/export/names';
import { openLibrary, page } from '../library/helpers';
import { captureIo, exportToMemory } from '../export/helpers';

/** A title in Adlam (the Fulani alphabet): letters of U+1E900-U+1E95F, 4 bytes each in UTF-8. */
const ADLAM_TITLE = '𞤀𞤁𞤂𞤃𞤄𞤅'.repeat(12);

let dir: string;
let zipPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-xrev-names-'));
  const lib = await openLibrary();
  await lib.library.save(page({ title: 'An ordinary clip', pageUrl: 'https://a.example/plain', canonicalUrl: null }));
  await lib.library.save(page({ title: ADLAM_TITLE, pageUrl: 'https://a.example/adlam', canonicalUrl: null }));
  await lib.library.settled();
  zipPath = join(dir, 'export.zip');
  writeFileSync(zipPath, (await exportToMemory(repoSource(lib.repo, lib.url))).bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exported file names', () => {
  it('a clip name plus its longest extension fits in 255 bytes of UTF-8, whatever the script of the title', () => {
    const name = new ClipNames().name({ id: 'AAAAAAAAAAAAAAAAAAAAAA', title: ADLAM_TITLE, url: 'https://a.example/adlam', savedAt: Date.UTC(2026, 0, 2) });
    expect(Buffer.byteLength(`${name}.jsonld`, 'utf8')).toBeLessThanOrEqual(255);
  });

  it('npm run read writes the whole site when a clip is titled in a script outside the BMP', async () => {
    const out = join(dir, 'site');
    const io = captureIo();
    const code = await main(['read', '--from', zipPath, '--out', out, '--quiet'], io);
    expect(io.errors.join('\n')).not.toMatch(/ENAMETOOLONG/);
    expect(code).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });
});
