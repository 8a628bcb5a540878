/**
 * `npm run export` writes its zip through `zipFileSink` (scripts/cli/files.ts), which calls
 * `FileHandle.write(buffer)` once per flush and ignores `bytesWritten`. A write on a disk that
 * fills up returns the bytes that fitted (POSIX write(2): a short count, no error; only the
 * next write fails with ENOSPC). When that happens on the last flush, no later write reports
 * it: the truncated zip is synced, renamed into place and the command says "Exported". Here
 * the disk is simulated by a file handle whose writes stop at a capacity, as the kernel's do.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/** Bytes the simulated disk still takes across every `.partial` file; Infinity: a normal disk. */
const disk = vi.hoisted(() => ({ room: Number.POSITIVE_INFINITY }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = (async (path: Parameters<typeof real.open>[0], ...rest: unknown[]) => {
    const handle = await (real.open as (...a: unknown[]) => ReturnType<typeof real.open>)(path, ...rest);
    if (!String(path).endsWith('.partial')) return handle;
    return new Proxy(handle, {
      get(target, prop) {
        if (prop === 'write') {
          // write(buffer[, offset[, length[, position]]]): as the kernel does on a disk filling up, a
          // short count for what fitted, then ENOSPC.
          return async (buffer: Uint8Array, offset = 0, length = buffer.byteLength - offset, position: number | null = null) => {
            if (disk.room <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            const n = Math.min(length, disk.room);
            disk.room -= n;
            return target.write(buffer, offset, n, position);
          };
        }
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  }) as typeof real.open;
  return { ...real, default: { ...real, open }, open };
});

const { main } = await import('../../../scripts/cli/main');
const { repoSource } = await import('../../../src/export/repo-source');
const { openLibrary, page } = await import('../library/helpers');
const { captureIo, exportToMemory } = await import('../export/helpers');

let dir: string;
let zipPath: string;
let fullSize: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-xrev-disk-'));
  const lib = await openLibrary();
  for (let i = 0; i < 5; i++) await lib.library.save(page({ title: `Clip ${i}`, pageUrl: `https://a.example/${i}`, canonicalUrl: null, html: `<p>Article ${i}.</p>`, text: `Article ${i}.` }));
  await lib.library.settled();
  zipPath = join(dir, 'source.zip');
  writeFileSync(zipPath, (await exportToMemory(repoSource(lib.repo, lib.url))).bytes);
  // The size the CLI's own export of it comes to, on a disk with room.
  const probe = join(dir, 'probe.zip');
  expect(await main(['export', '--from', zipPath, '--out', probe, '--quiet'], captureIo())).toBe(0);
  fullSize = statSync(probe).size;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export on a disk that fills up', () => {
  it('reports a failure and leaves no truncated zip when the disk fills during the last write', async () => {
    const out = join(dir, 'library.zip');
    disk.room = fullSize - 4096;
    const io = captureIo();
    let code: number;
    try {
      code = await main(['export', '--from', zipPath, '--out', out, '--quiet'], io);
    } finally {
      disk.room = Number.POSITIVE_INFINITY;
    }
    // Either it failed and left nothing under the zip's name, or (had it found room after all) the zip is whole.
    const left = existsSync(out) ? statSync(out).size : null;
    if (left === null) expect(code).not.toBe(0);
    else expect({ code, bytes: left }, io.lines.join(' ')).toEqual({ code: 0, bytes: fullSize });
  });
});
