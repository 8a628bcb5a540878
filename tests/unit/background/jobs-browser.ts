/**
 * A small in-memory stand-in for the `browser` object of wxt/browser, for the background's job
 * modules: storage.local (structured-cloned, async), alarms, tabs, downloads, action, runtime.
 * Use: vi.mock('wxt/browser', async () => ({ browser: (await import('./fake-browser')).browser })).
 */
type Listener<A extends unknown[]> = (...args: A) => void;

export const stored = new Map<string, unknown>();
export const alarms = new Map<string, { name: string; periodInMinutes?: number; scheduledTime: number }>();
export const tabs = new Map<number, { id: number; url?: string; incognito?: boolean; title?: string }>();
export const calls: string[] = [];

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

function keysOf(keys: string | string[] | null | undefined): string[] {
  if (keys === null || keys === undefined) return [...stored.keys()];
  return Array.isArray(keys) ? keys : [keys];
}

const downloadListeners = new Set<Listener<[{ id: number; state?: { current?: string } }]>>();
export const downloads = new Map<number, { id: number; filename: string; state: string; error?: string; exists?: boolean; url: string }>();
let nextDownload = 1;
export const downloadBehaviour: { refuse: Error | null; interrupt: string | null } = { refuse: null, interrupt: null };

export const browser = {
  storage: {
    local: {
      get: async (keys?: string | string[] | null) => {
        await tick();
        const out: Record<string, unknown> = {};
        for (const k of keysOf(keys)) if (stored.has(k)) out[k] = structuredClone(stored.get(k));
        return out;
      },
      set: async (items: Record<string, unknown>) => {
        await tick();
        for (const [k, v] of Object.entries(items)) stored.set(k, structuredClone(v));
      },
      remove: async (keys: string | string[]) => {
        await tick();
        for (const k of keysOf(keys)) stored.delete(k);
      },
    },
  },
  alarms: {
    create: async (name: string, info: { periodInMinutes?: number; delayInMinutes?: number; when?: number }) => {
      calls.push(`alarms.create ${name}`);
      alarms.set(name, { name, periodInMinutes: info.periodInMinutes, scheduledTime: info.when ?? Date.now() + (info.delayInMinutes ?? info.periodInMinutes ?? 0) * 60_000 });
    },
    clear: async (name: string) => {
      calls.push(`alarms.clear ${name}`);
      return alarms.delete(name);
    },
    get: async (name: string) => alarms.get(name),
    getAll: async () => [...alarms.values()],
  },
  runtime: {
    id: 'test-extension',
    lastError: undefined as { message?: string } | undefined,
    getPlatformInfo: async () => ({ os: 'linux' }),
    getManifest: () => ({ version: '0.0.0' }),
    getURL: (p: string) => `chrome-extension://test-extension${p}`,
    sendMessage: async () => undefined,
  },
  tabs: {
    get: async (id: number) => {
      await tick();
      const t = tabs.get(id);
      if (!t) throw new Error(`No tab with id: ${id}.`);
      return { ...t };
    },
    query: async () => [...tabs.values()],
  },
  downloads: {
    download: async (opts: { url: string; filename: string }) => {
      await tick();
      if (downloadBehaviour.refuse) throw downloadBehaviour.refuse;
      const id = nextDownload++;
      downloads.set(id, { id, filename: `/home/u/Downloads/${opts.filename}`, state: 'in_progress', url: opts.url });
      setTimeout(() => {
        const d = downloads.get(id)!;
        if (downloadBehaviour.interrupt) Object.assign(d, { state: 'interrupted', error: downloadBehaviour.interrupt });
        else d.state = 'complete';
        for (const l of [...downloadListeners]) l({ id, state: { current: d.state } });
      }, 5);
      return id;
    },
    search: async (q: { id?: number; filename?: string; filenameRegex?: string; query?: string[] }) => {
      await tick();
      return [...downloads.values()]
        .filter((d) => q.id === undefined || d.id === q.id)
        .filter((d) => q.filename === undefined || d.filename === q.filename)
        .filter((d) => q.filenameRegex === undefined || new RegExp(q.filenameRegex).test(d.filename))
        .filter((d) => !q.query || q.query.every((w) => d.filename.includes(w)))
        .map((d) => ({ ...d }));
    },
    removeFile: async (id: number) => void calls.push(`downloads.removeFile ${id}`),
    erase: async (q: { id: number }) => void calls.push(`downloads.erase ${q.id}`),
    show: (id: number) => void calls.push(`downloads.show ${id}`),
    onChanged: {
      addListener: (l: Listener<[{ id: number; state?: { current?: string } }]>) => void downloadListeners.add(l),
      removeListener: (l: Listener<[{ id: number; state?: { current?: string } }]>) => void downloadListeners.delete(l),
    },
  },
  action: {
    setBadgeText: async (d: { tabId?: number; text: string }) => {
      if (d.tabId !== undefined && !tabs.has(d.tabId)) throw new Error(`No tab with id: ${d.tabId}.`);
      calls.push(`badge ${d.tabId ?? '*'} ${d.text}`);
    },
    setTitle: async (d: { tabId?: number; title: string }) => {
      if (d.tabId !== undefined && !tabs.has(d.tabId)) throw new Error(`No tab with id: ${d.tabId}.`);
      calls.push(`title ${d.tabId ?? '*'} ${d.title}`);
    },
  },
  scripting: {
    executeScript: async () => {
      throw new Error('Cannot access contents of the page.');
    },
  },
};

/** Forgets everything (between tests). */
export function resetFakeBrowser(): void {
  stored.clear();
  alarms.clear();
  tabs.clear();
  calls.length = 0;
  downloads.clear();
  downloadBehaviour.refuse = null;
  downloadBehaviour.interrupt = null;
}
