import type { Handlers } from '../../src/protocol/rpc';
import type { TestToBackground } from '../../src/protocol/test-protocol';
import { deflateText, inflateText } from '../../src/library/compress';
import { AppFailure } from '../../src/util/result';
import { fromBase64 } from '../../src/util/base64';
import { services } from './services';

/**
 * The test-only calls about saved images and snapshots (test builds only, with the rest of
 * test-hooks.ts): attach given bytes through the library's one write path, read them back as
 * this device reads them, and list the media documents this device stores. They let the e2e
 * tests and bench:sync make image data without a site, and check "text only".
 */
export const testMediaHandlers: Pick<Handlers<TestToBackground>, 'debugAttachImages' | 'debugAttachSnapshot' | 'debugClipMedia' | 'debugMediaDocs'> = {
  debugAttachImages: async ({ clipId, images, left, reason }) => {
    const { library } = await services();
    await library.settled();
    const rev = library.media.articleRev(clipId);
    if (!rev) throw new AppFailure('not-found', 'That clip is not in this library.');
    const saved = images.map((i) => ({ src: i.src, type: i.type, data: fromBase64(i.base64), width: i.width, height: i.height }));
    await library.media.attachImages(clipId, rev, saved, { count: left ?? 0, reason: reason ?? null });
    return { count: saved.length, bytes: saved.reduce((n, i) => n + i.data.byteLength, 0) };
  },
  debugAttachSnapshot: async ({ clipId, html, left }) => {
    const { library } = await services();
    await library.settled();
    const deflated = await deflateText(html);
    const ref = await library.media.attachSnapshot(clipId, deflated, new TextEncoder().encode(html).byteLength, left ?? 0);
    return { bytes: ref.bytes };
  },
  debugClipMedia: async ({ clipId }) => {
    const { library } = await services();
    await library.settled();
    const got = await library.media.images(clipId);
    const images = await Promise.all(
      got.images.map(async (i) => ({ key: i.blob, type: i.type, bytes: i.data.byteLength, sha256: await sha256(i.data) })),
    );
    const snap = await library.media.snapshot(clipId);
    return { state: got.state, images, snapshot: snap ? await inflateText(snap.html) : null, textOnly: library.media.textOnly, stale: library.media.refs(clipId)?.stale?.length ?? 0 };
  },
  debugMediaDocs: async () => {
    const { library, storage, repo } = await services();
    await library.settled();
    const entries = library.media.documents();
    const ids = entries.map((e) => e.doc.slice('automerge:'.length));
    const keys = await storage.listKeys(ids.map((id) => [id]));
    const stored = (n: number) => (keys[n] ?? []).some((k) => k[1] === 'snapshot' || k[1] === 'incremental');
    const loaded = entries.map((_, n) => !!repo.handles[ids[n] as never]);
    const parts = await Promise.all(
      entries.map((e, n) =>
        stored(n) && e.device === library.media.device
          ? repo
              .find<{ items?: Record<string, unknown> }>(e.doc as never, { signal: AbortSignal.timeout(5_000) })
              .then((h) => Object.keys(h.doc().items ?? {}).length)
              .catch(() => null)
          : null,
      ),
    );
    return {
      device: library.media.device,
      docs: entries.map((e, n) => ({ url: e.doc, device: e.device, own: e.device === library.media.device, stored: stored(n), keys: (keys[n] ?? []).map((k) => String(k[1])), loaded: loaded[n]!, parts: parts[n]! })),
    };
  },
};

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
