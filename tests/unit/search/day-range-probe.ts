/**
 * Run by day-start-dst.test.ts in a Node process of its own with `TZ` set (a worker thread's
 * `process.env.TZ` does not change its time zone): prints, as JSON, where `parseDate` puts the
 * day given and the next one's start against local midnight, and what a search with that day
 * as its range finds of a clip saved at 00:30 on it.
 */
import { ClipSearch } from '../../../src/search/clip-search';
import { parseDate } from '../../../src/search/query';
import { MemorySearchIndexStore } from '../../../src/search/store';
import { clip } from './helpers';

const [y, m, d] = process.argv[2]!.split('-').map(Number) as [number, number, number];
const day = process.argv[2]!;
const before = new Date(y, m - 1, d - 1);
const dayBefore = `${before.getFullYear()}-${String(before.getMonth() + 1).padStart(2, '0')}-${String(before.getDate()).padStart(2, '0')}`;
const search = await ClipSearch.open(new MemorySearchIndexStore());
await search.rebuild([clip('early', { title: 'Early bird', savedAt: new Date(y, m - 1, d, 0, 30).getTime() })]);
const ids = async (q: string, filters?: { from?: string; to?: string }) => (await search.search(q, { filters })).hits.map((h) => h.id);
console.log(
  JSON.stringify({
    midnight: new Date(y, m - 1, d).getTime(),
    start: parseDate(day)!.start,
    dayBeforeNext: parseDate(dayBefore)!.next,
    after: await ids(`after:${day}`),
    before: await ids(`before:${day}`),
    fromTo: await ids('', { from: day, to: day }),
    toDayBefore: await ids('', { to: dayBefore }),
  }),
);
