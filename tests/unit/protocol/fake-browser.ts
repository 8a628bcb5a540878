/**
 * A do-nothing `browser` for importing the background's modules in Node: every property is a
 * function or an object of functions, each resolving to undefined. Tests override what they need
 * through `overrides` (e.g. `tabs.get`).
 */
export const overrides: Record<string, Record<string, (...args: unknown[]) => unknown>> = {};

function deep(path: string[]): unknown {
  const fn = (..._args: unknown[]) => Promise.resolve(undefined);
  return new Proxy(fn, {
    get(_t, key) {
      if (typeof key === 'symbol') return undefined;
      if (key === 'then') return undefined;
      const [ns, ...rest] = [...path, key];
      if (rest.length === 1 && overrides[ns!]?.[rest[0]!]) return overrides[ns!]![rest[0]!];
      if (key === 'id' && path.length === 1 && path[0] === 'runtime') return 'me';
      if (key === 'getURL') return (p: string) => `chrome-extension://me${p}`;
      if (key === 'getManifest') return () => ({ version: '1.0.0' });
      return deep([...path, key]);
    },
  });
}

export const fakeBrowser = deep([]);
