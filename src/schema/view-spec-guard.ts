import { isTagName } from '../library/tags';
import { LIST_STATES, SORT_ORDERS } from './plain-values';
import type { ViewSpec } from './saved-view';

const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
/** A day as a date input gives it (`YYYY-MM-DD`), or '' for no bound. */
const DAY = /^(\d{4}-\d{2}-\d{2})?$/;

/**
 * Whether a value is a view spec this version can apply: `ViewSpecSchema`'s rules without zod, so
 * the side panel's first paint can check its cached views, and the library the views another
 * device stored, with the same code. Its tag, when there is one, is also one a clip can hold
 * (`isTagName`): a tag of only spaces or invisible characters (damaged, or a bad sync) listed
 * nothing under a "(0)" chip instead of being counted unreadable like the tag ''. A tag longer
 * than the library now keeps, stored before the cap, is one.
 */
export function isViewSpec(s: unknown): s is ViewSpec {
  if (!s || typeof s !== 'object') return false;
  const o = s as Record<string, unknown>;
  return (
    str(o.query, 4_000) &&
    LIST_STATES.some((x) => x === o.state) &&
    // A tag is never '' (the tag menu's "All tags" is null): a list of the tag '' is empty while the menu shows every tag.
    // Nor anything else that is no tag (only spaces, invisible characters or `#`s): its list is empty too.
    (o.tag === null || (str(o.tag, 1_000) && isTagName(o.tag))) &&
    SORT_ORDERS.some((x) => x === o.sort) &&
    str(o.site, 300) &&
    str(o.from, 10) &&
    DAY.test(o.from) &&
    str(o.to, 10) &&
    DAY.test(o.to)
  );
}
