import type { PeerId, Repo, StorageId } from '@automerge/automerge-repo/slim';

/**
 * The storage id of the connected server `peerId` when it keeps what it is sent (neither
 * ephemeral nor without a storage id); undefined when it stores nothing or is not connected
 * (null). A server that stores nothing holds no copy of the library: passes do not confirm
 * documents with it, and the status does not count it among the servers synced with.
 */
export function storageOf(repo: Repo, peerId: PeerId | null): StorageId | undefined {
  const meta = peerId ? repo.peerMetadataByPeerId[peerId] : undefined;
  return meta?.storageId && !meta.isEphemeral ? meta.storageId : undefined;
}

/**
 * The storage ids of the connected servers that keep what they are sent (peers neither
 * ephemeral nor without a storage id): the servers a pass confirms documents with. `peers` are
 * the servers' peer ids, null for one not connected. Empty while some are connected means every
 * connected server stores nothing: the engine then says so of each (`not-stored`, server-errors.ts).
 */
export function storingTargets(repo: Repo, peers: Iterable<PeerId | null>): StorageId[] {
  const out: StorageId[] = [];
  for (const peerId of peers) {
    const t = storageOf(repo, peerId);
    if (t) out.push(t);
  }
  return out;
}
