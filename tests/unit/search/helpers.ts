import type { ClipFields } from '../../../src/search/fields';

/** A clip to index, with defaults for every field. */
export function clip(id: string, extra: Partial<ClipFields> = {}): ClipFields {
  return {
    id,
    title: `Title ${id}`,
    siteName: null,
    byline: null,
    url: `https://example.com/${id}`,
    text: '',
    highlights: [],
    note: '',
    tags: [],
    savedAt: 1_700_000_000_000,
    readAt: null,
    archivedAt: null,
    favorite: false,
    deleted: false,
    ...extra,
  };
}
