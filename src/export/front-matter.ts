/**
 * YAML front matter for the Markdown files. Every string is written double-quoted with every
 * character YAML could read otherwise escaped (quotes, backslashes, line breaks, control and
 * format characters), so a title like `a: "b"\n---` stays one string and cannot end the
 * block or add a key. Keys are fixed names; values are strings, numbers, booleans, null or
 * lists of strings.
 */

export type FrontMatterValue = string | number | boolean | null | readonly string[];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Characters written as escapes: C0 and C1 controls, DEL, line/paragraph separators, BOM, the noncharacters U+FFFE and U+FFFF (YAML allows neither, even in a quoted string), and the two that end or escape the string. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\0': '\\0' };

/** A YAML 1.2 double-quoted scalar holding exactly `s` (a lone surrogate, which YAML cannot hold, becomes U+FFFD). */
export function yamlString(s: string): string {
  const escaped = s
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(NEEDS_ESCAPE, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

function yamlValue(v: FrontMatterValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string') return yamlString(v);
  return v.length === 0 ? '[]' : `\n${v.map((item) => `  - ${yamlString(item)}`).join('\n')}`;
}

/** The block: `---`, one `key: value` per field (in order), `---`, and a newline. Keys must be plain names. */
export function frontMatter(fields: ReadonlyArray<readonly [string, FrontMatterValue]>): string {
  const lines = fields.map(([key, value]) => {
    if (!/^[a-z][a-z0-9_]*$/.test(key)) throw new Error(`front matter key ${JSON.stringify(key)} is not a plain name`);
    const v = yamlValue(value);
    return v.startsWith('\n') ? `${key}:${v}` : `${key}: ${v}`;
  });
  return `---\n${lines.join('\n')}\n---\n`;
}
