/**
 * The Node reader over a selection exported with its documents (`documents: 'touched'`: the root,
 * and the catalogs and content documents holding its clips). Before, `read --from` named every
 * catalog the selection did not need as "damaged and could not be read" and exited 3, and showed
 * the other clips sharing its documents (without their articles) as if selected; `export --from`
 * refused it ("The library's catalog N … could not be loaded"). Now `read` shows the selection's
 * clips and exits 0, and `export` writes a selection again, with its documents, that the import
 * restores.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { openCommonplace } from '../../../src/import/commonplace';
import { repoSource } from '../../../src/export/repo-source';
import { sampleLibrary } from './fixtures';
import { captureIo, exportToMemory } from './helpers';

let dir: string;
let zipPath: string;
let selected: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-cli-touched-'));
  const lib = await sampleLibrary();
  const out = await exportToMemory(repoSource(lib.repo, lib.url), { select: (c) => c.tags.includes('nature'), documents: 'touched' });
  selected = out.manifest.clips.map((c) => c.id).sort();
  expect(selected.length).toBe(2);
  zipPath = join(dir, 'selection.zip');
  writeFileSync(zipPath, out.bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the Node reader over a selection exported with its documents ('touched')", () => {
  it('read: shows the selected clips, says nothing is damaged, exits 0', async () => {
    const io = captureIo();
    const out = join(dir, 'site');
    expect(await main(['read', '--from', zipPath, '--out', out, '--quiet'], io)).toBe(0);
    expect(io.errors.join('\n')).not.toMatch(/damaged/);
    expect(readdirSync(join(out, 'clips')).filter((f) => f.endsWith('.html')).length).toBe(selected.length);
  });

  it('export: writes a selection with its documents again, which the import opens with the same clips', async () => {
    const out = join(dir, 'again.zip');
    const io = captureIo();
    expect(await main(['export', '--from', zipPath, '--out', out, '--quiet'], io)).toBe(0);
    expect(existsSync(out)).toBe(true);
    const opened = await openCommonplace(new Uint8Array(readFileSync(out)));
    if (!opened.ok) throw new Error(opened.error.message);
    const ids: string[] = [];
    for await (const e of opened.value.events()) if (e.kind === 'clip') ids.push(e.clip.id);
    expect(ids.sort()).toEqual(selected);
  });
});
