import type { PeerId, Repo, StorageId } from '@automerge/automerge-repo/slim';

/**
 * The storage ids of the connected servers that keep what they are sent (peers neither
 * ephemeral nor without a storage id): the servers a pass confirms documents with. `peers` are
 * the servers' peer ids, null for one not connected. Empty while some are connected means every
 * connected server stores nothing: the engine then says so (`NOT_STORED`, engine-status.ts).
 */
export function storingTargets(repo: Repo, peers: Iterable<PeerId | null>): StorageId[] {
  const out: StorageId[] = [];
  for (const peerId of peers) {
    const meta = peerId ? repo.peerMetadataByPeerId[peerId] : undefined;
    if (meta?.storageId && !meta.isEphemeral) out.push(meta.storageId);
  }
  return out;
}
