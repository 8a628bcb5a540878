/**
 * Conventions enforced by tests, checked on what ships: the built bundles.
 *
 * - Test-only protocol calls (src/protocol/test-protocol.ts) exist only in test builds
 *   (`wxt build --mode test`). The production builds hold none of their names, and the test
 *   builds do hold them, which proves the check reads the right files.
 * - No production script compiles code at run time (`eval`, `new Function`, string timers):
 *   the extension's CSP (`script-src 'self' 'wasm-unsafe-eval'`) forbids it. Dependencies
 *   whose compile paths are known to be guarded are allowed, each by a fingerprint of its
 *   code, and listed in the output; any other site fails.
 *
 * - Each page's own stylesheets are in its HTML, allowed by its CSP (by hash where it allows no
 *   inline style), and the side panel's first paint loads only its entry and one chunk of shared
 *   code: each file an extension page loads is a request to the browser process, and a linked
 *   stylesheet holds back the page's scripts until it has loaded (issue 12).
 *
 * Runs on the builds `npm test` makes before the e2e tests; it never builds.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const PRODUCTION_BUILDS = [
  { dir: '.output/chrome-mv3', build: 'npm run build:all (or: npx wxt build -b chrome)' },
  { dir: '.output/firefox-mv2', build: 'npm run build:all (or: npx wxt build -b firefox)' },
];
const TEST_BUILDS = [
  { dir: '.output/chrome-mv3-test', build: 'npm run build:test (or: npx wxt build -b chrome --mode test)' },
  { dir: '.output/firefox-mv2-test', build: 'npm run build:test (or: npx wxt build -b firefox --mode test)' },
];

/** Names only test builds may contain: the test calls and the hook behind debugHoldDocumentWrites. */
const TEST_ONLY_NAMES = ['debugState', 'debugHoldDocumentWrites', 'simulateMenuClick', 'simulateCommand', 'holdDocumentWrites', 'debugSnapshotTab', '__commonplaceTestSnapshots', 'debugAttachImages', 'debugAttachSnapshot', 'debugClipMedia', 'debugMediaDocs', 'debugSyncRetry', 'debugSyncReconnect'];

/** Sources whose changes make a build stale. */
const SOURCES = ['src', 'entrypoints', 'extension', 'public', 'wxt.config.ts', 'package.json'];

const rel = (p: string) => relative(ROOT, p).split(sep).join('/');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

const isScript = (file: string) => /\.(m?js|cjs)$/.test(file);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
}

const staleWarned = new Set<string>();

/** The build's script files (root-relative), or a failure that says how to build it. */
function scriptsOf(build: { dir: string; build: string }): string[] {
  const abs = join(ROOT, build.dir);
  const manifest = join(abs, 'manifest.json');
  if (!existsSync(manifest)) throw new Error(`No build at ${build.dir}. Run \`${build.build}\` first.`);
  const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
  if (sourcesAt > statSync(manifest).mtimeMs && !staleWarned.has(build.dir)) {
    staleWarned.add(build.dir);
    console.warn(`[bundles] ${build.dir} is older than the sources; run \`${build.build}\` to check the current code.`);
  }
  const scripts = walk(abs).filter(isScript);
  if (scripts.length === 0) throw new Error(`${build.dir} holds no .js files. Rebuild it: \`${build.build}\`.`);
  return scripts.map(rel);
}

const fileCache = new Map<string, string>();
const readScript = (file: string) => fileCache.get(file) ?? fileCache.set(file, readFileSync(join(ROOT, file), 'utf8')).get(file)!;

/** "file: 'name' ×n, e.g. …context…" for each occurrence of a name in the build's scripts. */
function occurrences(scripts: string[], names: string[]): string[] {
  const found: string[] = [];
  for (const file of scripts) {
    const text = readScript(file);
    for (const name of names) {
      const first = text.indexOf(name);
      if (first === -1) continue;
      const count = text.split(name).length - 1;
      found.push(`${file}: '${name}' ×${count}, e.g. …${text.slice(Math.max(0, first - 60), first + name.length + 60).replace(/\s+/g, ' ')}…`);
    }
  }
  return found;
}

describe.each(PRODUCTION_BUILDS)('production build $dir', (build) => {
  it('holds none of the test-only calls', () => {
    expect(occurrences(scriptsOf(build), TEST_ONLY_NAMES), 'test-only code reached a production bundle: keep it behind `import.meta.env.MODE === "test"`').toEqual([]);
  });

  it('compiles no code at run time, except in known, guarded dependency code', () => {
    const unknown: string[] = [];
    const allowed: string[] = [];
    for (const file of scriptsOf(build)) {
      for (const site of dynamicCodeSites(file, readScript(file))) {
        if (site.knownAs) allowed.push(`${site.where} ${site.what} — ${site.knownAs}`);
        else unknown.push(`${site.where} ${site.what}: …${site.snippet}…`);
      }
    }
    if (allowed.length > 0) console.info(`[bundles] ${build.dir}: run-time compile sites allowed as guarded dependency code:\n  ${allowed.join('\n  ')}`);
    expect(unknown, "the extension's CSP forbids eval and new Function: remove it, or, if a dependency's guarded code, add a fingerprint to KNOWN_SITES with the reason it never runs").toEqual([]);
  });

  it("keeps the CSP free of 'unsafe-eval'", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, build.dir, 'manifest.json'), 'utf8')) as { content_security_policy?: string | Record<string, string> };
    const csp = manifest.content_security_policy;
    const policies = typeof csp === 'string' ? [csp] : Object.values(csp ?? {});
    expect(policies.length, `${build.dir}/manifest.json declares no content_security_policy`).toBeGreaterThan(0);
    for (const policy of policies) expect(policy).not.toMatch(/'unsafe-eval'/);
  });
});

describe.each(TEST_BUILDS)('test build $dir', (build) => {
  it('holds the test-only calls (so the production check reads the right files)', () => {
    const found = occurrences(scriptsOf(build), ['debugState']);
    expect(found.length, `no 'debugState' in ${build.dir}: is it really a --mode test build?`).toBeGreaterThan(0);
  });
});

/**
 * Strings only Preact's debug layer (preact/debug) and development JSX (a source location on
 * every element) put in a bundle. The test builds had both (`--mode test` made NODE_ENV 'test',
 * so Vite built in development), and the benchmarks timed that slower UI as the users' one.
 */
const DEVELOPMENT_MARKS = ['Undefined component passed to createElement', `fileName:"${ROOT}`];

describe.each([...PRODUCTION_BUILDS, ...TEST_BUILDS])('build $dir', (build) => {
  it("loads the side panel's first paint from two scripts, its styles inline (scripts/build/page-chunks.ts, inline-styles.ts)", () => {
    scriptsOf(build);
    const html = readFileSync(join(ROOT, build.dir, 'sidepanel.html'), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"|<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    const sheets = [...html.matchAll(/<link rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
    expect({ scripts: scripts.length, sheets }, `sidepanel.html loads ${scripts.join(', ')}`).toEqual({ scripts: 2, sheets: [] });
    // The design tokens and the list's own rules, in a <style> of the page.
    expect(html).toMatch(/<style>[^<]*--bg:[^<]*\.virtual-list[^<]*<\/style>/);
  });

  it("writes each page's own styles into it, each allowed by the page's CSP (scripts/build/inline-styles.ts)", () => {
    for (const name of ['sidepanel.html', 'popup.html', 'options.html', 'snapshot.html']) {
      const html = readFileSync(join(ROOT, build.dir, name), 'utf8');
      const styles = [...html.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1]!);
      expect(styles.length, `${name}: no inline style`).toBeGreaterThan(0);
      const styleSrc = /style-src ([^;"]*)/.exec(html)?.[1] ?? '';
      if (styleSrc.includes("'unsafe-inline'")) continue;
      for (const css of styles) expect(styleSrc, `${name}: a <style> its CSP does not allow`).toContain(`'sha256-${createHash('sha256').update(css).digest('base64')}'`);
    }
  });

  it('is a production build of the UI: no Preact debug layer, no development JSX', () => {
    const found = occurrences(scriptsOf(build), DEVELOPMENT_MARKS);
    expect(found, 'Vite built in development: is NODE_ENV production (wxt.config.ts)?').toEqual([]);
  });
});

describe('our own sources', () => {
  it('src/, extension/ and entrypoints/ never compile code at run time', () => {
    const offences: string[] = [];
    for (const folder of ['src', 'extension', 'entrypoints']) {
      for (const abs of walk(join(ROOT, folder)).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))) {
        for (const site of dynamicCodeSites(rel(abs), readFileSync(abs, 'utf8'))) offences.push(`${site.where} ${site.what}`);
      }
    }
    expect(offences, "the extension's CSP forbids eval and new Function").toEqual([]);
  });
});

/** Self-checks: the site finder sees every form and attributes the known ones. */
describe('the run-time compile finder', () => {
  const sites = (code: string) => dynamicCodeSites('sample.js', code);

  it.each([
    ['eval', 'eval("1+1")'],
    ['indirect eval', '(0, eval)("1+1")'],
    ['eval through the global object', 'globalThis.eval("x"); window["eval"]("y")'],
    ['new Function', 'new Function("a", "return a")'],
    ['Function called', 'Function("return this")()'],
    ['an alias of Function', 'const F = Function; new F("")'],
    ['an alias of eval', 'let e; e = eval;'],
    ['a string timer', 'setTimeout("alert(1)", 10); setInterval(`x`, 5)'],
  ])('finds %s', (_name, code) => {
    expect(sites(code).length).toBeGreaterThan(0);
    expect(sites(code).every((s) => s.knownAs === null)).toBe(true);
  });

  it.each([
    ['instanceof Function', 'x instanceof Function'],
    ['Function.prototype methods', 'const has = Function.call.bind(Object.prototype.hasOwnProperty)'],
    ['strings and properties', 'const s = "new Function(x)"; o.eval(1); o.Function = 2; const t = { eval: 1 }'],
    ['timers with callbacks', 'setTimeout(() => 1, 10)'],
  ])('ignores %s', (_name, code) => {
    expect(sites(code)).toEqual([]);
  });

  it("recognises zod's guarded sites (minified as they ship), and not cbor-x's eval probe (built without it)", () => {
    const zod =
      'const hm=Vo(()=>{if(typeof navigator<"u"&&navigator?.userAgent?.includes("Cloudflare"))return!1;try{const t=Function;return new t(""),!0}catch{return!1}});' +
      'class D{compile(){const e=Function,n=this?.args,i=[...(this?.content??[""]).map(a=>`  ${a}`)];return new e(...n,i.join(`\n`))}}';
    const cbor =
      'let Ad=2;try{new Function("")}catch{Ad=1/0}' +
      'function rd(n){if(s.slowReads++>=Ad){let a=this.length==n?this:this.slice(0,n);return r=Ve.keyMap?new Function("r","return {"+a.map(s=>s).join(",")+"}"):new Function("r","return {"+a.join(",")+"}")}}';
    expect(sites(zod).map((s) => s.knownAs?.split(':')[0])).toEqual(['zod allowsEval', 'zod Doc.compile']);
    expect(sites(cbor).length).toBe(3);
    expect(sites(cbor).every((s) => s.knownAs === null)).toBe(true);
  });
});

interface Site {
  where: string;
  what: string;
  snippet: string;
  /** Which known, guarded dependency code this is (with why it never runs), or null. */
  knownAs: string | null;
}

/**
 * Dependency code that holds a run-time compile site which never runs in our extension.
 * `match` sees the site and the text of its nearest enclosing function (or statement at
 * the top level), so fingerprints survive minification: they use strings and property names.
 */
const KNOWN_SITES: { name: string; why: string; match: (site: ts.Node, context: string, fn: ts.Node | undefined) => boolean }[] = [
  {
    name: 'zod allowsEval',
    why: 'evaluated only for the JIT fast path, which z.config({ jitless: true }) in src/schema/zod.ts turns off',
    match: (_s, context, fn) => !!fn && context.includes('"Cloudflare"') && context.includes('Function'),
  },
  {
    name: 'zod Doc.compile',
    why: 'builds the JIT object parser, never used under jitless (src/schema/zod.ts)',
    match: (_s, context, fn) => !!fn && ts.isMethodDeclaration(fn) && fn.name.getText() === 'compile' && context.includes('this?.content'),
  },
];

const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self', 'global']);
/** The most source text (characters) a fingerprint sees around a site. */
const MAX_CONTEXT = 4_000;
const COMPILERS = new Set(['eval', 'Function']);

/** Places in `text` (JavaScript or TypeScript) that compile code from strings at run time. */
function dynamicCodeSites(file: string, text: string): Site[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const sites: Site[] = [];
  const record = (node: ts.Node, what: string) => {
    const fn = enclosingFunction(node);
    // A bundle wraps everything in one function: past a few kB, the enclosing function says nothing about the site.
    const context = fn && fn.getWidth(sf) <= MAX_CONTEXT ? fn.getText(sf) : enclosingStatement(node).getText(sf).slice(0, MAX_CONTEXT);
    const matches = KNOWN_SITES.filter((k) => k.match(node, context, fn && fn.getWidth(sf) <= MAX_CONTEXT ? fn : undefined));
    // Two fingerprints on one site means neither is trustworthy: report it as unknown.
    const known = matches.length === 1 ? matches[0] : undefined;
    const start = node.getStart(sf);
    const { line, character } = sf.getLineAndCharacterOfPosition(start);
    sites.push({
      where: `${file}:${line + 1}:${character + 1}`,
      what,
      snippet: text.slice(Math.max(0, start - 80), node.getEnd() + 80).replace(/\s+/g, ' '),
      knownAs: known ? `${known.name}: ${known.why}` : null,
    });
  };
  /** `eval`, `Function`, `globalThis.eval`, `window['Function']`, `(0, eval)`. */
  const compilerNamed = (expr: ts.Expression): string | null => {
    while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
    if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.CommaToken) return compilerNamed(expr.right);
    if (ts.isIdentifier(expr) && COMPILERS.has(expr.text)) return expr.text;
    if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) && GLOBAL_OBJECTS.has(expr.expression.text) && COMPILERS.has(expr.name.text)) return expr.name.text;
    if (ts.isElementAccessExpression(expr) && ts.isIdentifier(expr.expression) && GLOBAL_OBJECTS.has(expr.expression.text) && ts.isStringLiteralLike(expr.argumentExpression) && COMPILERS.has(expr.argumentExpression.text)) {
      return expr.argumentExpression.text;
    }
    return null;
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = compilerNamed(node.expression);
      if (name) record(node, `${ts.isNewExpression(node) ? 'new ' : ''}${name}(…)`);
      const callee = node.expression;
      const first = node.arguments?.[0];
      if (ts.isCallExpression(node) && ts.isIdentifier(callee) && (callee.text === 'setTimeout' || callee.text === 'setInterval') && first && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first))) {
        record(node, `${callee.text}(string)`);
      }
    } else if (ts.isVariableDeclaration(node) && node.initializer && compilerNamed(node.initializer)) {
      record(node, `alias of ${compilerNamed(node.initializer)}`);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && compilerNamed(node.right)) {
      record(node, `alias of ${compilerNamed(node.right)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return sites;
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}

/** The nearest statement around `node` (the node itself for a declaration list's part). */
function enclosingStatement(node: ts.Node): ts.Node {
  let n = node;
  while (n.parent && !ts.isSourceFile(n.parent) && !(ts.isStatement(n) || ts.isVariableDeclaration(n))) n = n.parent;
  return n;
}
