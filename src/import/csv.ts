/**
 * A forgiving CSV reader (RFC 4180 plus what real exporters write): comma-separated; a field
 * in double quotes may hold commas, newlines and doubled quotes (`""`); CRLF, LF and lone CR
 * all end a row; blank lines are skipped; a quote inside an unquoted field is kept as text,
 * and text after a closing quote is kept too. The BOM is the decoder's job (decode.ts).
 *
 * A quoted field that never closes would swallow the rest of the file: instead its row is
 * reported as an error and reading starts again on the line after the opening quote, at most
 * `MAX_RECOVERIES` times (so a file of stray quotes costs linear time, not quadratic). Rows
 * are produced one at a time; fields are slices of the text, never built character by
 * character.
 */

/** One step of `csvRows`: a row's fields, or a row that could not be read, each with the line it starts on. */
export type CsvStep =
  | { readonly kind: 'row'; readonly fields: string[]; readonly line: number }
  | { readonly kind: 'error'; readonly line: number; readonly reason: string };

/** Unterminated quoted fields recovered from before the rest of the file is given up. */
export const MAX_RECOVERIES = 20;

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Index of the next comma or line break at or after `from` (or the text's length). */
function nextDelimiter(text: string, from: number): number {
  const n = text.length;
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === LF || c === CR) return i;
  }
  return n;
}

/** Line feeds in `text[from, to)`, looking no further than `to` (so a one-line file stays linear). */
function countLineFeeds(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === LF) count++;
  return count;
}

/**
 * A quoted field starting at `open` (its opening quote): its value and the index after its
 * closing quote, or null when it never closes. The value is one slice, with `""` undoubled in
 * one pass, so a field of a million doubled quotes makes two strings, not a million.
 */
function quotedField(text: string, open: number): { value: string; end: number } | null {
  let p = open + 1;
  let doubled = false;
  for (;;) {
    const q = text.indexOf('"', p);
    if (q < 0) return null;
    if (text.charCodeAt(q + 1) === QUOTE) {
      doubled = true;
      p = q + 2;
      continue;
    }
    const raw = text.slice(open + 1, q);
    return { value: doubled ? raw.replace(/""/g, '"') : raw, end: q + 1 };
  }
}

/**
 * Reads `text` as CSV, row by row. Contract: every row is yielded with the 1-based line it
 * starts on; a row spoiled by an unterminated quote is yielded as an `error` step; never throws,
 * always ends, in time linear in the text (bounded recoveries).
 */
export function* csvRows(text: string): Generator<CsvStep> {
  const n = text.length;
  let pos = 0;
  let line = 1;
  let recoveries = 0;
  while (pos < n) {
    const rowLine = line;
    const fields: string[] = [];
    let broken = false;
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        const field = quotedField(text, pos);
        // Never closed; or "closed" on a later line by a quote that text follows: that quote opened
        // another field, and this one was never closed on its line (one stray quote swallowed the rows after it).
        if (field === null || (!atDelimiter(text, field.end) && countLineFeeds(text, pos, field.end) > 0)) {
          broken = true;
          break;
        }
        line += countLineFeeds(text, pos, field.end);
        const stop = nextDelimiter(text, field.end);
        fields.push(stop > field.end ? field.value + text.slice(field.end, stop) : field.value);
        pos = stop;
      } else {
        const stop = nextDelimiter(text, pos);
        fields.push(text.slice(pos, stop));
        pos = stop;
      }
      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (c === CR) {
        pos++;
        if (text.charCodeAt(pos) === LF) pos++;
        line++;
      } else if (c === LF) {
        pos++;
        line++;
      }
      break;
    }
    if (broken) {
      yield { kind: 'error', line: rowLine, reason: `a quoted field opened on line ${line} is never closed` };
      recoveries++;
      const lineEnd = nextLineBreak(text, pos);
      if (lineEnd < 0) return;
      if (recoveries >= MAX_RECOVERIES) {
        yield { kind: 'error', line: line + 1, reason: `the rest of the file (from line ${line + 1}) has too many unclosed quotes to read` };
        return;
      }
      pos = lineEnd;
      line++;
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    yield { kind: 'row', fields, line: rowLine };
  }
}

/** Whether `at` is the end of a field: a comma, a line break or the end of the text. */
function atDelimiter(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return at >= text.length || c === COMMA || c === CR || c === LF;
}

/** Index just after the first line break at or after `from`, or -1 when there is none. */
function nextLineBreak(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  if (lf < 0 && cr < 0) return -1;
  if (cr >= 0 && (lf < 0 || cr < lf)) return text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
  return lf + 1;
}
