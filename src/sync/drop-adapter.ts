import type { NetworkAdapterInterface, Repo } from '@automerge/automerge-repo/slim';

/**
 * Removes a server's network adapter from the Repo for good (the engine dropping a server: sync
 * turned off, or moved elsewhere). Two workarounds for automerge-repo 2.5.6's WebSocket client:
 * - A reconnect it armed when its connection dropped (`onClose`'s timer) still fires after
 *   `disconnect()` and opens a new socket; and the Repo never takes its listeners off a removed
 *   adapter, so it would go on syncing with a server the user removed. So the adapter's
 *   `connect` is made to do nothing first (fixed upstream in automerge-repo PR #690, not released
 *   in 2.5.x).
 * - In Node (ws), closing a socket still connecting emits "error" after the adapter removed its
 *   listener: an uncaught exception that would end the process. A browser's WebSocket has no `on`.
 * `removeNetworkAdapter` disconnects it (a second disconnect would fail an assertion inside it);
 * an adapter that never connected has nothing to close.
 */
export function dropAdapter(repo: Repo, adapter: NetworkAdapterInterface): void {
  (adapter as { connect: NetworkAdapterInterface['connect'] }).connect = () => undefined;
  (adapter as { socket?: { on?: (event: string, fn: () => void) => void } }).socket?.on?.('error', () => undefined);
  try {
    repo.networkSubsystem.removeNetworkAdapter(adapter);
  } catch {
    // never connected
  }
}
