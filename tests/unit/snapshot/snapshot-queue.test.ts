import { describe, expect, it } from 'vitest';
import {
  COPY_GIVEN_UP,
  copyFailed,
  emptySnapshotQueue,
  enqueueSnapshot,
  failSnapshot,
  finishSnapshot,
  MAX_SNAPSHOT_FAILURES,
  MAX_SNAPSHOT_TRIES,
  MAX_SNAPSHOTS_QUEUED,
  PAGE_CLOSED,
  PAGE_LEFT,
  readSnapshotQueue,
  copyTaken,
  snapshotStatusOf,
  startNextSnapshot,
  TOO_MANY_WAITING,
  whyNotFromTab,
  type SnapshotQueue,
} from '../../../src/snapshot/snapshot-queue';

const job = (clipId: string, at = 1) => ({ clipId, tabId: 3, pageUrl: 'https://example.com/a', at });
/** Stored and read back, as a restarted background sees it. */
const stored = (q: SnapshotQueue) => readSnapshotQueue(JSON.parse(JSON.stringify(q)));

describe('the full-page copy queue', () => {
  it('takes copies oldest first, one at a time, counting each start; a copy taken leaves nothing behind', () => {
    let q = enqueueSnapshot(enqueueSnapshot(emptySnapshotQueue(), job('a')), job('b'));
    expect(snapshotStatusOf(q, 'a')).toEqual({ pending: true, failed: null });
    const first = startNextSnapshot(q, 10);
    expect(first.job).toMatchObject({ clipId: 'a', tries: 1 });
    q = finishSnapshot(first.queue, first.job!);
    expect(snapshotStatusOf(q, 'a')).toEqual({ pending: false, failed: null });
    expect(startNextSnapshot(q, 11).job).toMatchObject({ clipId: 'b', tries: 1 });
  });

  it('a copy stored but not yet cleared from the queue (or a stop between the two) is not pending, and is not taken again', () => {
    // The copy is stored at 15; the entry queued at 10 is removed only after (a reader between sees both).
    const started = startNextSnapshot(enqueueSnapshot(emptySnapshotQueue(), job('a', 10)), 12);
    expect(snapshotStatusOf(started.queue, 'a', 15)).toEqual({ pending: false, failed: null });
    expect(snapshotStatusOf(started.queue, 'a', null)).toEqual({ pending: true, failed: null });
    // An older copy (of an earlier save) leaves the newer save's copy waiting.
    expect(snapshotStatusOf(started.queue, 'a', 5)).toEqual({ pending: true, failed: null });
    // After a restart the entry is found done: nothing to take, so nothing to fail if its tab closed meanwhile.
    const again = startNextSnapshot(stored(started.queue), 20);
    expect(copyTaken(again.job!, 15)).toBe(true);
    expect(copyTaken(again.job!, 5)).toBe(false);
    expect(copyTaken(again.job!, null)).toBe(false);
  });

  it('a copy started and killed is still there after a restart, its start counted', () => {
    const started = startNextSnapshot(enqueueSnapshot(emptySnapshotQueue(), job('a')), 10);
    const again = startNextSnapshot(stored(started.queue), 20);
    expect(again.job).toMatchObject({ clipId: 'a', tries: 2, tabId: 3, pageUrl: 'https://example.com/a' });
  });

  it(`gives up after ${MAX_SNAPSHOT_TRIES} starts (a page that kills the worker every time), with the reason for the reader`, () => {
    let q = enqueueSnapshot(emptySnapshotQueue(), job('a'));
    for (let i = 0; i < MAX_SNAPSHOT_TRIES; i++) q = stored(startNextSnapshot(q, i).queue);
    const next = startNextSnapshot(q, 99);
    expect(next.job).toBeNull();
    expect(next.queue.jobs).toEqual([]);
    expect(snapshotStatusOf(next.queue, 'a')).toEqual({ pending: false, failed: COPY_GIVEN_UP });
  });

  it('a failure is recorded for the reader, replacing an earlier one of the clip', () => {
    let q = enqueueSnapshot(emptySnapshotQueue(), job('a'));
    const s = startNextSnapshot(q, 5);
    q = failSnapshot(s.queue, s.job!, PAGE_CLOSED, 6);
    expect(q.jobs).toEqual([]);
    expect(q.failed).toEqual([{ clipId: 'a', reason: PAGE_CLOSED, at: 6 }]);
    q = failSnapshot(enqueueSnapshot(q, job('a', 2)), job('a', 2), PAGE_LEFT, 7);
    expect(q.failed).toEqual([{ clipId: 'a', reason: PAGE_LEFT, at: 7 }]);
  });

  it('a clip saved again forgets its failure and is queued once, with its newest save', () => {
    let q = failSnapshot(enqueueSnapshot(emptySnapshotQueue(), job('a', 1)), job('a', 1), PAGE_CLOSED, 2);
    q = enqueueSnapshot(enqueueSnapshot(q, job('b', 3)), job('a', 4));
    expect(q.failed).toEqual([]);
    expect(q.jobs.map((j) => [j.clipId, j.at])).toEqual([['b', 3], ['a', 4]]);
    expect(snapshotStatusOf(q, 'a')).toEqual({ pending: true, failed: null });
  });

  it('an older run ending does not remove, nor fail, a newer save of the same clip', () => {
    const started = startNextSnapshot(enqueueSnapshot(emptySnapshotQueue(), job('a', 1)), 2);
    const again = enqueueSnapshot(started.queue, job('a', 3));
    expect(snapshotStatusOf(finishSnapshot(again, started.job!), 'a').pending).toBe(true);
    const failed = failSnapshot(again, started.job!, PAGE_LEFT, 4);
    expect(snapshotStatusOf(failed, 'a')).toEqual({ pending: true, failed: null });
    expect(failed.failed).toEqual([]);
  });

  it('stays bounded: the oldest waiting copies fail beyond the cap, the oldest failures are dropped', () => {
    let q = emptySnapshotQueue();
    for (let i = 0; i < MAX_SNAPSHOTS_QUEUED + 2; i++) q = enqueueSnapshot(q, job(`c${i}`, i));
    expect(q.jobs).toHaveLength(MAX_SNAPSHOTS_QUEUED);
    expect(q.jobs[0]!.clipId).toBe('c2');
    expect(snapshotStatusOf(q, 'c0')).toEqual({ pending: false, failed: TOO_MANY_WAITING });
    for (let i = 0; i < MAX_SNAPSHOT_FAILURES + 5; i++) q = failSnapshot(q, job(`f${i}`, i), PAGE_CLOSED, i);
    expect(q.failed).toHaveLength(MAX_SNAPSHOT_FAILURES);
    expect(q.failed.at(-1)!.clipId).toBe(`f${MAX_SNAPSHOT_FAILURES + 4}`);
    expect(stored(q)).toEqual(q);
  });

  it('reads a malformed, oversized or newer record as empty', () => {
    expect(readSnapshotQueue(undefined)).toEqual(emptySnapshotQueue());
    expect(readSnapshotQueue({ v: 2, jobs: [], failed: [] })).toEqual(emptySnapshotQueue());
    expect(readSnapshotQueue({ v: 1, jobs: [{ ...job('a'), tries: 0, extra: 1 }], failed: [] })).toEqual(emptySnapshotQueue());
    expect(readSnapshotQueue({ v: 1, jobs: [{ ...job('a'), tries: -1 }], failed: [] })).toEqual(emptySnapshotQueue());
    const many = Array.from({ length: MAX_SNAPSHOTS_QUEUED + 1 }, (_, i) => ({ ...job(`c${i}`), tries: 0 }));
    expect(readSnapshotQueue({ v: 1, jobs: many, failed: [] })).toEqual(emptySnapshotQueue());
    expect(readSnapshotQueue({ v: 1, jobs: [], failed: [{ clipId: 'a', reason: 'x'.repeat(1_001), at: 1 }] })).toEqual(emptySnapshotQueue());
  });

  it('takes a copy only from a tab that still shows the page it was saved from', () => {
    const j = job('a');
    expect(whyNotFromTab(j, 'https://example.com/a')).toBeNull();
    expect(whyNotFromTab(j, 'https://example.com/a#section-2')).toBeNull();
    expect(whyNotFromTab(j, null)).toBe(PAGE_CLOSED);
    expect(whyNotFromTab(j, 'https://example.com/b')).toBe(PAGE_LEFT);
    expect(whyNotFromTab(j, 'https://example.com/a?page=2')).toBe(PAGE_LEFT);
    expect(whyNotFromTab(j, undefined)).toBe(PAGE_LEFT);
    expect(PAGE_CLOSED).toBe('The full-page copy was not made: the page was closed before it could be copied.');
  });

  it('a failure message is bounded to what the record accepts', () => {
    const reason = copyFailed('x'.repeat(5_000));
    expect(reason.length).toBe(1_000);
    expect(stored(failSnapshot(emptySnapshotQueue(), job('a'), reason, 1)).failed).toHaveLength(1);
  });
});
