/**
 * `npm run read` and `npm run export`: Commonplace's library without the extension, in plain
 * Node (scripts/cli/main.ts; `npm run read -- --help`).
 *
 *   npm run read -- --server ws://127.0.0.1:3030 --library automerge:… --out my-library
 *   npm run read -- --from commonplace-export.zip --out my-library
 *   npm run export -- --server ws://127.0.0.1:3030 --library automerge:… --out library.zip
 */
import { main, printable } from './cli/main';

// automerge-repo's WebSocket adapter throws from a socket event on network errors other than
// ECONNREFUSED (a reset, a DNS failure): end with one line, not a stack trace.
process.on('uncaughtException', (e) => {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`Failed: ${printable(message)}. If this is a network error, check the sync server's address and that it is running, then try again.`);
  process.exit(1);
});

process.exit(await main(process.argv.slice(2)));
