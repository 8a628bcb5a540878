import { browser } from 'wxt/browser';
import { ProducerStateSchema, type PageCapture, type SnapshotCapture } from '../../src/schema/snapshot';
import { stitchFrames, type CaptureFrame } from '../../src/snapshot/stitch';
import { within } from '../../src/snapshot/resources';
import { SNAPSHOT_DEFAULTS } from '../../src/snapshot/types';
import { AppFailure } from '../../src/util/result';
import { contentOf } from '../messaging';

/** The producer's script in the build (entrypoints/snapshot-producer.ts). */
const PRODUCER_SCRIPT = '/snapshot-producer.js';
/** How long the frames get to answer with the tokens posted to them. */
const TOKEN_WAIT_MS = 1_000;
/** How long tagging one frame, or one frame's snapshot, may take. */
const TAG_TIMEOUT_MS = 5_000;
const FRAME_TIMEOUT_MS = 20_000;
/** How long all the frames' snapshots may take together. */
const FRAMES_DEADLINE_MS = 60_000;
/** The least a frame's snapshot may be given (`snapshotPage`'s smallest `maxBytes`). */
const MIN_FRAME_BYTES = 100_000;
/**
 * How long the page may take to take the producer and answer with its snapshot: the producer's
 * own deadline and a margin. A page stuck in a script, showing a dialog or frozen answers
 * nothing, and the copy (and the queue of copies behind it) would wait for ever.
 */
export const PAGE_SNAPSHOT_MS = SNAPSHOT_DEFAULTS.timeoutMs + 30_000;
const notAnswering = () =>
  new AppFailure('frame-unreachable', `The page did not answer within ${PAGE_SNAPSHOT_MS / 1000} s. If it shows a dialog (an alert, a print window), close it; else reload the page. Then try again.`);

/** A frame the producer runs in. */
interface ProducerFrame {
  readonly frameId: number;
  /** Its walk is a root (the page, or its parent cannot read it): it tags the frames it cannot read. */
  readonly root: boolean;
}

/**
 * Injects the producer into every frame it may run in, at once (a lazy frame never loaded never
 * gets idle); the frames it runs in that hold a page. Only the page's failure is fatal.
 */
async function injectProducer(tabId: number): Promise<ProducerFrame[]> {
  const files = [PRODUCER_SCRIPT as '/background.js'];
  const all = await within(browser.scripting.executeScript({ target: { tabId, allFrames: true }, files, injectImmediately: true }), TAG_TIMEOUT_MS * 2);
  const frames = (all ?? []).flatMap((r) => {
    const state = ProducerStateSchema.safeParse(r.result);
    return state.success && state.data.loaded && !(r as { error?: unknown }).error ? [{ frameId: r.frameId, root: state.data.root }] : [];
  });
  if (frames.some((f) => f.frameId === 0)) return frames;
  const ran = await within(browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files }).then(() => true, () => false), PAGE_SNAPSHOT_MS);
  if (ran === null) throw notAnswering();
  if (!ran) throw new AppFailure('forbidden-page', "The browser doesn't let extensions read this page, so it can't be saved whole. Open a regular web page and try again.");
  return [{ frameId: 0, root: true }];
}

/**
 * Tags every frame's frames of other origins (`tagFrames`), then waits (at most a second)
 * for the tagged frames to say which token they got: token → frame id. A token claimed by
 * two frames is dropped (a frame passed its token on): that frame becomes a note.
 */
async function frameTokens(tabId: number, frames: readonly ProducerFrame[]): Promise<Map<string, number>> {
  const roots = frames.filter((f) => f.root).map((f) => f.frameId);
  const frameIds = frames.map((f) => f.frameId);
  const tagged = await Promise.all(roots.map((id) => within(contentOf(tabId, id)('tagFrames', {}), TAG_TIMEOUT_MS)));
  const wanted = new Set(tagged.flatMap((r) => (r?.ok ? r.value.tokens : [])));
  const claims = new Map<number, string>();
  const until = Date.now() + TOKEN_WAIT_MS;
  while (wanted.size) {
    const asked = frameIds.filter((id) => id !== 0 && !claims.has(id));
    const answers = await Promise.all(asked.map((id) => within(contentOf(tabId, id)('frameToken', {}), TOKEN_WAIT_MS)));
    answers.forEach((r, i) => {
      if (r?.ok && r.value.token && wanted.has(r.value.token)) claims.set(asked[i]!, r.value.token);
    });
    const claimed = new Set(claims.values());
    if ([...wanted].every((t) => claimed.has(t)) || Date.now() >= until) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const byToken = new Map<string, number>();
  const twice = new Set<string>();
  for (const [id, token] of claims) {
    if (byToken.has(token)) twice.add(token);
    byToken.set(token, id);
  }
  for (const token of twice) byToken.delete(token);
  return byToken;
}

/**
 * A full-page snapshot of the page in a tab (background side): injects the producer into the
 * page's isolated world and its frames', tags the frames of other origins, asks the content
 * script for the page's snapshot (`snapshotPage`; the content script is injected too when the
 * page or frame predates it), then each tagged frame's that shows for its own, and stitches
 * them into the page's (src/snapshot/stitch.ts): a frame that fails, times out or never
 * answered is a note. Resources come back through `fetchResource`, checked against the
 * sending frame's page. A page that does not answer within `PAGE_SNAPSHOT_MS` fails the copy.
 * The caller checks the tab first (private windows, protected pages: see `readableTab` in
 * extension/background/capture.ts). Nothing is stored.
 *
 * @throws AppFailure `forbidden-page` when the browser refuses to run scripts in the page,
 *   `frame-unreachable` when it does not answer in time, or the content script's error
 *   (e.g. `interrupted` when the tab closed meanwhile).
 */
export async function snapshotTab(tabId: number, opts: { readonly maxBytes?: number } = {}): Promise<SnapshotCapture> {
  const frames = await injectProducer(tabId);
  const tokens = frames.length > 1 ? await frameTokens(tabId, frames) : new Map<string, number>();
  const res = await within(contentOf(tabId, 0)('snapshotPage', opts.maxBytes ? { maxBytes: opts.maxBytes } : {}), PAGE_SNAPSHOT_MS);
  if (!res) throw notAnswering();
  if (!res.ok) throw new AppFailure(res.error.code, res.error.message);
  const { html, bytes, resources, truncated, url, title } = res.value;
  const page: SnapshotCapture = { html, bytes, resources, truncated, url, title };
  if (!res.value.frames.length) return page;
  const capture: CaptureFrame = async (frame, limits) => {
    const frameId = tokens.get(frame.token);
    if (frameId === undefined) return null;
    const params = { maxBytes: Math.min(limits.maxBytes, 38_000_000), frameLevel: frame.level, maxFrames: limits.maxFrames };
    const got = await within(contentOf(tabId, frameId)('snapshotPage', params), FRAME_TIMEOUT_MS);
    return got?.ok ? (got.value satisfies PageCapture) : null;
  };
  const stitched = await stitchFrames(res.value, capture, {
    maxBytes: opts.maxBytes ?? SNAPSHOT_DEFAULTS.maxBytes,
    minFrameBytes: MIN_FRAME_BYTES,
    deadline: Date.now() + FRAMES_DEADLINE_MS,
  });
  return { ...page, html: stitched.html, bytes: stitched.bytes, resources: stitched.resources, truncated: stitched.truncated };
}
