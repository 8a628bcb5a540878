import { mergedMap } from '../library/map-conflicts';
import { readStoredView, type RestoredView } from '../library/saved-views';
import { ViewIdSchema, type ViewId } from '../schema/ids';
import { newerStoredView, type SavedViewV1 } from '../schema/saved-view';

/**
 * The saved views a Commonplace export's root document holds (`views`, docs/schema.md), as a
 * restore writes them back (`SavedViews.restore`): every version of the map two devices made at
 * once read (`mergedMap`, the later `changedAt` winning, as the library reads it), deleted views
 * and those this version cannot read (another layout, a tag no reader can show, an id that is no
 * id) left out, oldest first. Why: the views live in the root, not in any clip, so reading only
 * the clips lost every saved view in a backup → restore round trip. Never throws: a root that is
 * not a library root gives none.
 */
export function exportedViews(root: unknown): RestoredView[] {
  if (!root || typeof root !== 'object') return [];
  let stored: Record<string, SavedViewV1>;
  try {
    stored = mergedMap<SavedViewV1>(root, 'views', newerStoredView);
  } catch {
    return [];
  }
  const out: RestoredView[] = [];
  for (const [id, v] of Object.entries(stored)) {
    if (!v || typeof v !== 'object' || v.deletedAt != null || !ViewIdSchema.safeParse(id).success) continue;
    const view = readStoredView(id as ViewId, v);
    const changedAt = typeof v.changedAt === 'number' && Number.isFinite(v.changedAt) ? v.changedAt : view?.createdAt ?? 0;
    if (view) out.push({ ...view, changedAt });
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}
