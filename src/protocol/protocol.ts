import { CapturedPageSchema, ExtractedPageSchema } from '../schema/capture';
import { MAX_READING_OFFSET } from '../schema/reading-progress';
import { BulkChangeSchema, BulkOutcomeSchema, ClipSummarySchema, ClipViewSchema, LibraryFacetsSchema, MAX_BULK_CLIPS, SaveOutcomeSchema } from '../schema/clip-summary';
import { HighlightColorSchema, HighlightIdSchema, HighlightViewSchema, LibraryHighlightSchema, NoteSchema } from '../schema/highlight';
import { ClipIdSchema, ViewIdSchema } from '../schema/ids';
import { SavedViewListSchema, SavedViewSchema, SaveViewRequestSchema } from '../schema/saved-view';
import { SearchPageSchema, SearchProgressSchema, SearchRequestSchema } from '../schema/search-result';
import { DeepSearchRequestSchema, DeepSearchStepSchema } from '../schema/deep-search';
import { FrameTokenSchema, PageCaptureSchema, SnapshotViewSchema } from '../schema/snapshot';
import { SnapshotInfoSchema, SnapshotSettingsSchema } from '../snapshot/settings';
import { SnapshotStatusSchema } from '../snapshot/snapshot-queue';
import { ImportJobSchema } from '../import/job-state';
import { LinkFetchStatusSchema } from '../import/fetch-queue-state';
import { ExportJobSchema, ExportScopeSchema } from '../backup/export-job';
import { BackupSettingsSchema, BackupStateSchema } from '../backup/schedule';
import { HighlightTargetSchema } from '../schema/selectors';
import { ClipImagesSchema, FetchedImageSchema, StorageUsageSchema } from '../images/schemas';
import { ImageSettingsSchema } from '../images/settings';
import { z } from '../schema/zod';
import { SyncSettingsChangeSchema, SyncSettingsSchema, SyncStatusSchema } from '../sync/settings';
import { LibraryInfoSchema, MenuClickSchema, ToastSchema } from './schemas';

/**
 * Every message between extension contexts, declared once: one call map per
 * direction. Each call has a request schema and a response schema; both ends
 * validate at runtime (see `rpc.ts`), so a page that tampers with a content script
 * or a stale context cannot slip a malformed value past the types. Calls that exist
 * only for tests and benchmarks are declared in `test-protocol.ts`, which only test
 * builds include.
 */
export const call = <Req extends z.ZodMiniType, Res extends z.ZodMiniType>(req: Req, res: Res) => ({ req, res });
export const Empty = z.strictObject({});
const Url = z.string().check(z.maxLength(8_192));

/** A change to one highlight: any of colour, note and deleted (true deletes, false undoes a delete). */
const HighlightChange = z.strictObject({
  highlightId: HighlightIdSchema,
  color: z.optional(HighlightColorSchema),
  note: z.optional(NoteSchema),
  /** The note as the editor loaded it: the edit is rebased onto the note as it is now (words written elsewhere meanwhile stay). */
  noteBase: z.optional(NoteSchema),
  deleted: z.optional(z.boolean()),
});
const OneHighlight = z.strictObject({ highlight: HighlightViewSchema });

/** Popup, side panel and options page → background. Senders must be extension pages. */
export const uiToBackground = {
  /** Liveness and version; wakes a stopped worker. */
  ping: call(Empty, z.strictObject({ version: z.string(), ready: z.boolean() })),
  /**
   * The UI transport's watchdog: is the call with this envelope id still being handled?
   * False after the background restarted, so the caller sends the call again.
   */
  callStatus: call(z.strictObject({ callId: z.string().check(z.maxLength(64)) }), z.strictObject({ inFlight: z.boolean() })),
  /** Save the page in this tab (popup "Save page"). Idempotent: a second save updates the clip. */
  savePage: call(z.strictObject({ tabId: z.int() }), SaveOutcomeSchema),
  /** Save a page extracted elsewhere (imports); the same write path as every capture. */
  saveExtracted: call(ExtractedPageSchema, SaveOutcomeSchema),
  /** Is this URL in the library already? (popup status line) */
  pageStatus: call(z.strictObject({ url: Url }), z.strictObject({ clip: z.nullable(ClipSummarySchema) })),
  /** Load one clip's content for the reader. */
  getClip: call(z.strictObject({ clipId: ClipIdSchema }), ClipViewSchema),
  /** Soft-delete; undone by restoreClip. */
  deleteClip: call(z.strictObject({ clipId: ClipIdSchema }), z.strictObject({ clip: ClipSummarySchema })),
  /** Undoes deleteClip. */
  restoreClip: call(z.strictObject({ clipId: ClipIdSchema }), z.strictObject({ clip: ClipSummarySchema })),
  /**
   * Sets a clip's tags (each normalised; one empty or over 200 characters is refused with the reason).
   * `base`: the tags the editor showed; then only the tags this edit added or removed change, and a
   * tag added elsewhere meanwhile is kept. Without it the clip's tags become `tags`.
   */
  setTags: call(
    z.strictObject({ clipId: ClipIdSchema, tags: z.array(z.string().check(z.maxLength(1_000))).check(z.maxLength(100)), base: z.optional(z.array(z.string().check(z.maxLength(1_000))).check(z.maxLength(100))) }),
    z.strictObject({ clip: ClipSummarySchema }),
  ),
  /** Archives (now) or un-archives a clip. */
  setArchived: call(z.strictObject({ clipId: ClipIdSchema, archived: z.boolean() }), z.strictObject({ clip: ClipSummarySchema })),
  /** The reader, after each pause in reading: where the clip's reader was left (text offset of the view's top) and how far it was read (0-100), as `ClipOrganiser.setProgress` records them. */
  setReadingProgress: call(
    z.strictObject({ clipId: ClipIdSchema, offset: z.int().check(z.gte(0), z.lte(MAX_READING_OFFSET)), percent: z.int().check(z.gte(0), z.lte(100)) }),
    z.strictObject({ clip: ClipSummarySchema }),
  ),
  /** Marks a clip a favourite or not. */
  setFavorite: call(z.strictObject({ clipId: ClipIdSchema, favorite: z.boolean() }), z.strictObject({ clip: ClipSummarySchema })),
  /**
   * Sets a clip's note (an edit of its collaborative text). `base`: the note the editor last had
   * from the background; the edit `base` → `note` is then merged with what changed there
   * meanwhile (sync, another editor), which is kept. Answers the note as stored (the merge).
   */
  setClipNote: call(
    z.strictObject({ clipId: ClipIdSchema, note: z.string().check(z.maxLength(100_000)), base: z.optional(z.string().check(z.maxLength(100_000))) }),
    z.strictObject({ clip: ClipSummarySchema, note: z.string() }),
  ),
  /** A clip's row and note without its article (the note box and tag editor follow it); `tooNew`: shown read-only. */
  getClipNote: call(z.strictObject({ clipId: ClipIdSchema }), z.strictObject({ clip: ClipSummarySchema, note: z.string(), tooNew: z.boolean() })),
  /** Renames a tag on every clip, or merges it into an existing one; answers how many clips changed. */
  renameTag: call(z.strictObject({ from: z.string().check(z.maxLength(1_000)), to: z.string().check(z.maxLength(1_000)) }), z.strictObject({ clips: z.int(), tag: z.string().check(z.maxLength(1_000)) })),
  /** Removes a tag from every clip. */
  deleteTag: call(z.strictObject({ tag: z.string().check(z.maxLength(1_000)) }), z.strictObject({ clips: z.int() })),
  /**
   * One change (read, archived, favourite, deleted, a tag added or removed) to many clips at once,
   * in one durable batch; `deleted: false` undoes a bulk delete. Answers how many clips changed,
   * were already so, or were skipped.
   */
  organiseMany: call(z.strictObject({ clipIds: z.array(ClipIdSchema).check(z.minLength(1), z.maxLength(MAX_BULK_CLIPS)), change: BulkChangeSchema }), BulkOutcomeSchema),
  /**
   * Full-text search with filters (`tag:`, `state:`, `is:favorite`, `site:`, `after:`, `before:`,
   * `"phrases"`, the last word a prefix): a page of clips with the matching passage marked.
   * The side panel's filter bar and search controls come as data (`filters`, `sort`), never as
   * text appended to the query. While the index is rebuilt, answers `rebuilding` with its progress.
   */
  search: call(SearchRequestSchema, SearchPageSchema),
  /**
   * One step of the deep search: the rest of long articles (past the part the index holds),
   * searched a content document at a time from `cursor`; clips the regular search does not find,
   * with the passage marked, and the next cursor (null: done). Stateless; slower than `search`.
   */
  searchDeep: call(DeepSearchRequestSchema, DeepSearchStepSchema),
  /** Drops the search index and rebuilds it from the documents (progress in `searchStatus`); also the way out of a failed rebuild. */
  rebuildSearch: call(Empty, z.strictObject({ started: z.boolean() })),
  /**
   * The search index: ready, rebuilding (with progress), failed (`failure`: why, and the way out:
   * `rebuildSearch` again) or closed (not opened since the background started), and how many
   * clips it holds.
   */
  searchStatus: call(
    Empty,
    z.strictObject({
      status: z.enum(['ready', 'rebuilding', 'failed', 'closed']),
      progress: z.nullable(SearchProgressSchema),
      failure: z.nullable(z.string().check(z.maxLength(1_000))),
      clips: z.int(),
    }),
  ),
  /** The library's saved views (synced with it), oldest first; how many stored ones this version cannot read; whether the library is read-only. */
  listViews: call(Empty, SavedViewListSchema),
  /**
   * Saves a view: a new one (no `viewId`), a rename and/or a new spec for one (only what changed is
   * written), or a deleted one made live again with its id (undo). An empty or over-long name, a
   * 101st view or a view a newer version wrote is refused with the reason.
   */
  saveView: call(SaveViewRequestSchema, z.strictObject({ view: SavedViewSchema })),
  /** Deletes a saved view (`saveView` with its id undoes it); `deleted` false when it was not there. */
  deleteView: call(z.strictObject({ viewId: ViewIdSchema }), z.strictObject({ deleted: z.boolean() })),
  /**
   * Brings the list's thumbnails of these clips up to date (made again from their saved images
   * where out of date, src/index-db/thumbs.ts); answers the clips whose picture changed. The
   * side panel asks once for each row it shows.
   */
  thumbnails: call(z.strictObject({ clipIds: z.array(ClipIdSchema).check(z.maxLength(40)) }), z.strictObject({ changed: z.array(ClipIdSchema) })),
  /** Counts of clips per state (all, unread, read, archived, favourites) and per tag (most used first). */
  libraryFacets: call(Empty, LibraryFacetsSchema),
  /** Marks a clip read (now) or unread. */
  markRead: call(z.strictObject({ clipId: ClipIdSchema, read: z.boolean() }), z.strictObject({ clip: ClipSummarySchema })),
  /** What the options page shows: counts, storage, the library's document URL. */
  libraryInfo: call(Empty, LibraryInfoSchema),
  /** Drop and rebuild the derived index from the documents. */
  rebuildIndex: call(Empty, z.strictObject({ rows: z.number() })),
  /** Sync settings (off until the user turns it on) and the library's URL, the secret another browser joins with. */
  syncSettings: call(Empty, z.extend(SyncSettingsSchema, { libraryUrl: z.string() })),
  /**
   * Turns sync on or off, sets its servers (ws:// or wss://; a bad address is refused with the
   * reason) or "text only"; a setting left out keeps its stored value. A new server is filled
   * from local data with no other step; turning sync off keeps every local document.
   */
  setSync: call(SyncSettingsChangeSchema, z.extend(SyncSettingsSchema, { libraryUrl: z.string() })),
  /** Connected, syncing N of M, offline, or an error with its reason (also broadcast on `SYNC_STATUS_CHANNEL`). */
  syncStatus: call(Empty, SyncStatusSchema),
  /**
   * Joins another browser's library by its URL: this browser's clips are merged into it (none
   * lost), and it becomes this browser's library. Needs sync on, to fetch the library.
   */
  joinLibrary: call(z.strictObject({ libraryUrl: z.string().check(z.maxLength(200)) }), z.strictObject({ libraryUrl: z.string(), merged: z.number() })),
  /** A clip's highlights (deleted ones left out), each with whether it is found in the saved copy. */
  clipHighlights: call(z.strictObject({ clipId: ClipIdSchema }), z.strictObject({ highlights: z.array(HighlightViewSchema) })),
  /**
   * Every highlight in the library, newest first (equal times by id), a page at a time: `before`
   * and `beforeId` are the `createdAt` and id of the previous page's last highlight (`nextPage`).
   */
  libraryHighlights: call(
    z.strictObject({ limit: z.int().check(z.gte(1), z.lte(500)), before: z.optional(z.number()), beforeId: z.optional(HighlightIdSchema) }),
    z.strictObject({ highlights: z.array(LibraryHighlightSchema), more: z.boolean() }),
  ),
  /**
   * A highlight made in the reader: `target` is described on the saved copy (its text model).
   * `highlightId` is made by the caller (`newHighlightId`), so a re-sent call adds it once.
   */
  addHighlight: call(z.strictObject({ clipId: ClipIdSchema, highlightId: HighlightIdSchema, target: HighlightTargetSchema, color: HighlightColorSchema, note: NoteSchema }), OneHighlight),
  /** Changes a highlight's colour or note, deletes it, or undoes the delete. */
  changeHighlight: call(z.extend(HighlightChange, { clipId: ClipIdSchema }), OneHighlight),
  /**
   * Starts importing an uploaded file the options page stored in the import file store
   * (src/import/file-store.ts) under `fileId`; answers the new job at once (progress follows on
   * `IMPORT_STATUS_CHANNEL`). Refused while another import runs.
   */
  startImport: call(z.strictObject({ fileId: z.string().check(z.minLength(1), z.maxLength(64)), name: z.string().check(z.maxLength(1_000)) }), z.strictObject({ job: ImportJobSchema })),
  /** The current or last import job (null if none), resumed first if a restart left it running. */
  importStatus: call(Empty, z.strictObject({ job: z.nullable(ImportJobSchema) })),
  /** Fetching imported links' articles in the background: the user's choice to do it after every import, and the current or last run. */
  linkFetchStatus: call(Empty, LinkFetchStatusSchema),
  /** Turns fetching the articles of imported links after every import on or off (off until the user turns it on). */
  setLinkFetchAuto: call(z.strictObject({ on: z.boolean() }), LinkFetchStatusSchema),
  /** Starts fetching every imported link still without its article (politely, in the background), or pauses, resumes or cancels it. */
  linkFetchControl: call(z.strictObject({ action: z.enum(['start', 'pause', 'resume', 'cancel']) }), LinkFetchStatusSchema),
  /**
   * Exports the library (or the clips of a scope) as a zip into the downloads folder; answers
   * the new job at once, progress follows on `EXPORT_STATUS_CHANNEL`. Refused while another
   * export runs.
   */
  startExport: call(z.strictObject({ scope: ExportScopeSchema }), z.strictObject({ job: ExportJobSchema })),
  /** The current or last export job, and the backup schedule with its last backups. */
  exportStatus: call(Empty, z.strictObject({ job: z.nullable(ExportJobSchema), backup: BackupStateSchema })),
  /** Turns scheduled backups on or off, or changes how often and how many are kept. */
  setBackupSettings: call(BackupSettingsSchema, BackupStateSchema),
  /** Runs a backup now, whether or not one is due (it counts as the latest backup). */
  backupNow: call(Empty, z.strictObject({ job: ExportJobSchema })),
  /** Shows a finished export's file in the system's file manager. */
  showExport: call(z.strictObject({ downloadId: z.int() }), z.strictObject({ shown: z.boolean() })),
  /**
   * One of the library's documents as its Automerge binary (base64), for the exporter in the
   * offscreen document; null for a URL that is not one of the library's documents.
   */
  exportDocument: call(z.strictObject({ url: z.string().check(z.maxLength(200)) }), z.strictObject({ bytes: z.nullable(z.string()) })),
  /** Scrolls the live page open in the active tab to a highlight (when that tab shows the clip's page). */
  revealHighlight: call(z.strictObject({ clipId: ClipIdSchema, highlightId: HighlightIdSchema }), z.strictObject({ found: z.boolean() })),
  /**
   * A clip's saved images for the reader (bytes as base64), at most ~8 MB a page from image
   * `from`; with whether they are saved, waiting, or not on this device, and those left out.
   */
  getClipImages: call(z.strictObject({ clipId: ClipIdSchema, from: z.optional(z.int().check(z.gte(0))) }), ClipImagesSchema),
  /** "Save article images" and the per-clip cap (on, 5 MB until the user changes them). */
  imageSettings: call(Empty, ImageSettingsSchema),
  /** Changes the image settings; they apply to the next saves. */
  setImageSettings: call(ImageSettingsSchema, ImageSettingsSchema),
  /** Space used by the library's text, images and snapshots, and the browser's storage estimate. */
  storageUsage: call(Empty, StorageUsageSchema),
  /** Saves the page in a tab with a full-page copy (a self-contained snapshot, src/snapshot/) kept with its clip. */
  saveFullPage: call(z.strictObject({ tabId: z.int() }), SaveOutcomeSchema),
  /** Whether a clip has a full-page copy, and its size; null when it has none. */
  snapshotInfo: call(z.strictObject({ clipId: ClipIdSchema }), z.nullable(SnapshotInfoSchema)),
  /**
   * For a clip without a full-page copy: whether the copy kept with every page saved is still
   * to be taken (it follows the save), or why it was not made (a sentence the reader shows).
   */
  snapshotStatus: call(z.strictObject({ clipId: ClipIdSchema }), SnapshotStatusSchema),
  /** A clip's full-page copy for the snapshot viewer (`not-found` with the reason when there is none here). */
  getSnapshot: call(z.strictObject({ clipId: ClipIdSchema }), SnapshotViewSchema),
  /** "Save a full-page copy with every page I save" and the largest copy kept. */
  snapshotSettings: call(Empty, SnapshotSettingsSchema),
  /** Changes the snapshot settings; they apply to the next saves. */
  setSnapshotSettings: call(SnapshotSettingsSchema, SnapshotSettingsSchema),
};

/**
 * Content script → background. The sender is checked to be this extension's content script in
 * a tab, and every call acts on the clip of the sender's own page (its URL comes from the
 * browser, never from the message), so a page cannot reach another clip through it.
 */
export const contentToBackground = {
  /** The clip saved for this page, if any, and its highlights (to draw). */
  pageHighlights: call(Empty, z.strictObject({ clipId: z.nullable(ClipIdSchema), highlights: z.array(HighlightViewSchema) })),
  /**
   * Highlights a selection of this page (`target` described on the live page); saves the page
   * first when it is not saved. `highlightId` is made by the caller (`newHighlightId`), so a
   * re-sent call (after the background was stopped mid-call) adds it once.
   */
  highlightOnPage: call(
    z.strictObject({ highlightId: HighlightIdSchema, target: HighlightTargetSchema, color: HighlightColorSchema, note: NoteSchema }),
    z.extend(OneHighlight, { savedPage: z.boolean() }),
  ),
  /** Changes one of this page's highlights (colour, note, delete or undo). */
  changePageHighlight: call(HighlightChange, OneHighlight),
  /**
   * A resource of this page (image, font, stylesheet) for a full-page snapshot, fetched by the
   * background, which may read other origins: http(s) only, checked against the sender's page
   * (src/snapshot/resource-fetch.ts: no private addresses for a public page, cookies only for
   * its own site, 10 MB, 20 s). Null when refused or failed.
   */
  fetchResource: call(
    z.strictObject({ url: Url }),
    z.strictObject({ resource: z.nullable(z.strictObject({ type: z.string().check(z.maxLength(200)), url: z.string().check(z.maxLength(8_192)), base64: z.string().check(z.maxLength(14_000_000)) })) }),
  ),
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
  /** Describes the current selection for a highlight (menu, shortcut); an error value when there is none or it cannot be highlighted. */
  describeSelection: call(Empty, z.strictObject({ target: HighlightTargetSchema })),
  /** The page's highlights changed elsewhere (the reader, another browser): draw these. */
  showHighlights: call(z.strictObject({ clipId: ClipIdSchema, highlights: z.array(HighlightViewSchema) }), z.strictObject({ drawn: z.number(), orphans: z.number() })),
  /** Scrolls to a highlight and flashes it. */
  scrollToHighlight: call(z.strictObject({ highlightId: HighlightIdSchema }), z.strictObject({ found: z.boolean() })),
  /**
   * A full-page snapshot of the page (or this frame) as rendered (src/snapshot/): one
   * self-contained HTML document (styles, images and fonts inlined, no script, nothing remote)
   * of at most `maxBytes` (default 30 MB), with counts of what was inlined, left out and failed,
   * and placeholders for the frames of other origins `tagFrames` tagged (stitched in by the background).
   */
  snapshotPage: call(
    z.strictObject({
      maxBytes: z.optional(z.int().check(z.gte(100_000), z.lte(38_000_000))),
      /** How deep this frame is in the tab (0: the page), and how many frames it may keep: a frame's share of the limits. */
      frameLevel: z.optional(z.int().check(z.gte(0), z.lte(8))),
      maxFrames: z.optional(z.int().check(z.gte(0), z.lte(50))),
    }),
    PageCaptureSchema,
  ),
  /**
   * Before a snapshot, in every frame: a frame that is a walk's root (the page, or a frame whose
   * parent cannot read it) gives each frame it cannot read a token and posts it to that frame
   * (extension/snapshot/frame-tokens.ts); answers the tokens given (none elsewhere).
   */
  tagFrames: call(Empty, z.strictObject({ tokens: z.array(FrameTokenSchema).check(z.maxLength(200)) })),
  /** The token this frame was given by an ancestor's `tagFrames`, or null. */
  frameToken: call(Empty, z.strictObject({ token: z.nullable(FrameTokenSchema) })),
  /**
   * Fetches one image of the page from the page's own context (its cookies, CORS and the
   * browser's cache), GET only, at most `maxBytes`; null when that fails (the background then
   * fetches it itself).
   */
  fetchImage: call(z.strictObject({ url: Url, maxBytes: z.int().check(z.gte(1), z.lte(21_000_000)) }), z.strictObject({ image: z.nullable(FetchedImageSchema) })),
};

/** Background → offscreen document (Chromium), which has the DOM a service worker lacks. */
export const backgroundToOffscreen = {
  /** Extracts fetched HTML ("Save link"). */
  extractHtml: call(z.strictObject({ html: z.string().check(z.maxLength(40_000_000)), url: Url, contentType: z.string().check(z.maxLength(200)) }), ExtractedPageSchema),
  /** Runs a stored article (an imported Commonplace export's) through the capture sanitiser, nothing else: no extraction. */
  sanitizeArticle: call(z.strictObject({ html: z.string().check(z.maxLength(40_000_000)), baseUrl: z.string().check(z.maxLength(8_192)) }), z.strictObject({ html: z.string() })),
  /** Writes an export zip into a Blob (documents come from `exportDocument`); answers its blob: URL for `downloads.download`. */
  runExport: call(z.strictObject({ job: ExportJobSchema, rootUrl: z.string().check(z.maxLength(200)) }), z.strictObject({ blobUrl: z.string().check(z.maxLength(500)), bytes: z.number(), clips: z.number() })),
  /** Revokes a blob: URL once its download has finished. */
  releaseExport: call(z.strictObject({ blobUrl: z.string().check(z.maxLength(500)) }), z.strictObject({ released: z.boolean() })),
  /** Sanitises a saved SVG image (src/sanitize/svg.ts: no script, handler or external reference); null when it is not SVG. */
  sanitizeSvg: call(z.strictObject({ svg: z.string().check(z.maxLength(3_000_000)) }), z.strictObject({ svg: z.nullable(z.string()) })),
};

export type CallMap = Record<string, { req: z.ZodMiniType; res: z.ZodMiniType }>;
export type Target = 'background' | 'content' | 'offscreen';
export type UiToBackground = typeof uiToBackground;
export type ContentToBackground = typeof contentToBackground;
