import { useLayoutEffect, useState } from 'preact/hooks';

/**
 * The side panel's views, kept in the URL hash (its only router): the reading list (''),
 * every highlight in the library (`#highlights`), every tag (`#tags`), or one clip in the reader (`#clip=ID`),
 * optionally scrolled to one of its highlights (`#clip=ID&highlight=HID`).
 */
export type Route = { readonly view: 'clips' } | { readonly view: 'highlights' } | { readonly view: 'tags' } | { readonly view: 'clip'; readonly clipId: string; readonly highlightId: string | null };

/** The route a hash names (with or without its '#'); anything unknown is the reading list. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  if (raw === 'highlights') return { view: 'highlights' };
  if (raw === 'tags') return { view: 'tags' };
  const params = new URLSearchParams(raw);
  const clipId = params.get('clip');
  if (clipId) return { view: 'clip', clipId, highlightId: params.get('highlight') };
  return { view: 'clips' };
}

/** The hash (without '#') that names `route`. */
export function routeHash(route: Route): string {
  if (route.view === 'highlights') return 'highlights';
  if (route.view === 'tags') return 'tags';
  if (route.view === 'clips') return '';
  const params = new URLSearchParams({ clip: route.clipId });
  if (route.highlightId) params.set('highlight', route.highlightId);
  return params.toString();
}

/**
 * Dispatched on `window` just before the panel navigates to another view, while the view it
 * leaves is still as the user left it (the reader saves its place then: use-reading-position.ts).
 */
export const NAVIGATE_EVENT = 'commonplace-navigate';

/** The current route, following `hashchange`, and a function that navigates to another. */
export function useHashRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  // Followed from the first render (not after paint), so a navigation made as the panel appears is not missed.
  useLayoutEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const go = (next: Route) => {
    // Told first: the hash change below scrolls the window at once (to the top for the list).
    dispatchEvent(new Event(NAVIGATE_EVENT));
    location.hash = routeHash(next);
  };
  return [route, go];
}
