/**
 * Conventions enforced by tests: who may import what.
 *
 * - `src/` is the pure domain: it runs in Node (unit tests) and every extension context,
 *   so it never imports WXT or the WebExtension polyfill, and never touches the `browser`
 *   or `chrome` globals. Anything a browser provides is passed in (src/README.md).
 * - Zod is imported only through `src/schema/zod.ts`, which turns on `jitless` so zod never
 *   probes `new Function` under the extension's CSP.
 * - `src/` never imports from `extension/` or `entrypoints/` (the glue depends on the
 *   domain, never the other way round).
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { codeFiles, isInside, moduleRefs, parse, parseSource, read, rel, resolveLocal, ROOT } from './repo';

const SRC_FILES = codeFiles('src');

/** Browser-extension packages the domain must not import, as a test on a specifier. */
const FORBIDDEN_IN_SRC: { name: string; test: (spec: string) => boolean }[] = [
  { name: 'wxt', test: (s) => s === 'wxt' || s.startsWith('wxt/') },
  { name: 'webextension-polyfill', test: (s) => s === 'webextension-polyfill' || s.startsWith('webextension-polyfill/') },
  { name: '@wxt-dev/*', test: (s) => s.startsWith('@wxt-dev/') },
  // `/// <reference types="chrome" />` or `import type … from 'chrome'` (the @types/chrome namespace).
  { name: 'chrome types', test: (s) => s === 'chrome' || s === '@types/chrome' || s === '@types/webextension-polyfill' },
];

/** The browser's extension-API globals. */
const EXTENSION_GLOBALS = new Set(['browser', 'chrome']);
/** Identifiers that name the global object, through which a global can be reached as a property. */
const GLOBAL_OBJECTS = new Set(['globalThis', 'self', 'window', 'global']);

describe('src/ does not depend on the browser', () => {
  it('finds the domain sources', () => {
    expect(SRC_FILES.length).toBeGreaterThan(10);
  });

  it('no file under src/ imports wxt, wxt/*, webextension-polyfill or @wxt-dev/*', () => {
    const offences: string[] = [];
    for (const file of SRC_FILES) {
      for (const ref of moduleRefs(parse(file))) {
        const rule = FORBIDDEN_IN_SRC.find((r) => r.test(ref.specifier));
        if (rule) offences.push(`${file}:${ref.line} ${ref.kind} '${ref.specifier}' (${rule.name}${ref.typeOnly ? ', even as a type' : ''})`);
      }
    }
    expect(offences, 'src/ must stay browser-free: pass what the browser provides in from extension/').toEqual([]);
  });

  it('no file under src/ uses the `browser` or `chrome` globals', () => {
    const sources = new Map(SRC_FILES.map((f) => [f, read(f)]));
    expect(extensionGlobalRefs(sources), 'src/ must not reach the extension APIs: take them as parameters from extension/').toEqual([]);
  });

  it('src/ never imports from extension/ or entrypoints/', () => {
    const offences: string[] = [];
    for (const file of SRC_FILES) {
      for (const ref of moduleRefs(parse(file))) {
        const target = resolveLocal(file, ref.specifier);
        if (target === null) continue;
        if (!isInside(target, 'src')) offences.push(`${file}:${ref.line} imports '${ref.specifier}' (${target}), outside src/`);
      }
    }
    expect(offences, 'the domain must not depend on the browser glue (extension/) or the entrypoints').toEqual([]);
  });
});

describe('zod comes only through src/schema/zod.ts', () => {
  const WRAPPER = 'src/schema/zod.ts';

  it('the wrapper exists and turns jitless on', () => {
    const sf = parse(WRAPPER);
    const jitless: ts.Node[] = [];
    const visit = (node: ts.Node) => {
      if (
        ts.isPropertyAssignment(node) &&
        (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) &&
        node.name.text === 'jitless' &&
        node.initializer.kind === ts.SyntaxKind.TrueKeyword
      ) {
        jitless.push(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    expect(jitless.length, `${WRAPPER} must call z.config({ jitless: true })`).toBeGreaterThan(0);
    expect(moduleRefs(sf).some((r) => isZod(r.specifier))).toBe(true);
  });

  it('no file in src/, extension/, entrypoints/, scripts/ or tests/ imports zod directly', () => {
    const offences: string[] = [];
    for (const file of codeFiles('src', 'extension', 'entrypoints', 'scripts', 'tests')) {
      if (file === WRAPPER) continue;
      for (const ref of moduleRefs(parse(file))) {
        if (isZod(ref.specifier)) offences.push(`${file}:${ref.line} ${ref.kind} '${ref.specifier}'${ref.typeOnly ? ' (type-only)' : ''}`);
      }
    }
    expect(offences, `import { z } from '…/schema/zod' instead, so zod is configured jitless before anything uses it`).toEqual([]);
  });
});

/** Self-checks: the detector flags what it must and nothing else. */
describe('the extension-global detector', () => {
  const flagged = (code: string) => extensionGlobalRefs(new Map([['src/sample.ts', code]])).length;

  it.each([
    ['a call on chrome', 'chrome.runtime.sendMessage({});'],
    ['a call on browser', 'export async function f() { return browser.tabs.query({}); }'],
    ['a typeof guard', "export const hasChrome = typeof chrome !== 'undefined';"],
    ['a type from the chrome namespace', 'export let port: chrome.runtime.Port | undefined;'],
    ['a typeof type query', 'export type Api = typeof browser;'],
    ['a shorthand property', 'export const api = { browser };'],
    ['a re-export of the global', 'export { chrome };'],
    ['a global declared ambiently', 'declare const chrome: any; export const id = chrome.runtime.id;'],
    ['a global declared in declare global', 'declare global { var browser: any } export const id = browser.runtime.id;'],
    ['a property of globalThis', 'export const api = globalThis.chrome;'],
    ['an element of globalThis', "export const api = (globalThis as any)['browser'];"],
    ['a property of self', 'export const api = self.browser;'],
    ['a reference inside a nested function', 'export function outer() { return () => chrome; }'],
  ])('flags %s', (_name, code) => {
    expect(flagged(code)).toBeGreaterThan(0);
  });

  it.each([
    ['comments and strings', "// chrome.runtime.sendMessage()\n/** Uses `browser.tabs` */\nexport const s = 'chrome.runtime' + `browser`;"],
    ['property names in accesses', 'export const f = (o: any) => o.browser.x + o?.chrome;'],
    ['object-literal keys', "export const o = { browser: 1, chrome: 2, 'chrome': 3 };"],
    ['type members', 'export type T = { chrome: string; browser(): void }; export interface I { browser: number }'],
    ['class members', 'export class C { chrome = 1; browser() { return this.chrome; } }'],
    ['a parameter', 'export function f(browser: { id: string }) { return browser.id; }'],
    ['a local variable', 'export function f() { const chrome = { id: 1 }; return chrome.id; }'],
    ['a destructured binding', 'export function f(env: any) { const { browser } = env; return browser.x; }'],
    ['a renamed destructuring key', 'export function f(env: any) { const { chrome: c } = env; return c; }'],
    ['enum members', 'export enum Kind { chrome, browser }'],
    ['an ordinary global property', "export const w = globalThis.setTimeout; export const label = 'browser';"],
  ])('ignores %s', (_name, code) => {
    expect(flagged(code)).toBe(0);
  });
});

/** Self-checks: the module-reference reader sees every way of importing, and only those. */
describe('the import reader', () => {
  it('sees static, type-only, re-exported, dynamic, required, type-level and triple-slash references', () => {
    const sf = parseSource(
      'src/sample.ts',
      [
        '/// <reference types="chrome" />',
        "import { z } from 'zod';",
        "import type { ZodType } from 'zod/v4';",
        "export * from 'webextension-polyfill';",
        "export const later = () => import('wxt/browser');",
        "const cjs = require('@wxt-dev/storage');",
        "type T = import('zod').ZodType;",
        "import x = require('wxt');",
        'const s = "import { z } from \'not-a-module\'";',
      ].join('\n'),
    );
    expect(moduleRefs(sf).map((r) => [r.specifier, r.kind, r.typeOnly])).toEqual([
      ['zod', 'import', false],
      ['zod/v4', 'import', true],
      ['webextension-polyfill', 'export', false],
      ['wxt/browser', 'dynamic import', false],
      ['@wxt-dev/storage', 'require', false],
      ['zod', 'import type node', true],
      ['wxt', 'import =', false],
      ['chrome', 'reference types', true],
    ]);
  });

  it('resolves relative and WXT-aliased specifiers to root-relative paths', () => {
    expect(resolveLocal('src/library/library.ts', '../../extension/messaging')).toBe('extension/messaging');
    expect(resolveLocal('src/library/library.ts', '../schema/zod')).toBe('src/schema/zod');
    expect(resolveLocal('src/library/library.ts', '@/entrypoints/background')).toBe('entrypoints/background');
    expect(resolveLocal('src/library/library.ts', '~~/extension/ui/Popup')).toBe('extension/ui/Popup');
    expect(resolveLocal('src/library/library.ts', 'dexie')).toBeNull();
    expect(isInside('extension/messaging', 'src')).toBe(false);
    expect(isInside('src/schema/zod', 'src')).toBe(true);
    expect(isInside('srcs/x', 'src')).toBe(false);
  });
});

function isZod(specifier: string): boolean {
  return specifier === 'zod' || specifier.startsWith('zod/');
}

/**
 * Every use of `browser` or `chrome` as a free variable (resolved to no declaration in its own
 * file, or only to an ambient `declare`), including type positions such as `chrome.runtime.Port`
 * and `typeof browser`, plus `globalThis.chrome`-style reads. Uses the type checker's name
 * resolution, so parameters, locals and destructured bindings of those names are fine.
 * `sources` maps root-relative file names to their text.
 */
function extensionGlobalRefs(sources: Map<string, string>): string[] {
  const byAbsolute = new Map([...sources].map(([file, text]) => [join(ROOT, file), { file, text }]));
  // No lib, no module resolution: only the given files. A name that resolves nowhere in them is a global.
  const options: ts.CompilerOptions = {
    noLib: true,
    noResolve: true,
    types: [],
    allowJs: true,
    noEmit: true,
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    jsx: ts.JsxEmit.Preserve,
  };
  const host = ts.createCompilerHost(options, true);
  host.getCurrentDirectory = () => ROOT;
  host.fileExists = (name) => byAbsolute.has(name);
  host.readFile = (name) => byAbsolute.get(name)?.text;
  host.getSourceFile = (name, languageVersion) => {
    const entry = byAbsolute.get(name);
    if (!entry) return undefined;
    const kind = entry.file.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.[mc]?jsx?$/.test(entry.file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    return ts.createSourceFile(entry.file, entry.text, languageVersion, true, kind);
  };
  const program = ts.createProgram([...byAbsolute.keys()], options, host);
  const checker = program.getTypeChecker();
  const offences: string[] = [];

  for (const sf of program.getSourceFiles()) {
    // The program names files by absolute path; messages use root-relative ones.
    const where = (node: ts.Node) => `${rel(sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
    const isLocalBinding = (symbol: ts.Symbol | undefined) =>
      !!symbol?.declarations?.some((d) => d.getSourceFile() === sf && !isAmbient(d));
    const isGlobalObject = (expr: ts.Expression) =>
      ts.isIdentifier(expr) && GLOBAL_OBJECTS.has(expr.text) && !isLocalBinding(checker.getSymbolAtLocation(expr));

    const visit = (node: ts.Node) => {
      if (ts.isIdentifier(node) && EXTENSION_GLOBALS.has(node.text) && isReference(node)) {
        const parent = node.parent;
        const symbol = ts.isShorthandPropertyAssignment(parent)
          ? checker.getShorthandAssignmentValueSymbol(parent)
          : ts.isExportSpecifier(parent)
            ? checker.getExportSpecifierLocalTargetSymbol(parent)
            : checker.getSymbolAtLocation(node);
        if (!isLocalBinding(symbol)) offences.push(`${where(node)} uses the global \`${node.text}\``);
      } else if (ts.isPropertyAccessExpression(node) && EXTENSION_GLOBALS.has(node.name.text) && isGlobalObject(node.expression)) {
        offences.push(`${where(node)} reads \`${node.getText(sf)}\``);
      } else if (
        ts.isElementAccessExpression(node) &&
        ts.isStringLiteralLike(node.argumentExpression) &&
        EXTENSION_GLOBALS.has(node.argumentExpression.text) &&
        isGlobalObject(skipOuter(node.expression))
      ) {
        offences.push(`${where(node)} reads \`${node.getText(sf)}\``);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return offences;
}

/** Is this declaration only a `declare` (itself or inside `declare global`/`declare module`), or in a .d.ts? */
function isAmbient(node: ts.Node): boolean {
  if (node.getSourceFile().isDeclarationFile) return true;
  for (let n: ts.Node | undefined = node; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.canHaveModifiers(n) && ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return true;
  }
  return false;
}

/** `(x as any)`, `(x)`, `x!` → `x`. */
function skipOuter(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isTypeAssertionExpression(expr) || ts.isSatisfiesExpression(expr)) {
    expr = expr.expression;
  }
  return expr;
}

/**
 * Is this identifier a use of a variable or namespace (rather than a property or member
 * name, a declaration's own name, a label, or an import's name, which the import rules cover)?
 */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) && (ts.isPropertyAccessExpression(p) ? p.name : p.right) === id) return false;
  if (ts.isImportTypeNode(p) && p.qualifier === id) return false;
  if (
    (ts.isPropertyAssignment(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isPropertySignature(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isMethodSignature(p) ||
      ts.isGetAccessorDeclaration(p) ||
      ts.isSetAccessorDeclaration(p) ||
      ts.isEnumMember(p) ||
      ts.isJsxAttribute(p) ||
      ts.isNamedTupleMember(p)) &&
    p.name === id
  ) {
    return false;
  }
  // Declarations' own names.
  if (
    (ts.isVariableDeclaration(p) ||
      ts.isParameter(p) ||
      ts.isBindingElement(p) ||
      ts.isFunctionDeclaration(p) ||
      ts.isFunctionExpression(p) ||
      ts.isClassDeclaration(p) ||
      ts.isClassExpression(p) ||
      ts.isInterfaceDeclaration(p) ||
      ts.isTypeAliasDeclaration(p) ||
      ts.isEnumDeclaration(p) ||
      ts.isModuleDeclaration(p) ||
      ts.isTypeParameterDeclaration(p) ||
      ts.isImportClause(p) ||
      ts.isNamespaceImport(p) ||
      ts.isNamespaceExport(p) ||
      ts.isImportEqualsDeclaration(p)) &&
    p.name === id
  ) {
    return false;
  }
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isImportSpecifier(p)) return false;
  if (ts.isExportSpecifier(p)) {
    // `export { x as chrome }` names an export; `export { chrome } from 'm'` re-exports another module's.
    if (p.parent.parent.moduleSpecifier) return false;
    return (p.propertyName ?? p.name) === id;
  }
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p) || ts.isMetaProperty(p)) return false;
  return true;
}
