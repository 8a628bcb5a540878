import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../../scripts/cli/args';
import { main, printable } from '../../../scripts/cli/main';
import { EXPORT_FORMAT } from '../../../src/export/layout';
import { captureIo } from './helpers';

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'cp-cli-odd-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Any character a terminal takes as a control (ESC, BEL, CSI, CR...) or a bidi override. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('the command line on odd input', () => {
  it('never prints escape sequences an export holds to the terminal', async () => {
    // A crafted export: its manifest's library URL carries terminal escapes (OSC retitle, clear screen, RTL override).
    const evil = '\u001b]0;pwned\u0007\u001b[2J\u202e';
    const manifest = { format: EXPORT_FORMAT, formatVersion: 1, library: { url: `automerge:${evil}` }, documents: 'all' };
    const zip = join(dir, 'evil.zip');
    writeFileSync(zip, zipSync({ [`lib/manifest.json`]: strToU8(JSON.stringify(manifest)) }));
    const io = captureIo();
    expect(await main(['read', '--from', zip, '--out', join(dir, 'out-evil')], io)).toBe(1);
    const printed = [...io.lines, ...io.errors].join('\n');
    expect(printed).toMatch(/was not found/);
    expect(printed).not.toMatch(CONTROL);
    expect(printed).toContain('\\u001b');
  });

  it('calls a manifest without a numeric format version not an export, rather than "made by a newer Commonplace"', async () => {
    for (const formatVersion of [undefined, '2', null]) {
      const zip = join(dir, `no-version-${String(formatVersion)}.zip`);
      writeFileSync(zip, zipSync({ 'manifest.json': strToU8(JSON.stringify({ format: EXPORT_FORMAT, formatVersion, library: { url: 'automerge:x' }, documents: 'all' })) }));
      const io = captureIo();
      expect(await main(['read', '--from', zip, '--out', join(dir, 'out-nv')], io)).toBe(1);
      expect(io.errors.join('\n')).toMatch(/does not describe a Commonplace export/);
    }
  });

  it('printable keeps newlines, tabs and ordinary text (RTL letters, emoji) as they are', () => {
    const text = 'שלום\tعربى 😀\nline two';
    expect(printable(text)).toBe(text);
    expect(printable('a\rb\u009bc')).toBe('a\\u000db\\u009bc');
  });

  it('says an unzipped folder is not the zip, rather than failing with a stack trace', async () => {
    const folder = join(dir, 'an unzipped export');
    mkdirSync(folder);
    const io = captureIo();
    expect(await main(['read', '--from', folder, '--out', join(dir, 'out-folder')], io)).toBe(1);
    const printed = io.errors.join('\n');
    expect(printed).toMatch(/an unzipped export is a folder/);
    expect(printed).not.toMatch(/EISDIR|\n\s+at /);
  });

  it('names an unknown flag as unknown, even with a dash or capitals in it', () => {
    expect(() => parseArgs(['read', '--out-dir', 'x'])).toThrow('Unknown flag --out-dir.');
    expect(() => parseArgs(['read', '--Out=x'])).toThrow('Unknown flag --Out.');
    expect(() => parseArgs(['read', '-o', 'x'])).toThrow(/flags start with --/);
  });
});
