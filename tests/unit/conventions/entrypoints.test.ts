/**
 * Conventions enforced by tests: entrypoints only wire.
 *
 * `entrypoints/` holds WXT's entrypoints, one level deep: a script file (`background.ts`,
 * `content.ts`) or a folder holding `index.html` and its `main.ts(x)`. Each script connects
 * domain code (src/) and browser glue (extension/) to browser events, and nothing else:
 * logic that grows here is untestable in Node and duplicated between browsers.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { at, CODE_EXTENSIONS, isInside, lineCount, moduleRefs, parse, parseSource, read, resolveLocal, ROOT } from './repo';

const DIR = 'entrypoints';
/** An entry script must be shorter than this many lines. */
const MAX_LINES = 60;
/** At most this many top-level functions (declarations or `const f = () => …`) per entry script. */
const MAX_TOP_LEVEL_FUNCTIONS = 2;
/** What a folder entrypoint may hold. */
const FOLDER_FILES = new Set(['index.html', 'main.ts', 'main.tsx']);

const isCode = (name: string) => CODE_EXTENSIONS.some((ext) => name.endsWith(ext)) && !name.endsWith('.d.ts');

/** Top-level entries of entrypoints/, each with its type. */
const ENTRIES = readdirSync(join(ROOT, DIR))
  .filter((name) => !name.startsWith('.'))
  .sort()
  .map((name) => ({ name, path: `${DIR}/${name}`, isDir: statSync(join(ROOT, DIR, name)).isDirectory() }));

/** Every entry script: top-level code files and each folder's main.ts(x). */
const SCRIPTS = ENTRIES.flatMap((e) =>
  e.isDir
    ? readdirSync(join(ROOT, e.path))
        .filter((n) => n === 'main.ts' || n === 'main.tsx')
        .map((n) => `${e.path}/${n}`)
    : isCode(e.name)
      ? [e.path]
      : [],
);

const HTML_FILES = ENTRIES.flatMap((e) => (e.isDir ? [`${e.path}/index.html`] : e.name.endsWith('.html') ? [e.path] : []));

describe('entrypoints/ layout', () => {
  it('finds the entrypoints', () => {
    expect(SCRIPTS).toEqual(expect.arrayContaining([`${DIR}/background.ts`]));
  });

  it('is one level deep: files, or folders holding index.html and main.ts(x) only', () => {
    const offences: string[] = [];
    for (const e of ENTRIES.filter((x) => x.isDir)) {
      const names = readdirSync(join(ROOT, e.path)).filter((n) => !n.startsWith('.'));
      for (const n of names) {
        if (statSync(join(ROOT, e.path, n)).isDirectory()) offences.push(`${e.path}/${n}/ is a nested folder`);
        else if (!FOLDER_FILES.has(n)) offences.push(`${e.path}/${n}: a folder entrypoint holds only ${[...FOLDER_FILES].join(', ')}; move it to extension/`);
      }
      if (!names.includes('index.html')) offences.push(`${e.path}/ has no index.html`);
      const mains = names.filter((n) => n === 'main.ts' || n === 'main.tsx');
      if (mains.length !== 1) offences.push(`${e.path}/ must have exactly one main.ts or main.tsx (has ${mains.length})`);
    }
    expect(offences).toEqual([]);
  });

  it("each page's HTML loads only its own main script, with no inline script or handler (the CSP forbids them)", () => {
    const offences: string[] = [];
    for (const file of HTML_FILES) {
      const html = read(file).replace(/<!--[\s\S]*?-->/g, '');
      for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
        const src = /\bsrc\s*=\s*["']([^"']*)["']/i.exec(m[1]!)?.[1];
        if (m[2]!.trim() !== '') offences.push(`${file}: inline <script>`);
        else if (!src || !/^\.\/main\.tsx?$/.test(src)) offences.push(`${file}: <script src="${src ?? ''}"> (expected ./main.ts or ./main.tsx)`);
      }
      for (const m of html.matchAll(/<[a-z][^>]*\s(on[a-z]+)\s*=/gi)) offences.push(`${file}: inline handler ${m[1]}=`);
    }
    expect(offences).toEqual([]);
  });
});

describe.each(SCRIPTS)('%s stays thin', (file) => {
  const sf = parse(file);

  it(`is under ${MAX_LINES} lines`, () => {
    expect(lineCount(sf.text), `${file}: move logic into extension/ or src/`).toBeLessThan(MAX_LINES);
  });

  it('declares no class', () => {
    expect(classesIn(sf)).toEqual([]);
  });

  it(`has at most ${MAX_TOP_LEVEL_FUNCTIONS} top-level functions`, () => {
    expect(topLevelFunctions(sf).length, `${file}: ${topLevelFunctions(sf).join(', ')}`).toBeLessThanOrEqual(MAX_TOP_LEVEL_FUNCTIONS);
  });

  it('imports only wxt, preact, extension/, src/ and CSS', () => {
    expect(importProblems(file, sf)).toEqual([]);
  });
});

/** Self-checks: the thinness rules catch what they must. */
describe('the entrypoint checker', () => {
  const sample = parseSource(
    `${DIR}/sample/main.tsx`,
    `
    import { render } from 'preact';
    import { useState } from 'preact/hooks';
    import { browser } from 'wxt/browser';
    import '../../extension/ui/theme.css';
    import './local.css';
    import { Popup } from '../../extension/ui/Popup';
    import { call } from '../../src/protocol/protocol';
    import { z } from '../../src/schema/zod';
    import Dexie from 'dexie';
    import { x } from '../other/main';
    import { y } from '../../scripts/start';
    import { w } from '@/src/url/normalize';
    function a() {}
    function b() {}
    const c = () => 1;
    const d = 2;
    export default function () {}
    const K = class {};
    class Service {}
    `,
  );

  it('allows wxt, preact, ../../extension, ../../src and CSS, and flags the rest', () => {
    expect(importProblems(sample.fileName, sample).map((p) => p.split("'")[1])).toEqual(['dexie', '../other/main', '../../scripts/start', '@/src/url/normalize']);
  });

  it('counts function declarations and functions bound to top-level constants', () => {
    expect(topLevelFunctions(sample)).toEqual(['a', 'b', 'c', 'default']);
  });

  it('finds class declarations and expressions', () => {
    expect(classesIn(sample)).toHaveLength(2);
  });

  it('wants ../ from a top-level file and ../../ from a folder', () => {
    const top = parseSource(`${DIR}/background.ts`, "import { a } from '../src/a';\nimport { b } from '../../src/b';");
    expect(importProblems(top.fileName, top)).toEqual([expect.stringContaining("'../../src/b'")]);
  });
});

/** Import specifiers outside what an entry script may use. */
function importProblems(file: string, sf: ts.SourceFile): string[] {
  const up = file.split('/').length === 2 ? '../' : '../../';
  const allowedPackage = (s: string) => s === 'wxt' || s.startsWith('wxt/') || s === 'preact' || s.startsWith('preact/');
  return moduleRefs(sf)
    .filter((ref) => {
      const s = ref.specifier;
      if (allowedPackage(s)) return false;
      if (s.endsWith('.css') && (s.startsWith('./') || s.startsWith(up))) return false;
      if (s.startsWith(`${up}src/`) || s.startsWith(`${up}extension/`)) {
        const target = resolveLocal(file, s)!;
        return !(isInside(target, 'src') || isInside(target, 'extension'));
      }
      return true;
    })
    .map((ref) => `${file}:${ref.line} imports '${ref.specifier}': entrypoints import only wxt, preact, ${up}src/…, ${up}extension/… and CSS`);
}

/** Names of top-level function declarations and of top-level constants bound to a function. */
function topLevelFunctions(sf: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s)) names.push(s.name?.text ?? 'default');
    else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        let init = d.initializer;
        while (init && (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) names.push(d.name.getText(sf));
      }
    } else if (ts.isExportAssignment(s) && (ts.isArrowFunction(s.expression) || ts.isFunctionExpression(s.expression))) names.push('default');
  }
  return names;
}

/** Every class declaration or expression, anywhere in the file. */
function classesIn(sf: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) found.push(`${at(sf, node)} class ${node.name?.text ?? '(anonymous)'}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
