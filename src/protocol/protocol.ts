import { CapturedPageSchema, ExtractedPageSchema } from '../schema/capture';
import { ClipSummarySchema, ClipViewSchema, SaveOutcomeSchema } from '../schema/clip-summary';
import { ClipIdSchema } from '../schema/ids';
import { z } from '../schema/zod';
import { SyncSettingsSchema, SyncStatusSchema } from '../sync/settings';
import { LibraryInfoSchema, MenuClickSchema, ToastSchema } from './schemas';

/**
 * Every message between extension contexts, declared once: one call map per
 * direction. Each call has a request schema and a response schema; both ends
 * validate at runtime (see `rpc.ts`), so a page that tampers with a content script
 * or a stale context cannot slip a malformed value past the types. Calls that exist
 * only for tests and benchmarks are declared in `test-protocol.ts`, which only test
 * builds include.
 */
export const call = <Req extends z.ZodType, Res extends z.ZodType>(req: Req, res: Res) => ({ req, res });
export const Empty = z.strictObject({});
const Url = z.string().max(8_192);

/** Popup, side panel and options page → background. Senders must be extension pages. */
export const uiToBackground = {
  /** Liveness and version; wakes a stopped worker. */
  ping: call(Empty, z.strictObject({ version: z.string(), ready: z.boolean() })),
  /**
   * The UI transport's watchdog: is the call with this envelope id still being handled?
   * False after the background restarted, so the caller sends the call again.
   */
  callStatus: call(z.strictObject({ callId: z.string().max(64) }), z.strictObject({ inFlight: z.boolean() })),
  /** Save the page in this tab (popup "Save page"). Idempotent: a second save updates the clip. */
  savePage: call(z.strictObject({ tabId: z.number().int() }), SaveOutcomeSchema),
  /** Save a page extracted elsewhere (imports); the same write path as every capture. */
  saveExtracted: call(ExtractedPageSchema, SaveOutcomeSchema),
  /** Is this URL in the library already? (popup status line) */
  pageStatus: call(z.strictObject({ url: Url }), z.strictObject({ clip: ClipSummarySchema.nullable() })),
  /** Load one clip's content for the reader. */
  getClip: call(z.strictObject({ clipId: ClipIdSchema }), ClipViewSchema),
  /** Soft-delete; undone by restoreClip. */
  deleteClip: call(z.strictObject({ clipId: ClipIdSchema }), z.strictObject({ clip: ClipSummarySchema })),
  /** Undoes deleteClip. */
  restoreClip: call(z.strictObject({ clipId: ClipIdSchema }), z.strictObject({ clip: ClipSummarySchema })),
  /** Marks a clip read (now) or unread. */
  markRead: call(z.strictObject({ clipId: ClipIdSchema, read: z.boolean() }), z.strictObject({ clip: ClipSummarySchema })),
  /** What the options page shows: counts, storage, the library's document URL. */
  libraryInfo: call(Empty, LibraryInfoSchema),
  /** Drop and rebuild the derived index from the documents. */
  rebuildIndex: call(Empty, z.strictObject({ rows: z.number() })),
  /** Sync settings (off until the user turns it on) and the library's URL, the secret another browser joins with. */
  syncSettings: call(Empty, SyncSettingsSchema.extend({ libraryUrl: z.string() })),
  /**
   * Turns sync on or off and sets its servers (ws:// or wss://; a bad address is refused with
   * the reason). A new server is filled from local data with no other step; turning sync off
   * keeps every local document.
   */
  setSync: call(SyncSettingsSchema, SyncSettingsSchema.extend({ libraryUrl: z.string() })),
  /** Connected, syncing N of M, offline, or an error with its reason (also broadcast on `SYNC_STATUS_CHANNEL`). */
  syncStatus: call(Empty, SyncStatusSchema),
  /**
   * Joins another browser's library by its URL: this browser's clips are merged into it (none
   * lost), and it becomes this browser's library. Needs sync on, to fetch the library.
   */
  joinLibrary: call(z.strictObject({ libraryUrl: z.string().max(200) }), z.strictObject({ libraryUrl: z.string(), merged: z.number() })),
};

/** Background → content script in a tab (or one frame of it), through `scripting.executeScript`. */
export const backgroundToContent = {
  /** Is our script already listening in this frame? (it is injected on demand) */
  hello: call(Empty, z.strictObject({ url: z.string() })),
  /** The page extracted as rendered; its text is derived by the background. */
  extractPage: call(Empty, CapturedPageSchema),
  /** The selection extracted as rendered; its text is derived by the background. */
  extractSelection: call(Empty, CapturedPageSchema),
  /** Shows the outcome of a menu or shortcut save inside the page. */
  showToast: call(ToastSchema, z.strictObject({ shown: z.boolean() })),
};

/** Background → offscreen document (Chromium), which has the DOM a service worker lacks. */
export const backgroundToOffscreen = {
  /** Extracts fetched HTML ("Save link"). */
  extractHtml: call(z.strictObject({ html: z.string().max(40_000_000), url: Url, contentType: z.string().max(200) }), ExtractedPageSchema),
};

export type CallMap = Record<string, { req: z.ZodType; res: z.ZodType }>;
export type Target = 'background' | 'content' | 'offscreen';
export type UiToBackground = typeof uiToBackground;
