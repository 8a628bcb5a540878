import type { PeerId, Repo } from '@automerge/automerge-repo/slim';

/**
 * automerge-repo's per-document synchronizer, as far as `restartExchange` uses it.
 * `docSynchronizers` and `beginSync` are public members of automerge-repo 2.5.6's classes,
 * not part of its documented API: checked at run time, and a missing one only means no restart.
 */
interface DocSynchronizerLike {
  hasPeer(peerId: PeerId): boolean;
  beginSync(peerIds: PeerId[]): Promise<void>;
}

/**
 * Starts a document's sync exchange with these peers again: sends our heads as if each had
 * just connected. Why: an exchange can stall with both sides waiting. A server that drops a
 * document from memory between receiving our changes and answering (ours does, after a quiet
 * period, and a loaded one can be slow to answer) reloads it only when the next message
 * arrives, and automerge-repo sends none while it believes the exchange is in flight. The
 * Automerge sync protocol is idempotent, so a repeated message costs one round trip, nothing else.
 */
export function restartExchange(repo: Repo, documentId: string, peers: readonly PeerId[]): void {
  const sync = (repo.synchronizer as unknown as { docSynchronizers?: Record<string, DocSynchronizerLike | undefined> }).docSynchronizers?.[documentId];
  if (!sync || typeof sync.beginSync !== 'function') return;
  for (const peer of peers) if (sync.hasPeer(peer)) void sync.beginSync([peer]).catch(() => undefined);
}
