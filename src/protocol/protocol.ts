import { z } from 'zod';
import {
  ClipIdSchema,
  ClipSummarySchema,
  CapturedPageSchema,
  ClipViewSchema,
  DebugStateSchema,
  ExtractedPageSchema,
  LibraryInfoSchema,
  MenuClickSchema,
  SaveOutcomeSchema,
  ToastSchema,
} from './schemas';

/**
 * Every message between extension contexts, declared once: one call map per
 * direction. Each call has a request schema and a response schema; both ends
 * validate at runtime (see `rpc.ts`), so a page that tampers with a content script
 * or a stale context cannot slip a malformed value past the types.
 */
const call = <Req extends z.ZodType, Res extends z.ZodType>(req: Req, res: Res) => ({ req, res });
const Empty = z.object({}).strict();

/** Popup, side panel and options page → background. Senders must be extension pages. */
export const uiToBackground = {
  /** Liveness and version; wakes a stopped worker. */
  ping: call(Empty, z.object({ version: z.string(), ready: z.boolean() })),
  /** Save the page in this tab (popup "Save page"). Idempotent: a second save updates the clip. */
  savePage: call(z.object({ tabId: z.number().int() }), SaveOutcomeSchema),
  /** Save a page extracted elsewhere (imports, benchmarks); the same write path as every capture. */
  saveExtracted: call(ExtractedPageSchema, SaveOutcomeSchema),
  /** Is this URL in the library already? (popup status line) */
  pageStatus: call(z.object({ url: z.string().max(8_192) }), z.object({ clip: ClipSummarySchema.nullable() })),
  /** Load one clip's content for the reader. */
  getClip: call(z.object({ clipId: ClipIdSchema }), ClipViewSchema),
  /** Soft-delete; undone by restoreClip. */
  deleteClip: call(z.object({ clipId: ClipIdSchema }), z.object({ clip: ClipSummarySchema })),
  restoreClip: call(z.object({ clipId: ClipIdSchema }), z.object({ clip: ClipSummarySchema })),
  markRead: call(z.object({ clipId: ClipIdSchema, read: z.boolean() }), z.object({ clip: ClipSummarySchema })),
  libraryInfo: call(Empty, LibraryInfoSchema),
  /** Drop and rebuild the derived index from the documents. */
  rebuildIndex: call(Empty, z.object({ rows: z.number() })),
  /** Runs the same handler as a context-menu click (tests, and the popup's menu). */
  simulateMenuClick: call(MenuClickSchema, SaveOutcomeSchema),
  /** Runs the same handler as the keyboard shortcut, on the given or active tab. */
  simulateCommand: call(z.object({ command: z.literal('save-page'), tabId: z.number().int().optional() }), SaveOutcomeSchema),
  /** Counters for tests and benchmarks. */
  debugState: call(Empty, DebugStateSchema),
  /** Tests: keep saved captures in the journal, unwritten into their documents, until released or restarted. */
  debugHoldDocumentWrites: call(z.object({ hold: z.boolean() }), z.object({ pendingCaptures: z.number() })),
};

/** Background → content script in a tab (or one frame of it). */
export const backgroundToContent = {
  /** Is our script already listening in this frame? (it is injected on demand) */
  hello: call(Empty, z.object({ url: z.string() })),
  /** The page (or the selection) extracted as rendered; its text is derived by the background. */
  extractPage: call(Empty, CapturedPageSchema),
  extractSelection: call(Empty, CapturedPageSchema),
  /** Shows the outcome of a menu or shortcut save inside the page. */
  showToast: call(ToastSchema, z.object({ shown: z.boolean() })),
};

/** Content script → background. Senders must be a tab of this extension's content script. */
export const contentToBackground = {
  /** Is the page this script runs in saved already? (used by the in-page toast) */
  pageStatus: call(z.object({ url: z.string().max(8_192) }), z.object({ clip: ClipSummarySchema.nullable() })),
};

/** Background → offscreen document (Chromium), which has the DOM a service worker lacks. */
export const backgroundToOffscreen = {
  extractHtml: call(
    z.object({ html: z.string().max(40_000_000), url: z.string().max(8_192), contentType: z.string().max(200) }),
    ExtractedPageSchema,
  ),
};

export type CallMap = Record<string, { req: z.ZodType; res: z.ZodType }>;
export type Target = 'background' | 'content' | 'offscreen';
