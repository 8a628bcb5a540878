/**
 * Clean shutdown on SIGINT/SIGTERM for the command-line server.
 */

/**
 * On the first SIGINT or SIGTERM runs `close` and exits 0 when it resolves (1 if it throws);
 * a second signal while closing exits 1 at once.
 */
export function exitOnSignals(close: () => Promise<void>, log: (line: string) => void = (l) => console.error(l)): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    closing = true;
    log(`${signal}: closing connections and writing documents to disk (send it again to force)`);
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`shutdown failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
