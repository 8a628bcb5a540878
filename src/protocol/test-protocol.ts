import { SaveOutcomeSchema } from '../schema/clip-summary';
import { ClipIdSchema } from '../schema/ids';
import { SnapshotCaptureSchema } from '../schema/snapshot';
import { z } from '../schema/zod';
import { MenuClickSchema } from './schemas';
import { call, Empty } from './protocol';

/**
 * Calls that exist only for the end-to-end tests and the benchmarks (UI → background,
 * from extension pages). They are built only into test builds (`wxt build --mode test`,
 * see extension/background/test-hooks.ts); tests/e2e/bundles.e2e.ts checks the
 * production bundles hold none of them. The map is made by a function so that a
 * production bundle, which never calls it, keeps none of it.
 */
export function testCalls() {
  return {
    /** Counters for tests and benchmarks, read once the writes queued before the call have finished. */
    debugState: call(
      Empty,
      z.strictObject({
        libraryUrl: z.string(),
        startedAt: z.number(),
        rootEntries: z.number(),
        indexRows: z.number(),
        loadedHandles: z.number(),
        pendingCaptures: z.number(),
        jsHeapBytes: z.nullable(z.number()),
        wasmBytes: z.nullable(z.number()),
        lastNotice: z.nullable(z.strictObject({ kind: z.enum(['success', 'error']), message: z.string(), at: z.number() })),
        menuErrors: z.array(z.string()),
        /** Milliseconds from the start of the last join to each of its steps (merged, opened, listed, committed). */
        lastJoinSteps: z.record(z.string(), z.number()),
      }),
    ),
    /** Keep saved captures in the journal, unwritten into their documents, until released or restarted. */
    debugHoldDocumentWrites: call(z.strictObject({ hold: z.boolean() }), z.strictObject({ pendingCaptures: z.number() })),
    /** The gap between two requests to one site for link-fetch runs started from now on in this worker (5 s by default; a restart restores it). */
    debugFetchHostGap: call(z.strictObject({ ms: z.int().check(z.gte(0), z.lte(60_000)) }), z.strictObject({ ms: z.number() })),
    /** How soon a sync pass that left documents behind runs again, from now on in this worker (15 s by default; a restart restores it). */
    debugSyncRetry: call(z.strictObject({ ms: z.int().check(z.gte(0), z.lte(60_000)) }), z.strictObject({ ms: z.number() })),
    /**
     * How often a sync server that does not answer (or went away) is tried again, for connections made from
     * now on in this worker, that is, by a later `setSync` (5 s by default; a restart restores it). Keep it
     * above a connection's opening time: each try drops the socket still opening.
     */
    debugSyncReconnect: call(z.strictObject({ ms: z.int().check(z.gte(100), z.lte(60_000)) }), z.strictObject({ ms: z.number() })),
    /** Runs the same handler as a context-menu click (headless browsers cannot click native menus). */
    simulateMenuClick: call(MenuClickSchema, SaveOutcomeSchema),
    /** Runs the same handler as the keyboard shortcut, on the given or active tab. */
    simulateCommand: call(z.strictObject({ command: z.enum(['save-page', 'highlight-selection']), tabId: z.optional(z.int()) }), SaveOutcomeSchema),
    /**
     * A full-page snapshot of a tab's page, as "Save full page" takes it (extension/snapshot/snapshot-tab.ts:
     * the producer injected, run by the content script, resources through `fetchResource`); nothing is stored.
     */
    debugSnapshotTab: call(z.strictObject({ tabId: z.int(), maxBytes: z.optional(z.int().check(z.gte(100_000), z.lte(38_000_000))) }), SnapshotCaptureSchema),
    /**
     * Saves these image bytes as a clip's images (`library.media.attachImages` for its current
     * article), as the image capture would: test data that needs no site. `src` is the stored
     * `<img src>` each belongs to.
     */
    debugAttachImages: call(
      z.strictObject({
        clipId: ClipIdSchema,
        images: z.array(z.strictObject({ src: z.string().check(z.maxLength(8_192)), type: z.string().check(z.maxLength(100)), base64: z.string().check(z.maxLength(28_000_000)), width: z.int().check(z.gte(0)), height: z.int().check(z.gte(0)) })).check(z.maxLength(300)),
        left: z.optional(z.int().check(z.gte(0))),
        reason: z.optional(z.nullable(z.string().check(z.maxLength(2_000)))),
      }),
      z.strictObject({ count: z.number(), bytes: z.number() }),
    ),
    /** Saves this HTML as a clip's full-page snapshot (compressed, `library.media.attachSnapshot`). */
    debugAttachSnapshot: call(z.strictObject({ clipId: ClipIdSchema, html: z.string().check(z.maxLength(40_000_000)), left: z.optional(z.int().check(z.gte(0))) }), z.strictObject({ bytes: z.number() })),
    /**
     * A clip's saved media as this device reads it: the images' state and each one's size and
     * SHA-256 (no bytes), and the snapshot's HTML (null when none is here); `textOnly` as applied.
     */
    debugClipMedia: call(
      z.strictObject({ clipId: ClipIdSchema }),
      z.strictObject({
        state: z.enum(['saved', 'none', 'elsewhere']),
        images: z.array(z.strictObject({ key: z.string(), type: z.string(), bytes: z.number(), sha256: z.string() })),
        snapshot: z.nullable(z.string()),
        textOnly: z.boolean(),
        /** Records of parts a replacement left in documents it did not hold (`media.stale`). */
        stale: z.number(),
      }),
    ),
    /**
     * The media documents the root lists, whose device made each, whether this device stores it
     * (a snapshot or incremental chunk), the kinds of its storage keys, and whether it is loaded.
     */
    debugMediaDocs: call(
      Empty,
      z.strictObject({
        device: z.string(),
        /** `parts`: the parts one of this device's own documents holds (null for another device's: reading it would load it). */
        docs: z.array(z.strictObject({ url: z.string(), device: z.string(), own: z.boolean(), stored: z.boolean(), keys: z.array(z.string()), loaded: z.boolean(), parts: z.nullable(z.number()) })),
      }),
    ),
    /** The images the image queue handled since the last call (fetch and processing ms, bytes in and out, type or reason), then forgotten: bench:clip's per-image times. */
    debugImageTimings: call(
      Empty,
      z.strictObject({ timings: z.array(z.strictObject({ fetchMs: z.number(), processMs: z.number(), inBytes: z.number(), outBytes: z.number(), type: z.nullable(z.string()), reason: z.nullable(z.string()) })) }),
    ),
  };
}

export type TestToBackground = ReturnType<typeof testCalls>;
/** Everything a test or benchmark may call on the background: the production calls plus the test calls. */
export type AnyToBackground = import('./protocol').UiToBackground & TestToBackground;
