import type { StorageId } from '@automerge/automerge-repo/slim';
import type { DocUrl } from '../schema/ids';
import { fingerprint, type SyncLedger } from './ledger';

/**
 * The content and media documents a pass must load and confirm, of `urls` (in their order): one
 * the ledger has no local heads for, one some of `targets` is not recorded to hold at those heads
 * (`keyOf`: the ledger key of what a server holds, in its current epoch), and one whose catalogs
 * point at articles or parts the ledger has not seen in it (another device added them:
 * `expected`). The others are skipped: every server holds them as they are here, so a pass after
 * a restart or a reconnection checks only what changed.
 */
export async function docsToCheck(
  ledger: SyncLedger,
  keyOf: (t: StorageId, id: string) => Promise<string>,
  targets: readonly StorageId[],
  urls: readonly DocUrl[],
  expected: ReadonlyMap<DocUrl, readonly string[]>,
): Promise<DocUrl[]> {
  const todo: DocUrl[] = [];
  for (const url of urls) {
    const id = url.slice('automerge:'.length);
    const local = await ledger.get(`local:${id}`);
    const known = await Promise.all(targets.map(async (t) => ledger.get(await keyOf(t, id))));
    const refs = await ledger.get(`refs:${id}`);
    if (local === undefined || known.some((k) => k !== local) || refs !== fingerprint(expected.get(url))) todo.push(url);
  }
  return todo;
}
