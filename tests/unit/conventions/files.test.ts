/**
 * Conventions enforced by tests: files and folders.
 *
 * - Names are kebab-case (`clip-index.ts`, `index-db/`), so imports never differ by case
 *   between a case-insensitive and a case-sensitive file system. Preact component files
 *   in extension/ are named after their component (`ClipList.tsx`); READMEs are README.md.
 * - Every folder directly under src/ and extension/ has a README.md stating its contract.
 * - Domain files stay small enough to read in one sitting: ~300 lines is the target,
 *   350 the hard limit.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFiles, lineCount, listFiles, read, ROOT } from './repo';

/** Folders whose file and folder names are checked. */
const NAMED_FOLDERS = ['src', 'extension', 'entrypoints', 'tests', 'scripts'];
/** Folders whose direct subfolders each need a README.md. */
const DOCUMENTED_FOLDERS = ['src', 'extension'];
const HARD_LIMIT = 350;
const TARGET = 300;

/** `kebab-case`, with dot-separated kebab-case parts (`clip-index.test.ts`, `article-2.html`). */
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
/** A Preact component file: `ClipList.tsx`. */
const COMPONENT = /^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*\.tsx$/;

/** Why `path` (root-relative; folders end in '/') is misnamed, or null. */
function nameProblem(path: string): string | null {
  const isDir = path.endsWith('/');
  const name = path.replace(/\/$/, '').split('/').at(-1)!;
  if (!isDir && name === 'README.md') return null;
  if (!isDir && path.startsWith('extension/') && COMPONENT.test(name)) return null;
  if (KEBAB.test(name)) return null;
  if (!isDir && name.endsWith('.tsx') && /^[A-Z]/.test(name) && !path.startsWith('extension/')) return 'PascalCase component files belong in extension/';
  return 'not kebab-case';
}

describe('names', () => {
  it.each(NAMED_FOLDERS)('every file and folder name under %s/ is kebab-case', (folder) => {
    const offences = listFiles(folder, { includeDirs: true }).flatMap((p) => {
      const why = nameProblem(p);
      return why ? [`${p}: ${why}`] : [];
    });
    expect(offences).toEqual([]);
  });

  it('the naming rule itself', () => {
    for (const ok of ['src/index-db/', 'src/index-db/clip-index.ts', 'tests/unit/url/normalize.test.ts', 'tests/e2e/smoke.e2e.ts', 'tests/fixtures/pages/article-2.html', 'extension/ui/ClipList.tsx', 'extension/ui/UndoBar.tsx', 'src/README.md', 'extension/ui/page-toast.ts']) {
      expect(nameProblem(ok), ok).toBeNull();
    }
    for (const bad of ['src/indexDb/', 'src/library/clipRecord.ts', 'src/library/clip_record.ts', 'src/ui/ClipList.tsx', 'extension/ui/ClipList.ts', 'extension/ui/clipList.tsx', 'extension/ui/CLIP.tsx', 'scripts/Bench.ts', 'tests/unit/readme.MD', 'src/capture/-extract.ts', 'src/capture/extract--x.ts']) {
      expect(nameProblem(bad), bad).toEqual(expect.any(String));
    }
  });
});

describe('READMEs', () => {
  it.each(DOCUMENTED_FOLDERS)('every folder directly under %s/ has a non-empty README.md', (folder) => {
    const missing = readdirSync(join(ROOT, folder))
      .filter((n) => !n.startsWith('.') && statSync(join(ROOT, folder, n)).isDirectory())
      // Exact case (a case-insensitive file system would accept readme.md), and not empty.
      .filter((n) => !readdirSync(join(ROOT, folder, n)).includes('README.md') || read(`${folder}/${n}/README.md`).trim() === '')
      .map((n) => `${folder}/${n}/README.md`);
    expect(missing, 'say what the folder is for and its contract (see src/url/README.md)').toEqual([]);
  });
});

describe('file size', () => {
  const sizes = codeFiles('src')
    .map((file) => ({ file, lines: lineCount(read(file)) }))
    .sort((a, b) => b.lines - a.lines);

  it(`no code file in src/ is over ${HARD_LIMIT} lines (target: ~${TARGET})`, () => {
    const overTarget = sizes.filter((s) => s.lines > TARGET);
    if (overTarget.length > 0) {
      console.warn(`[conventions] src/ files over the ~${TARGET}-line target:\n${overTarget.map((s) => `  ${s.file}: ${s.lines} lines`).join('\n')}`);
    }
    const overLimit = sizes.filter((s) => s.lines > HARD_LIMIT).map((s) => `${s.file}: ${s.lines} lines`);
    expect(overLimit, `split these by responsibility (limit ${HARD_LIMIT}, target ~${TARGET})`).toEqual([]);
  });
});
