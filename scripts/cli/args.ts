/**
 * The command line's arguments: a command (`read` or `export`), then `--name value` flags.
 * Parsing is strict: an unknown flag, a missing value or a flag given twice is an error that
 * names it, so a typo never silently reads the wrong library or writes somewhere unexpected.
 */

export type Command = 'read' | 'export' | 'help';

export interface Args {
  readonly command: Command;
  /** ws:// or wss:// URL of an automerge-repo sync server. */
  readonly server?: string;
  /** automerge:… URL of the library's root document. */
  readonly library?: string;
  /** An export zip to read instead of a server. */
  readonly from?: string;
  /** Folder (read) or zip file (export) to write. */
  readonly out?: string;
  /** Write into a folder that is not empty / over an existing zip. */
  readonly force: boolean;
  readonly quiet: boolean;
  /** Longest wait for the server and for each document, in seconds; at most 2,147,483 (24.8 days). */
  readonly timeoutS: number;
}

export const USAGE = `Commonplace: read your library without the extension.

  npm run read -- --server <ws-url> --library <automerge-url> --out <dir>
  npm run read -- --from <export.zip> --out <dir>
  npm run export -- --server <ws-url> --library <automerge-url> --out <file.zip>
  npm run export -- --from <export.zip> --out <file.zip>

read     writes a folder of pages (index.html, one page per clip with its highlights,
         notes and saved images, tags, sites, full-page snapshots) that opens from disk in
         any browser, offline, without script.
export   writes the library as one zip (docs/schema.md, "Export format"): Markdown, HTML,
         W3C annotations, saved images and snapshots, and the library's Automerge
         documents, with a README.

  --server    an automerge-repo sync server (e.g. ws://127.0.0.1:3030)
  --library   the library URL (the options page shows it: automerge:…)
  --from      an export zip made by Commonplace
  --out       where to write
  --force     read: write into a folder that is not empty; export: replace an existing
              zip file (never a folder)
  --timeout   seconds to wait for the server and for each document (default 60)
  --quiet     no progress
`;

const VALUE_FLAGS = new Set(['server', 'library', 'from', 'out', 'timeout']);
const BOOLEAN_FLAGS = new Set(['force', 'quiet', 'help']);

/** Longest wait, in seconds: Node fires a timer of more than 2^31-1 ms (24.8 days) at once, so a longer --timeout is this. */
const MAX_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

/** Thrown for a command line that cannot be run; its message says what to fix. */
export class UsageError extends Error {}

/** Parses `argv` (without node and the script). */
export function parseArgs(argv: readonly string[]): Args {
  const [first, ...rest] = argv;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') return { command: 'help', force: false, quiet: false, timeoutS: 60 };
  if (first !== 'read' && first !== 'export') throw new UsageError(`Unknown command "${first}": use read or export.`);
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    // Any name after "--" (so "--out-dir" or "--Out" is an unknown flag, named as such).
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new UsageError(`Unexpected argument "${arg}": flags start with --.`);
    const name = m[1]!;
    if (values.has(name) || flags.has(name)) throw new UsageError(`--${name} is given twice.`);
    if (BOOLEAN_FLAGS.has(name)) {
      if (m[2] !== undefined) throw new UsageError(`--${name} takes no value.`);
      flags.add(name);
    } else if (VALUE_FLAGS.has(name)) {
      const value = m[2] ?? rest[++i];
      if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value.`);
      values.set(name, value);
    } else throw new UsageError(`Unknown flag --${name}.`);
  }
  if (flags.has('help')) return { command: 'help', force: false, quiet: false, timeoutS: 60 };
  const timeout = values.has('timeout') ? Number(values.get('timeout')) : 60;
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout must be a number of seconds above 0.');
  const args: Args = {
    command: first,
    server: values.get('server'),
    library: values.get('library'),
    from: values.get('from'),
    out: values.get('out'),
    force: flags.has('force'),
    quiet: flags.has('quiet'),
    timeoutS: Math.min(timeout, MAX_TIMEOUT_S),
  };
  if (!args.out) throw new UsageError('--out is required: where to write.');
  if (args.from && (args.server || args.library)) throw new UsageError('Give either --from, or --server with --library, not both.');
  if (!args.from && !(args.server && args.library)) throw new UsageError('Give --server and --library (read from a sync server), or --from (read an export zip).');
  return args;
}
