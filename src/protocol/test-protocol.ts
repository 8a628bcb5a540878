import { SaveOutcomeSchema } from '../schema/clip-summary';
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
        jsHeapBytes: z.number().nullable(),
        wasmBytes: z.number().nullable(),
        lastNotice: z.strictObject({ kind: z.enum(['success', 'error']), message: z.string(), at: z.number() }).nullable(),
        menuErrors: z.array(z.string()),
        /** Milliseconds from the start of the last join to each of its steps (merged, opened, listed, committed). */
        lastJoinSteps: z.record(z.string(), z.number()),
      }),
    ),
    /** Keep saved captures in the journal, unwritten into their documents, until released or restarted. */
    debugHoldDocumentWrites: call(z.strictObject({ hold: z.boolean() }), z.strictObject({ pendingCaptures: z.number() })),
    /** Runs the same handler as a context-menu click (headless browsers cannot click native menus). */
    simulateMenuClick: call(MenuClickSchema, SaveOutcomeSchema),
    /** Runs the same handler as the keyboard shortcut, on the given or active tab. */
    simulateCommand: call(z.strictObject({ command: z.enum(['save-page', 'highlight-selection']), tabId: z.number().int().optional() }), SaveOutcomeSchema),
  };
}

export type TestToBackground = ReturnType<typeof testCalls>;
/** Everything a test or benchmark may call on the background: the production calls plus the test calls. */
export type AnyToBackground = import('./protocol').UiToBackground & TestToBackground;
