/**
 * Values the schemas are built from, without zod: the capture kinds, the id patterns, a clip's
 * reading states, the side panel's lists and the orders results come in. The search engine, the
 * index, the exports and the imports take them from here too (src/search uses no zod).
 * Why: code on the side panel's first-paint path (the list's row check,
 * clip-summary-guard.ts) checks against them, and importing them from the zod schemas made
 * every opening of the side panel build all of zod and the capture schemas first (~50 ms;
 * tests/unit/conventions/first-paint.test.ts keeps zod off that path). Defined once, here:
 * capture.ts and ids.ts build their schemas from these.
 */

/** What a clip was captured from (`CaptureKindSchema`'s values). */
export const CAPTURE_KINDS = ['page', 'selection', 'link'] as const;

/** Every id minted here (clip, highlight, content and media document ids): url-safe base64, 16-64 characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** An automerge-repo document URL. */
export const DOC_URL_PATTERN = /^automerge:[1-9A-HJ-NP-Za-km-z]{20,60}$/;

/**
 * A clip's reading state. The documents keep when a clip was read and archived (`readAt`,
 * `archivedAt`); this is read from them by {@link clipStateOf}. The order is stored (the search
 * index's snapshot keeps a state as its position in this list), so new states go at the end.
 */
export const CLIP_STATES = ['unread', 'read', 'archived'] as const;
/** One of {@link CLIP_STATES}. */
export type ClipState = (typeof CLIP_STATES)[number];

/** A clip's state from its fields: archived wins over read. */
export function clipStateOf(clip: { readonly readAt: number | null; readonly archivedAt: number | null }): ClipState {
  return clip.archivedAt != null ? 'archived' : clip.readAt != null ? 'read' : 'unread';
}

/**
 * Whether a clip is being read ("continue reading"): started and not finished (reading progress
 * 1-99), and still unread (neither marked read nor archived).
 */
export function isReading(clip: { readonly readAt: number | null; readonly archivedAt: number | null; readonly progress?: number | null }): boolean {
  return clipStateOf(clip) === 'unread' && inProgress(clip.progress ?? 0);
}

/** Whether a reading progress (0-100) is started and not finished. */
export const inProgress = (percent: number): boolean => percent > 0 && percent < 100;

/**
 * The lists the side panel's filter bar offers, in the order it shows them: `unread` is every clip
 * neither archived nor read, `reading` those of them started and not finished (`isReading`), `all`
 * every clip not archived, `favorites` every favourite (archived ones too), `archived` only those
 * (`statePredicate` in src/index-db/list-query.ts).
 */
export const LIST_STATES = ['unread', 'reading', 'all', 'favorites', 'archived'] as const;
/** One of {@link LIST_STATES}. */
export type ListState = (typeof LIST_STATES)[number];

/**
 * How results are ordered, in the order the sort menus offer them: by relevance (newest first
 * when nothing was typed), newest saved first (`saved`), oldest first, by title (A–Z), by the
 * article's length (shortest or longest first, unknown lengths last), most recently published
 * first (`published`: pages that give no date last), furthest read first (`progress`: the reading
 * progress, clips not started last).
 */
export const SORT_ORDERS = ['relevance', 'saved', 'oldest', 'title', 'shortest', 'longest', 'published', 'progress'] as const;
/** One of {@link SORT_ORDERS}. */
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Most saved views one library keeps (src/library/saved-views.ts). */
export const MAX_SAVED_VIEWS = 100;
/** Longest name of a saved view, in characters (code points). */
export const MAX_VIEW_NAME_CHARS = 80;
/** Where the background announces that the saved views changed (here or through sync); the side panel reads them again. */
export const VIEWS_CHANGED_CHANNEL = 'commonplace-views-changed';
/** The BroadcastChannel the background posts on once the search index has taken in a change (open searches, and saved views' counts, ask again). */
export const SEARCH_CHANGED_CHANNEL = 'commonplace-search-changed';

/** Broadcast (`BroadcastChannel`) with `{ clipId }` when a clip's images were saved or given up (`synced: true`: they came through sync). */
export const IMAGES_CHANNEL = 'commonplace-images';
