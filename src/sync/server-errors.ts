import type { StorageId } from '@automerge/automerge-repo/slim';
import { displayHost } from '../url/display-host';

/**
 * What went wrong with one server, as the last pass that judged it found: documents it did not
 * acknowledge in time (`unconfirmed`), or, connected only to servers that store nothing, that it
 * stores nothing (`not-stored`: nothing sent there is kept, so it cannot hold the library).
 */
export type ServerError = { readonly kind: 'unconfirmed'; readonly count: number } | { readonly kind: 'not-stored' };

/** One server a pass judges: its address, and its storage id (none: it stores nothing). */
export interface Judged {
  readonly url: string;
  readonly storage: StorageId | undefined;
}

/**
 * The errors of the engine's servers, each kept for its own server (by address). The engine
 * kept one error for all of them: one server's (re)connection or removal cleared another's, still
 * failing, and the status could not say which server failed. A server's error is set by a pass
 * that judged it, cleared by its own (re)connection or a pass that found it in step, and dropped
 * with the server (removed, or sync turned off).
 */
export class ServerErrors {
  private readonly byUrl = new Map<string, ServerError>();

  /**
   * Server `url` (re)connected: its error is not told again (the pass this starts judges anew).
   * "Stores nothing" was judged of every connected server at once (none stored): with another
   * one connected, that no longer holds, so those are cleared too.
   */
  connected(url: string): void {
    this.byUrl.delete(url);
    for (const [u, e] of this.byUrl) if (e.kind === 'not-stored') this.byUrl.delete(u);
  }

  /** Server `url` removed (or sync turned off): its error goes with it. */
  drop(url: string): void {
    this.byUrl.delete(url);
  }

  /** A pass found no connected server that stores documents: each of these stores nothing. */
  notStored(urls: Iterable<string>): void {
    for (const url of urls) this.byUrl.set(url, { kind: 'not-stored' });
  }

  /**
   * A whole pass's verdict on each server connected when it began: in error with the number of
   * documents it did not acknowledge (`missed`, by storage id), else cleared (one that stores
   * nothing beside one that stores is told apart by the synced status, not as an error).
   */
  judge(judged: readonly Judged[], missed: ReadonlyMap<StorageId, number>): void {
    for (const { url, storage } of judged) {
      const count = storage ? (missed.get(storage) ?? 0) : 0;
      if (count > 0) this.byUrl.set(url, { kind: 'unconfirmed', count });
      else this.byUrl.delete(url);
    }
  }

  /** Server `url`'s error, if any. */
  get(url: string): ServerError | undefined {
    return this.byUrl.get(url);
  }

  /** Every server's error, as the status tells them (a copy). */
  all(): ReadonlyMap<string, ServerError> {
    return new Map(this.byUrl);
  }
}

/**
 * Counts a document missed by each of `targets` (the servers that did not acknowledge it, none
 * when it was confirmed); 1 when it was missed (a failure of the pass), else 0.
 */
export function tally(missed: Map<StorageId, number>, targets: readonly StorageId[]): number {
  for (const t of targets) missed.set(t, (missed.get(t) ?? 0) + 1);
  return targets.length > 0 ? 1 : 0;
}

/**
 * A server as the user knows it: its host (and path, when it has one): "sync.example.org",
 * "127.0.0.1:3030"; an internationalised host in its own script as the user typed it
 * ("bücher.example", not the URL parser's "xn--bcher-kva.example"), unless that could pass for
 * another host (`displayHost`).
 */
export function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${displayHost(u.host)}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url;
  }
}

const WAY_OUT = 'Use a sync server that stores data (such as npm run sync-server or automerge-repo-sync-server).';

/** One server's error, told under its own address (so it does not name it). */
export function serverErrorText(e: ServerError): string {
  if (e.kind === 'not-stored') return `this server does not store documents, so it cannot hold your library. ${WAY_OUT}`;
  return `${e.count} document(s) did not reach this server yet; retrying.`;
}

/**
 * The reason of the one status message for every server in error, naming each by its host:
 * "3 document(s) did not reach sync.example.org yet; retrying."; "… did not reach a.example (2)
 * and b.example (5) yet …" when the counts differ; "relay.example does not store documents, …"
 * with the way out. Empty when none is in error.
 */
export function errorsReason(errors: ReadonlyArray<readonly [url: string, error: ServerError]>): string {
  const parts: string[] = [];
  const unconfirmed = errors.flatMap(([url, e]) => (e.kind === 'unconfirmed' ? [{ host: hostOf(url), count: e.count }] : []));
  if (unconfirmed.length > 0) {
    const same = unconfirmed.every((x) => x.count === unconfirmed[0]!.count);
    const who = listOf(unconfirmed.map((x) => (same ? x.host : `${x.host} (${x.count})`)));
    parts.push(`${same ? `${unconfirmed[0]!.count} document(s)` : 'documents'} did not reach ${who} yet; retrying.`);
  }
  const relays = errors.filter(([, e]) => e.kind === 'not-stored').map(([url]) => hostOf(url));
  if (relays.length > 0) {
    const one = relays.length === 1;
    parts.push(`${listOf(relays)} ${one ? 'does' : 'do'} not store documents, so ${one ? 'it' : 'they'} cannot hold your library. ${WAY_OUT}`);
  }
  return parts.join(' ');
}

/** "a", "a and b", "a, b and c". */
function listOf(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
