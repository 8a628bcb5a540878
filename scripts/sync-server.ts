/**
 * `npm run sync-server`: Commonplace's sync server, an automerge-repo relay and store.
 *
 *   npm run sync-server                          ws://127.0.0.1:3030, data in .sync-data/
 *   PORT=0 DATA_DIR=/tmp/sync npm run sync-server   a free port, another folder
 *
 * Settings are environment variables: HOST, PORT, DATA_DIR, IDLE_EVICT_S, MAX_DOCS_IN_MEMORY,
 * KEEP_ALIVE_S (scripts/sync-server/README.md). Prints one line once listening; Ctrl-C or
 * SIGTERM closes the connections, writes every document to disk and exits 0.
 */
import { readConfig } from './sync-server/config';
import { start } from './sync-server/server';
import { exitOnSignals } from './sync-server/signals';

let config;
try {
  config = readConfig();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}

const server = await start(config);
exitOnSignals(server.close);
console.log(`Commonplace sync server listening on ${server.url} (data in ${server.dataDir})`);
