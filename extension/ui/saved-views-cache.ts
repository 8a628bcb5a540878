import type { SavedView, ViewSpec } from '../../src/schema/saved-view';
import { isViewSpec } from '../../src/schema/view-spec-guard';

/**
 * The saved views as this side panel last got them (this extension's localStorage), so the strip
 * is drawn with the list's first paint, before the background answers; the background's answer
 * replaces them. Checked without zod (the first-paint path loads none): anything odd is dropped.
 */
const KEY = 'commonplace-saved-views';

const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/** The views last seen, or none. */
export function loadCachedViews(): SavedView[] {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter((v): v is SavedView => !!v && typeof v === 'object' && str(v.id, 64) && str(v.name, 200) && v.name !== '' && typeof v.createdAt === 'number' && isViewSpec(v.spec)).slice(0, 200);
  } catch {
    return [];
  }
}

/** Keeps `views` for the next opening. */
export function saveCachedViews(views: readonly SavedView[]): void {
  try {
    if (views.length === 0) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, JSON.stringify(views));
  } catch {
    // Storage refused: the strip is drawn once the background answers.
  }
}

/** Whether two specs show the same list (the typed words compared trimmed). */
export const sameSpec = (a: ViewSpec, b: ViewSpec): boolean =>
  a.query.trim() === b.query.trim() && a.state === b.state && a.tag === b.tag && a.sort === b.sort && a.site.trim() === b.site.trim() && a.from === b.from && a.to === b.to;
