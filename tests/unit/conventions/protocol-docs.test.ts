/**
 * Conventions enforced by tests: the protocol documents itself.
 *
 * Every call between extension contexts is declared once, in a call map of
 * src/protocol/protocol.ts (or, for test-only calls, in the object `testCalls()` returns in
 * src/protocol/test-protocol.ts). Each entry is `name: call(requestSchema, responseSchema)`
 * with a TSDoc comment saying what it does, and a method name means one thing per direction.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { at, parse, parseSource } from './repo';

const PROTOCOL = 'src/protocol/protocol.ts';
const TEST_PROTOCOL = 'src/protocol/test-protocol.ts';

/** The call maps the rest of the code relies on; finding fewer means this test lost track of the file. */
const EXPECTED_MAPS = ['uiToBackground', 'backgroundToContent', 'backgroundToOffscreen'];

/**
 * Which channel each map travels on. Test calls are UI → background messages served next to
 * `uiToBackground` (the background tries the production server first), so a name in both
 * would be shadowed.
 */
const DIRECTION: Record<string, string> = { testCalls: 'uiToBackground' };
const directionOf = (map: string) => DIRECTION[map] ?? map;

interface CallMap {
  name: string;
  object: ts.ObjectLiteralExpression;
  sf: ts.SourceFile;
}

describe('protocol call maps', () => {
  const maps = [...callMapsIn(parse(PROTOCOL)), testCallsMap(parse(TEST_PROTOCOL))];

  it(`finds ${EXPECTED_MAPS.join(', ')} in ${PROTOCOL} and testCalls() in ${TEST_PROTOCOL}`, () => {
    expect(maps.map((m) => m.name)).toEqual(expect.arrayContaining([...EXPECTED_MAPS, 'testCalls']));
  });

  it('every entry is `name: call(request, response)`', () => {
    expect(maps.flatMap((m) => entries(m).problems)).toEqual([]);
  });

  it('every call has a TSDoc comment of real text', () => {
    const offences = maps.flatMap((m) =>
      entries(m).props.flatMap((p) => {
        const why = docProblem(m.sf, p);
        return why ? [`${at(m.sf, p)} ${m.name}.${propName(p)}: ${why}`] : [];
      }),
    );
    expect(offences, 'document each call with /** what it does, who sends it, what it returns */').toEqual([]);
  });

  it('key names are unique within a map', () => {
    const offences = maps.flatMap((m) => duplicates(entries(m).props.map(propName)).map((k) => `${m.name} declares '${k}' more than once`));
    expect(offences).toEqual([]);
  });

  it('no method name appears in two maps of the same direction (uiToBackground vs testCalls)', () => {
    expect(sameDirectionClashes(maps), 'the background would serve only one of them').toEqual([]);
  });
});

/** Self-checks on a made-up protocol: the rules catch what they must. */
describe('the protocol checker', () => {
  const sample = parseSource(
    'src/protocol/sample.ts',
    `
    import { call, Empty } from './protocol';
    const helper = { notACall: 1 };
    export const uiToBackground = {
      /** Liveness and version; wakes a stopped worker. */
      ping: call(Empty, Empty),
      /** Undoes deleteClip. */
      restoreClip: call(Empty, Empty),
      undocumented: call(Empty, Empty),
      // A line comment is not TSDoc.
      lineComment: call(Empty, Empty),
      /* Neither is a plain block comment. */
      blockComment: call(Empty, Empty),
      /** */
      empty: call(Empty, Empty),
      /** TODO */
      placeholder: call(Empty, Empty),
      /** blockComment2 */
      blockComment2: call(Empty, Empty),
      /** @deprecated */
      onlyTags: call(Empty, Empty),
      /** Fine. */
      tooShort: call(Empty, Empty),
      /** Documented, but the doc belongs to the next line's neighbour. */
      other: 1,
    } as const;
    export function testCalls() {
      const inner = () => ({ notThis: call(Empty, Empty) });
      return {
        /** Runs the same handler as the keyboard shortcut. */
        ping: call(Empty, Empty),
      };
    }
    `,
  );
  const [map] = callMapsIn(sample);
  const docs = Object.fromEntries(entries(map!).props.map((p) => [propName(p), docProblem(sample, p)]));

  it('finds call maps, not other objects', () => {
    expect(callMapsIn(sample).map((m) => m.name)).toEqual(['uiToBackground']);
  });

  it('accepts real text, however short', () => {
    expect(docs.ping).toBeNull();
    expect(docs.restoreClip).toBeNull();
  });

  it('rejects a missing, non-TSDoc, empty, placeholder, name-only or tag-only comment', () => {
    for (const key of ['undocumented', 'lineComment', 'blockComment', 'empty', 'placeholder', 'blockComment2', 'onlyTags', 'tooShort']) {
      expect(docs[key], key).toEqual(expect.any(String));
    }
  });

  it('rejects an entry that is not a call', () => {
    expect(entries(map!).problems).toEqual([expect.stringContaining("uiToBackground.other is not `call(request, response)`")]);
  });

  it("reads testCalls()'s own returned object, not a nested function's", () => {
    const tc = testCallsMap(sample);
    expect(entries(tc).props.map(propName)).toEqual(['ping']);
  });

  it('notices a name shared by uiToBackground and testCalls, but not by maps of different directions', () => {
    const tc = testCallsMap(sample);
    expect(sameDirectionClashes([map!, tc])).toEqual(['ping is in uiToBackground and testCalls']);
    expect(sameDirectionClashes([map!, { ...tc, name: 'backgroundToContent' }])).toEqual([]);
  });
});

/** `(x)`, `x as const`, `x satisfies T` → `x`. */
function unwrap(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr)) expr = expr.expression;
  return expr;
}

/** `call(…)` (any number of arguments), or null. */
function callOfCall(expr: ts.Expression): ts.CallExpression | null {
  const inner = unwrap(expr);
  return ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === 'call' ? inner : null;
}

/** "name is in mapA and mapB" for each call name declared in two maps of one direction. */
function sameDirectionClashes(maps: CallMap[]): string[] {
  const owners = new Map<string, string[]>();
  for (const m of maps) {
    for (const key of new Set(entries(m).props.map(propName))) {
      const id = `${directionOf(m.name)} ${key}`;
      owners.set(id, [...(owners.get(id) ?? []), m.name]);
    }
  }
  return [...owners].filter(([, names]) => names.length > 1).map(([id, names]) => `${id.split(' ')[1]} is in ${names.join(' and ')}`);
}

/** Top-level `const name = { … }` objects with at least one `call(…)` entry: the call maps. */
function callMapsIn(sf: ts.SourceFile): CallMap[] {
  const maps: CallMap[] = [];
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
      const object = unwrap(decl.initializer);
      if (ts.isObjectLiteralExpression(object) && object.properties.some((p) => ts.isPropertyAssignment(p) && callOfCall(p.initializer))) {
        maps.push({ name: decl.name.text, object, sf });
      }
    }
  }
  return maps;
}

/** The object literal `testCalls()` returns (its own `return`, not one of a nested function). */
function testCallsMap(sf: ts.SourceFile): CallMap {
  let body: ts.ConciseBody | undefined;
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === 'testCalls') body = statement.body;
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === 'testCalls' && d.initializer) {
          const fn = unwrap(d.initializer);
          if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) body = fn.body;
        }
      }
    }
  }
  if (!body) throw new Error(`${sf.fileName}: no function testCalls() found`);
  const returned: ts.Expression[] = [];
  if (!ts.isBlock(body)) returned.push(body);
  else {
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
      ts.forEachChild(node, visit);
    };
    body.statements.forEach(visit);
  }
  const objects = returned.map(unwrap).filter(ts.isObjectLiteralExpression);
  if (objects.length !== 1 || returned.length !== 1) {
    throw new Error(`${sf.fileName}: testCalls() must return exactly one object literal of calls (found ${returned.length} returns, ${objects.length} object literals)`);
  }
  return { name: 'testCalls', object: objects[0]!, sf };
}

/** A map's `name: call(…)` entries, and a note for each entry of another shape. */
function entries(map: CallMap): { props: ts.PropertyAssignment[]; problems: string[] } {
  const props: ts.PropertyAssignment[] = [];
  const problems: string[] = [];
  for (const p of map.object.properties) {
    const where = `${at(map.sf, p)} ${map.name}.${p.name && !ts.isComputedPropertyName(p.name) ? (p.name as ts.Identifier).text : p.getText(map.sf)}`;
    if (!ts.isPropertyAssignment(p)) {
      problems.push(`${where} is a ${ts.SyntaxKind[p.kind]}: list each call literally as \`name: call(request, response)\``);
      continue;
    }
    if (ts.isComputedPropertyName(p.name) || ts.isPrivateIdentifier(p.name)) {
      problems.push(`${where} has a computed name: call names must be written out`);
      continue;
    }
    props.push(p);
    if (callOfCall(p.initializer)?.arguments.length !== 2) {
      problems.push(`${where} is not \`call(request, response)\``);
    }
  }
  return { props, problems };
}

function propName(p: ts.PropertyAssignment): string {
  return (p.name as ts.Identifier | ts.StringLiteral | ts.NumericLiteral).text;
}

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/** Words that mean "not written yet". */
const PLACEHOLDERS = /^(todo|fixme|tbd|xxx|wip|doc|docs|description|comment|\.+|…)$/i;

/**
 * Why the comment right before `prop` is not a TSDoc comment of real text, or null when it is.
 * Real text: the description (before any block tag) has at least two words and ten letters,
 * is not a placeholder, and does not merely restate the call's name.
 */
function docProblem(sf: ts.SourceFile, prop: ts.PropertyAssignment): string | null {
  const ranges = ts.getLeadingCommentRanges(sf.text, prop.getFullStart()) ?? [];
  const last = ranges.at(-1);
  if (!last) return 'no comment';
  const raw = sf.text.slice(last.pos, last.end);
  if (last.kind !== ts.SyntaxKind.MultiLineCommentTrivia || !raw.startsWith('/**') || raw.startsWith('/***')) return `the comment before it is not TSDoc (/** … */): ${raw.split('\n')[0]}`;
  const lines = raw
    .slice(3, -2)
    .split('\n')
    .map((l) => l.replace(/^\s*\*?\s?/, '').trim());
  const tagAt = lines.findIndex((l) => l.startsWith('@'));
  const description = (tagAt === -1 ? lines : lines.slice(0, tagAt))
    .join(' ')
    .replace(/\{@\w+\s+([^}|]+)(?:\|[^}]*)?\}/g, '$1')
    .trim();
  const words = description.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const letters = description.replace(/[^\p{L}]/gu, '');
  const name = propName(prop);
  if (description === '') return 'the TSDoc comment is empty (or holds only tags)';
  if (PLACEHOLDERS.test(description.replace(/[.:!\s]+$/, ''))) return `the TSDoc comment is a placeholder: "${description}"`;
  if (letters.toLowerCase() === name.replace(/[^\p{L}]/gu, '').toLowerCase()) return `the TSDoc comment only restates the name: "${description}"`;
  if (words.length < 2 || letters.length < 10) return `the TSDoc comment is too short to say anything: "${description}"`;
  return null;
}
