import type { Repo } from '@automerge/automerge-repo/slim';

/** The Repo's sharing rules before `refuseNotKept` wrapped them (per Repo: the controller of a joined library wraps the same originals). */
const originals = new WeakMap<Repo, Repo['shareConfig']>();

/**
 * Makes `repo` refuse (answer "unavailable" to) a peer offering a document `keeps` says this
 * device does not keep: another device's images on a "text only" device. A sync server that
 * still counts this device among a document's peers (it had the document before text only was
 * turned on) sends its changes, and the Repo would otherwise load and store it again. Replaces
 * any earlier call's rule on the same Repo.
 */
export function refuseNotKept(repo: Repo, keeps: (url: string) => boolean): void {
  const base = originals.get(repo) ?? repo.shareConfig;
  originals.set(repo, base);
  repo.shareConfig = {
    announce: base.announce,
    access: async (peer, documentId) => keeps(`automerge:${documentId}`) && base.access(peer, documentId),
  };
}
