/**
 * The pass mark: a small document of this device's own, changed after every pass that recorded
 * in the ledger that a server holds a content or media document, and confirmed by each server
 * like the root and catalogs (`ServerWatch` watches it). It closes the backup window the root and
 * catalogs left open: they reach a server as soon as they change, the articles they name come with
 * the next pass, so a server backed up between the two and later restored still held every change
 * of the root and catalogs it had acknowledged, nothing told the loss, and the ledger kept saying
 * it held the article. A mark changed after the article's acknowledgement is missing from any
 * backup taken before it, so the restored server has lost heads it acknowledged, and it gets a new
 * ledger epoch (every document checked with it again).
 *
 * Nothing else reads it: it is not part of the library, no other device loads it, and it is
 * derived (its address lives in the ledger: a ledger lost makes a new one, and everything is
 * checked again anyway). It holds `{ n, at }`: how many times it was changed, and when last.
 * After `MAX_MARKS` changes a new one takes over (its history would grow with every pass).
 */
import type { DocHandle, Repo } from '@automerge/automerge-repo/slim';
import type { SyncLedger } from './ledger';

/** What a pass mark holds. */
export interface PassMarkDoc {
  /** Changes so far (a new mark starts at 0). */
  n: number;
  /** When it was last changed (ms since the epoch). */
  at: number;
}

/** What the engine does with marks: watch each one in use (`ServerWatch.add`), and drop one a successor took over from. */
export interface PassMarkHooks {
  watch(h: DocHandle<PassMarkDoc>): void;
  drop(h: DocHandle<PassMarkDoc>): void;
}

/** The ledger key holding the current mark's address. */
export const MARK_KEY = 'pass-mark';

/** Changes after which a new mark takes over: its history stays a few KB, loaded at each start of the background. */
export const MAX_MARKS = 500;

/**
 * Finds, makes and changes the pass mark. `current()` is the mark to watch (loaded once, or made
 * when the ledger names none or it cannot be loaded). `bump()` changes it, or makes its successor
 * once it is full; `confirmed(h, true)` records the successor as current once every server
 * confirmed it, so a restore to a backup from before it is still told by the old one until then.
 */
export class PassMark {
  /**
   * The ledger recorded a server holding a content or media document since the mark last changed
   * (the engine sets it), so the end of the next pass changes it. True at start: the background
   * may have stopped between such a record and the change.
   */
  due = true;
  private loaded: Promise<DocHandle<PassMarkDoc>> | null = null;
  /** A successor made by `bump`, not yet confirmed by every server. */
  private next: DocHandle<PassMarkDoc> | null = null;

  constructor(
    private readonly repo: Repo,
    private readonly ledger: SyncLedger,
    private readonly hooks: PassMarkHooks,
  ) {}

  /** The mark in use: the one the ledger names, or a new one (then recorded). */
  current(): Promise<DocHandle<PassMarkDoc>> {
    this.loaded ??= this.load().then((h) => (this.hooks.watch(h), h)).catch((e: unknown) => {
      this.loaded = null;
      throw e;
    });
    return this.loaded;
  }

  /**
   * Changes the mark (now after what the pass recorded) and returns the handle to confirm with
   * the servers: the current mark, or, once it holds `MAX_MARKS` changes, a new one. Null when it
   * could not (`due` stays true: the next pass tries again).
   */
  async bump(now = Date.now()): Promise<DocHandle<PassMarkDoc> | null> {
    this.due = false;
    const h = await this.current().catch(() => null);
    if (!h) return ((this.due = true), null);
    if (this.next) this.next.change((d) => void ((d.n += 1), (d.at = now)));
    else if (h.doc().n >= MAX_MARKS) this.hooks.watch((this.next = this.repo.create<PassMarkDoc>({ n: 0, at: now })));
    else h.change((d) => void ((d.n += 1), (d.at = now)));
    return this.next ?? h;
  }

  /**
   * After the servers' confirmation of `h` (`ok`) or its failure (`due` again: the next pass
   * changes it again). A successor confirmed becomes the current mark, and the old one is dropped.
   */
  async confirmed(h: DocHandle<unknown>, ok: boolean): Promise<void> {
    if (!ok) return void (this.due = true);
    if (h !== this.next) return;
    const recorded = await this.ledger.set(MARK_KEY, h.url).then(() => true, () => false);
    if (!recorded) return void (this.due = true);
    const old = await this.current();
    [this.loaded, this.next] = [Promise.resolve(this.next), null];
    this.hooks.drop(old);
  }

  private async load(): Promise<DocHandle<PassMarkDoc>> {
    const url = await this.ledger.get(MARK_KEY);
    if (url) {
      // A mark this device no longer has (its storage lost, the ledger kept) is replaced, not waited for.
      const h = await this.repo.find<PassMarkDoc>(url as never, { allowableStates: ['ready', 'unavailable'] }).catch(() => null);
      if (h?.isReady() && typeof h.doc()?.n === 'number') return h;
    }
    const made = this.repo.create<PassMarkDoc>({ n: 0, at: Date.now() });
    await this.ledger.set(MARK_KEY, made.url);
    return made;
  }
}
