import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../../scripts/cli/args';
import { main } from '../../../scripts/cli/main';
import { repoSource } from '../../../src/export/repo-source';
import { sampleLibrary } from './fixtures';
import { captureIo, exportToMemory, parseHtml } from './helpers';

let dir: string;
let zipPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-cli-'));
  const lib = await sampleLibrary();
  zipPath = join(dir, 'export.zip');
  writeFileSync(zipPath, (await exportToMemory(repoSource(lib.repo, lib.url))).bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the command line', () => {
  it('refuses a command line it cannot run, saying what to fix', async () => {
    expect(() => parseArgs(['read', '--out'])).toThrow('--out needs a value.');
    expect(() => parseArgs(['read', '--from', 'a.zip'])).toThrow(/--out is required/);
    expect(() => parseArgs(['read', '--from', 'a', '--server', 'ws://x', '--out', 'o'])).toThrow(/either --from/);
    expect(() => parseArgs(['read', '--server', 'ws://x', '--out', 'o'])).toThrow(/--library/);
    expect(() => parseArgs(['read', '--out=o', '--out', 'p'])).toThrow(/twice/);
    expect(() => parseArgs(['read', '--colour', 'x'])).toThrow(/Unknown flag --colour/);
    expect(parseArgs(['export', '--from=a.zip', '--out', 'b.zip', '--force', '--timeout', '5'])).toMatchObject({ command: 'export', from: 'a.zip', out: 'b.zip', force: true, timeoutS: 5 });
    const io = captureIo();
    expect(await main(['fetch'], io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(/Unknown command "fetch"[\s\S]*npm run read/);
    expect(await main(['--help'], io)).toBe(0);
  });

  it('read --from writes the site of an export', async () => {
    const out = join(dir, 'site');
    const io = captureIo();
    expect(await main(['read', '--from', zipPath, '--out', out, '--quiet'], io)).toBe(0);
    expect(io.lines.join('\n')).toMatch(/^Wrote 3 clips \(4 highlights, 3 notes, 2 tags\) to .*index\.html/);
    expect(readdirSync(join(out, 'clips'))).toHaveLength(3);
    expect(parseHtml(readFileSync(join(out, 'index.html'), 'utf8')).querySelectorAll('.list li')).toHaveLength(3);
    // A second run into the same folder is refused, unless forced.
    const again = captureIo();
    expect(await main(['read', '--from', zipPath, '--out', out], again)).toBe(1);
    expect(again.errors.join('')).toMatch(/is not empty.*--force/);
    expect(await main(['read', '--from', zipPath, '--out', out, '--force', '--quiet'], captureIo())).toBe(0);
  });

  it('export --from writes the same zip again, and never leaves a partial file', async () => {
    const out = join(dir, 'again.zip');
    expect(await main(['export', '--from', zipPath, '--out', out, '--quiet'], captureIo())).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const refused = captureIo();
    expect(await main(['export', '--from', zipPath, '--out', out], refused)).toBe(1);
    expect(refused.errors.join('')).toMatch(/exists already/);
  });

  it('says clearly when the file is not an export', async () => {
    const bogus = join(dir, 'bogus.zip');
    writeFileSync(bogus, 'hello');
    const io = captureIo();
    expect(await main(['read', '--from', bogus, '--out', join(dir, 'x')], io)).toBe(1);
    expect(io.errors.join('')).toMatch(/not a readable zip/);
    const missing = captureIo();
    expect(await main(['read', '--from', join(dir, 'nope.zip'), '--out', join(dir, 'y')], missing)).toBe(1);
    expect(missing.errors.join('')).toMatch(/Cannot open .*nope\.zip \(ENOENT\)/);
  });

  it('runs in plain Node through npm run read', async () => {
    const out = join(dir, 'plain');
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/cli.ts', 'read', '--from', zipPath, '--out', out], { cwd: process.cwd(), timeout: 60_000 });
    expect(stdout).toMatch(/Wrote 3 clips/);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  }, 60_000);
});
