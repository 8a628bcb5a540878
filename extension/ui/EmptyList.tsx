import type { ListFilter } from '../../src/index-db/list-query';
import type { LibraryFacets } from '../../src/schema/clip-summary';

/** What an empty reading list says, for each filter: why it is empty and what to do. */
function message(filter: ListFilter, facets: LibraryFacets | null): { title: string; hint: string } {
  if (facets?.all === 0 || (facets === null && filter.state === 'all' && filter.tag === null))
    return { title: 'Nothing saved yet', hint: 'Use the toolbar button, Alt+Shift+S, or right-click → “Save page to Commonplace”. Saved pages stay readable offline.' };
  const tagged = filter.tag === null ? '' : ` tagged “${filter.tag}”`;
  switch (filter.state) {
    case 'unread':
      return { title: `No unread clips${tagged}`, hint: 'You are all caught up. Clips you save start here; “Mark read” in the reader takes one off.' };
    case 'reading':
      return { title: `Nothing in progress${tagged}`, hint: 'Clips you started and have not finished wait here: open one from Unread and read a little.' };
    case 'favorites':
      return { title: `No favourites${tagged} yet`, hint: 'Star a clip (☆) in the reader or the popup to keep it here.' };
    case 'archived':
      return { title: `No archived clips${tagged} yet`, hint: 'Archive a clip from the reader when you are done with it: it leaves the list and waits here.' };
    default:
      return filter.tag !== null
        ? { title: `No clips${tagged} in the list`, hint: 'Archived ones are under Archived. Pick another tag, or “All tags”.' }
        : { title: 'Everything is archived', hint: 'Archived clips are under Archived; save a page to start the list again.' };
  }
}

/** The empty reading list, with a way out when a filter emptied it. */
export function EmptyList({ filter, facets, onReset }: { filter: ListFilter; facets: LibraryFacets | null; onReset: () => void }) {
  const { title, hint } = message(filter, facets);
  const filtered = filter.state !== 'all' || filter.tag !== null;
  return (
    <div class="empty" data-testid="empty-list" data-state={filter.state} data-tag={filter.tag ?? ''}>
      <h2>{title}</h2>
      <p class="muted">{hint}</p>
      {filtered && (
        <button data-testid="reset-filter" onClick={onReset}>
          Show all clips
        </button>
      )}
    </div>
  );
}
