import { MAX_SERVERS, parseServerUrl } from '../../src/sync/settings';

/** One server address as the user is typing it (`id` keeps its input across adds and removes). */
export interface Draft {
  readonly id: number;
  readonly text: string;
}

/** A draft, checked: its normalised URL, or why it is not one (null for an empty line). */
export interface Checked {
  readonly url: string | null;
  readonly error: string | null;
}

let nextId = 1;
export const newDraft = (text = ''): Draft => ({ id: nextId++, text });

/** The inputs for a saved list: one per server, or one empty input when there are none. */
export const draftsOf = (servers: readonly string[]): Draft[] => (servers.length ? servers.map((s) => newDraft(s)) : [newDraft()]);

/** Checks every draft with `parseServerUrl` (the background's own rule); empty lines are ignored; repeats are refused. */
export function checkDrafts(drafts: readonly Draft[]): Checked[] {
  const seen = new Set<string>();
  return drafts.map(({ text }) => {
    if (text.trim() === '') return { url: null, error: null };
    const parsed = parseServerUrl(text);
    if (!parsed.ok) return { url: null, error: parsed.message };
    if (seen.has(parsed.url)) return { url: null, error: 'This server is already in the list.' };
    seen.add(parsed.url);
    return { url: parsed.url, error: null };
  });
}

/** What the form can do with the drafts as they are. */
export function draftSummary(checks: readonly Checked[], saved: readonly string[]) {
  const urls = checks.flatMap((c) => (c.url ? [c.url] : []));
  const hasErrors = checks.some((c) => c.error);
  return {
    urls,
    hasErrors,
    /** At least one valid server and no invalid one: sync may be turned on. */
    usable: urls.length > 0 && !hasErrors,
    changed: urls.join('\n') !== saved.join('\n'),
  };
}

export { MAX_SERVERS };
