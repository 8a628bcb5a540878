import { useEffect, useState } from 'preact/hooks';
import { VIEWS_CHANGED_CHANNEL } from '../../src/schema/plain-values';
import type { SavedView, ViewSpec } from '../../src/schema/saved-view';
import type { ViewId } from '../../src/schema/ids';
import { loadCachedViews, saveCachedViews } from './saved-views-cache';

/** A write's outcome: the view (saved) or the message to show. */
type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The library's saved views: drawn at once from the last ones seen, then asked of the background
 * (`listViews`) and asked again whenever it announces a change to the root (`VIEWS_CHANGED_CHANNEL`:
 * a view saved in another panel or arriving through sync). Writes answer an outcome, never throw.
 */
export function useSavedViews() {
  const [views, setViews] = useState<SavedView[]>(loadCachedViews);
  const [readOnly, setReadOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      const { background } = await import('../messaging');
      const res = await background('listViews', {});
      if (!alive) return;
      if (!res.ok) return setError(`Saved views could not be read: ${res.error.message}`);
      setError(null);
      setViews(res.value.views);
      setReadOnly(res.value.readOnly);
      saveCachedViews(res.value.views);
    };
    void ask();
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(VIEWS_CHANGED_CHANNEL);
    if (channel) channel.onmessage = () => (clearTimeout(timer), (timer = setTimeout(() => void ask(), 100)));
    return () => {
      alive = false;
      clearTimeout(timer);
      channel?.close();
    };
  }, []);

  /** Saves a new view, or renames / re-points one (`viewId`), or brings a deleted one back. */
  const save = async (name: string, spec: ViewSpec | undefined, viewId?: ViewId): Promise<Outcome<SavedView>> => {
    const [{ background }, { newViewId }] = await Promise.all([import('../messaging'), import('../../src/schema/ids')]);
    // A new view's id is made here: a call sent again (the background stopped before it answered) saves the same view, not a second one.
    const res = await background('saveView', { name, ...(spec && { spec }), viewId: viewId ?? newViewId() });
    if (!res.ok) return { ok: false, message: res.error.message };
    const view = res.value.view;
    setViews((all) => {
      const next = all.some((v) => v.id === view.id) ? all.map((v) => (v.id === view.id ? view : v)) : [...all, view].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
      saveCachedViews(next);
      return next;
    });
    return { ok: true, value: view };
  };
  const remove = async (view: SavedView): Promise<Outcome<boolean>> => {
    const { background } = await import('../messaging');
    const res = await background('deleteView', { viewId: view.id });
    if (!res.ok) return { ok: false, message: res.error.message };
    setViews((all) => {
      const next = all.filter((v) => v.id !== view.id);
      saveCachedViews(next);
      return next;
    });
    return { ok: true, value: res.value.deleted };
  };
  return { views, readOnly, error, save, remove };
}
