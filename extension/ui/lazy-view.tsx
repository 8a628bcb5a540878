import type { ComponentChild, ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A view whose module loads on first use, drawn as `fallback` until then; what `lazy` and
 * `Suspense` do, without preact/compat. The compat layer would be in the side panel's first
 * scripts and hooks every element Preact creates (every row of every list), for these two
 * functions only. A module that cannot load (the extension was updated under an open panel)
 * shows the way out instead of nothing. Loaded once for every instance.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ComponentChild): FunctionComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function LazyView(props: P) {
    const [failed, setFailed] = useState<string | null>(null);
    const [, setReady] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      pending ??= load().then((c) => (loaded = c));
      pending.then(
        () => live && setReady(true),
        (e: unknown) => {
          pending = null; // the next mount tries again
          if (live) setFailed(e instanceof Error ? e.message : String(e));
        },
      );
      return () => void (live = false);
    }, []);
    if (loaded) {
      const View = loaded;
      return <View {...props} />;
    }
    if (failed !== null) {
      return (
        <p class="error banner" role="alert" data-testid="view-load-failed">
          This view could not load ({failed}). Close and reopen the panel.
        </p>
      );
    }
    return <>{fallback}</>;
  };
}
