/**
 * Shared helpers for the convention tests: walking the repository's source folders
 * and parsing files with the TypeScript compiler API (never regexes where syntax matters).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Repository root (the directory holding package.json). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Source extensions the TypeScript parser reads. */
export const CODE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** A path relative to the repository root, always with forward slashes (for messages and comparisons). */
export function rel(absolute: string): string {
  return relative(ROOT, absolute).split(sep).join('/');
}

/** Every file under `folder` (relative to the root), recursively, as root-relative paths, sorted. Dot-files and dot-folders are skipped. */
export function listFiles(folder: string, { includeDirs = false } = {}): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (includeDirs) out.push(rel(full) + '/');
        walk(full);
      } else out.push(rel(full));
    }
  };
  const start = join(ROOT, folder);
  if (existsSync(start)) walk(start);
  return out;
}

/** Code files (TypeScript or JavaScript) under the given root-relative folders. */
export function codeFiles(...folders: string[]): string[] {
  return folders.flatMap((f) => listFiles(f)).filter((f) => CODE_EXTENSIONS.some((ext) => f.endsWith(ext)) && !f.endsWith('.d.ts'));
}

export function read(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Parses `text` (named `file`) into a syntax tree, with parent pointers. */
export function parseSource(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
}

/**
 * Trees already built in this test file, by name and text: several tests walk the same files
 * (imports.test.ts parses every file under src/ four times), and parsing is most of their time.
 * Keyed by the text read now, so a file changed on disk is parsed afresh; callers only read trees.
 */
const parsed = new Map<string, { text: string; sf: ts.SourceFile }>();

/** Parses a root-relative file (once per text: the same tree again while the file is unchanged). */
export function parse(file: string): ts.SourceFile {
  const text = read(file);
  const hit = parsed.get(file);
  if (hit && hit.text === text) return hit.sf;
  const sf = parseSource(file, text);
  parsed.set(file, { text, sf });
  return sf;
}

/** The number of lines in `text`, as `wc -l` counts them for a file that ends with a newline. */
export function lineCount(text: string): number {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

/** One module reference in a file: where, what, and whether it is only a type. */
export interface ModuleRef {
  specifier: string;
  line: number;
  typeOnly: boolean;
  kind: 'import' | 'export' | 'dynamic import' | 'require' | 'import type node' | 'import =' | 'reference types';
}

/**
 * Every module a file refers to: static imports and re-exports (including `import type`),
 * `import x = require()`, dynamic `import()`, `require()`, type-level `import('…')`,
 * and `/// <reference types="…" />` directives.
 */
export function moduleRefs(sf: ts.SourceFile): ModuleRef[] {
  const refs: ModuleRef[] = [];
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      refs.push({ specifier: node.moduleSpecifier.text, line: lineOf(node), typeOnly, kind: 'import' });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      refs.push({ specifier: node.moduleSpecifier.text, line: lineOf(node), typeOnly: node.isTypeOnly, kind: 'export' });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      refs.push({ specifier: node.moduleReference.expression.text, line: lineOf(node), typeOnly: node.isTypeOnly, kind: 'import =' });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      refs.push({ specifier: node.argument.literal.text, line: lineOf(node), typeOnly: true, kind: 'import type node' });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const spec = (node.arguments[0] as ts.StringLiteralLike).text;
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) refs.push({ specifier: spec, line: lineOf(node), typeOnly: false, kind: 'dynamic import' });
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') refs.push({ specifier: spec, line: lineOf(node), typeOnly: false, kind: 'require' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  for (const ref of sf.typeReferenceDirectives) {
    refs.push({ specifier: ref.fileName, line: sf.getLineAndCharacterOfPosition(ref.pos).line + 1, typeOnly: true, kind: 'reference types' });
  }
  return refs;
}

/** WXT's path aliases (see .wxt/tsconfig.json): all of them point at the project root. */
const ALIASES = ['@@/', '~~/', '@/', '~/'];

/**
 * The root-relative path a specifier points into, for relative and aliased specifiers;
 * null for a package import.
 */
export function resolveLocal(fromFile: string, specifier: string): string | null {
  let target: string;
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    target = resolve(ROOT, dirname(fromFile), specifier);
  } else {
    const alias = ALIASES.find((a) => specifier.startsWith(a) || specifier === a.slice(0, -1));
    if (!alias) return null;
    target = resolve(ROOT, specifier.slice(alias.length));
  }
  return rel(target);
}

/** Is `path` (root-relative) inside the root-relative `folder`? */
export function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.replace(/\/$/, '') + '/');
}

/** "file:line" for messages. */
export function at(sf: ts.SourceFile, node: ts.Node): string {
  return `${sf.fileName}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
}
