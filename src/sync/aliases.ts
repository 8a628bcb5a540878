import type { NetworkAdapterInterface, PeerId, PeerMetadata, Repo } from '@automerge/automerge-repo/slim';
import { dropAdapter } from './drop-adapter';

/** A server connection as `parkAliases` sees it (the engine's `Server`). */
export interface AliasedServer {
  readonly url: string;
  readonly adapter: NetworkAdapterInterface & {
    remotePeerId?: PeerId;
    socket?: { readyState: number };
    peerCandidate?(peerId: PeerId, meta: PeerMetadata): void;
  };
  peerId: PeerId | null;
  /** The address listed before it that reaches the same server process: this one's connection is closed (parked). */
  alias?: string;
}

/** A connection to one server, as the engine keeps it: `since` it was added or last dropped. */
export interface ServerConnection extends AliasedServer {
  readonly since: number;
}

/** `WebSocket.OPEN`, the same in browsers and Node's ws. */
const OPEN = 1;

/**
 * Parks every server of `servers` (in the order the user listed them) that reached the same
 * server process (peer id) as one listed before it: one server under two addresses (its IP and
 * its name, two paths of one server). automerge-repo servers keep one socket per peer and close
 * the older one when the same peer joins again, so the two connections took turns pushing each
 * other off, every few seconds, forever ("Connecting…", nothing synced); and the Repo keeps one
 * connection per peer, so removing one address took the peer away with the other connected.
 * A parked server's adapter is removed without telling a disconnection (the address kept is
 * connected), and the Repo forgets any route through it (`close`); the address kept, when open,
 * is announced again, so the Repo has its peer and routes through it. Returns whether any
 * server was parked. The engine shows a parked server as the one it stands for, and connects it
 * again when that one is removed.
 */
export function parkAliases(repo: Repo, servers: Iterable<AliasedServer>): boolean {
  const first = new Map<PeerId, AliasedServer>();
  const kept = new Set<AliasedServer>();
  for (const s of servers) {
    const peer = s.adapter.remotePeerId;
    if (s.alias || !peer) continue;
    const before = first.get(peer);
    if (!before) {
      first.set(peer, s);
      continue;
    }
    s.alias = before.url;
    s.peerId = null;
    s.adapter.remotePeerId = undefined; // its disconnection must not take the peer away from the address kept
    dropAdapter(repo, s.adapter);
    s.adapter.emit('close');
    kept.add(before);
  }
  for (const s of kept) {
    const peer = s.adapter.remotePeerId;
    const meta = peer ? repo.peerMetadataByPeerId[peer] : undefined;
    if (peer && meta && s.adapter.socket?.readyState === OPEN) s.adapter.peerCandidate?.(peer, meta);
  }
  return kept.size > 0;
}
