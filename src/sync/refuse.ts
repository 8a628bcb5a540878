import type { DocumentId, Repo } from '@automerge/automerge-repo/slim';

/** What a Repo refuses from peers, and its sharing rules before this file wrapped them. */
interface Refusals {
  readonly base: Repo['shareConfig'];
  keeps: (url: string) => boolean;
  /** Documents read once and dropped (`dropReadOnce`). */
  readonly dropped: Set<string>;
}

const refusals = new WeakMap<Repo, Refusals>();

/** The Repo's refusals, installed on first use: its `access` rule then also asks them. */
function refusalsOf(repo: Repo): Refusals {
  let r = refusals.get(repo);
  if (r) return r;
  const made: Refusals = { base: repo.shareConfig, keeps: () => true, dropped: new Set() };
  refusals.set(repo, made);
  repo.shareConfig = {
    announce: made.base.announce,
    access: async (peer, documentId) => !made.dropped.has(documentId) && made.keeps(`automerge:${documentId}`) && made.base.access(peer, documentId),
  };
  return made;
}

/**
 * Makes `repo` refuse (answer "unavailable" to) a peer offering a document `keeps` says this
 * device does not keep: another device's images on a "text only" device. A sync server that
 * still counts this device among a document's peers (it had the document before text only was
 * turned on) sends its changes, and the Repo would otherwise load and store it again. Replaces
 * any earlier call's rule on the same Repo.
 */
export function refuseNotKept(repo: Repo, keeps: (url: string) => boolean): void {
  refusalsOf(repo).keeps = keeps;
}

/**
 * Drops a document this device fetched to read once (another device's list or catalog snapshot)
 * and refuses it from peers from then on, until `allowAgain`. Without the refusal the server's
 * last answer of the exchange (it arrives after the read) made the Repo find the document again:
 * it answered with an empty document, the server sent the whole document once more, and the
 * Repo applied it, stored it and kept syncing it (measured: a joining browser received its 133 KB
 * list document and 248 KB catalog snapshot twice, the second time while it listed the clips).
 */
export function dropReadOnce(repo: Repo, id: DocumentId): void {
  refusalsOf(repo).dropped.add(id);
  if (repo.handles[id]) repo.delete(id);
}

/** Accepts again from peers a document `dropReadOnce` dropped (before this device asks for it again). */
export function allowAgain(repo: Repo, id: DocumentId): void {
  refusals.get(repo)?.dropped.delete(id);
}
