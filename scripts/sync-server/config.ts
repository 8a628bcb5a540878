/**
 * The sync server's settings, read from environment variables (see README.md in this folder).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything `start()` needs; only `dataDir` has no default. */
export interface SyncServerOptions {
  /** Interface to bind. Default 127.0.0.1 (loopback only). */
  readonly host?: string;
  /** TCP port; 0 picks a free one (the real port is on the running server). Default 3030. */
  readonly port?: number;
  /** Folder holding the documents; created if missing. */
  readonly dataDir: string;
  /** Evict a document from memory after this many seconds without a sync message; 0 turns this off. Default 60. */
  readonly idleEvictS?: number;
  /** Keep at most this many documents in memory (least recently synced go first). Default 500. */
  readonly maxDocsInMemory?: number;
  /** WebSocket ping interval in seconds; a peer that misses one pong is dropped. Default 30. */
  readonly keepAliveS?: number;
}

/** The defaults, in one place for the CLI, the README and the tests. */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 3030,
  idleEvictS: 60,
  maxDocsInMemory: 500,
  keepAliveS: 30,
  dataDirName: '.sync-data',
} as const;

/** The repository root (this file is scripts/sync-server/config.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Reads HOST, PORT, DATA_DIR, IDLE_EVICT_S, MAX_DOCS_IN_MEMORY and KEEP_ALIVE_S.
 * A relative DATA_DIR is taken from `cwd`; without one, data goes to `.sync-data` under the
 * repository root. Throws on a malformed number, naming the variable.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Required<SyncServerOptions> {
  const dataDir = env.DATA_DIR?.trim() ? resolve(cwd, env.DATA_DIR.trim()) : resolve(REPO_ROOT, DEFAULTS.dataDirName);
  return {
    host: env.HOST?.trim() || DEFAULTS.host,
    port: readNumber(env, 'PORT', DEFAULTS.port, { integer: true, max: 65535 }),
    dataDir,
    idleEvictS: readNumber(env, 'IDLE_EVICT_S', DEFAULTS.idleEvictS, {}),
    maxDocsInMemory: readNumber(env, 'MAX_DOCS_IN_MEMORY', DEFAULTS.maxDocsInMemory, { integer: true, min: 1 }),
    keepAliveS: readNumber(env, 'KEEP_ALIVE_S', DEFAULTS.keepAliveS, { min: 1 }),
  };
}

/** Fills in the defaults of `start()`'s options. */
export function withDefaults(options: SyncServerOptions): Required<SyncServerOptions> {
  return {
    host: options.host ?? DEFAULTS.host,
    port: options.port ?? DEFAULTS.port,
    dataDir: resolve(options.dataDir),
    idleEvictS: options.idleEvictS ?? DEFAULTS.idleEvictS,
    maxDocsInMemory: options.maxDocsInMemory ?? DEFAULTS.maxDocsInMemory,
    keepAliveS: options.keepAliveS ?? DEFAULTS.keepAliveS,
  };
}

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, rule: { integer?: boolean; min?: number; max?: number }): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  const min = rule.min ?? 0;
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) || value < min || (rule.max !== undefined && value > rule.max)) {
    throw new Error(`${name} must be ${rule.integer ? 'an integer' : 'a number'} ≥ ${min}${rule.max !== undefined ? ` and ≤ ${rule.max}` : ''} (got "${raw}")`);
  }
  return value;
}
