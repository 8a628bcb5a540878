import { describe, expect, it } from 'vitest';
import { emptyQueue, enqueue, finish, isQueued, MAX_QUEUED, MAX_TRIES, readQueue, startNext } from '../../../src/images/image-queue';

const job = (clipId: string, at = 1) => ({ clipId, tabId: 3, pageUrl: 'https://example.com/a', at });

describe('the image queue', () => {
  it('works oldest first, one clip at a time, and counts each start', () => {
    let q = enqueue(enqueue(emptyQueue(), job('a')), job('b'));
    const first = startNext(q);
    expect(first.job).toMatchObject({ clipId: 'a', tries: 1 });
    q = finish(first.queue, first.job!);
    expect(startNext(q).job).toMatchObject({ clipId: 'b', tries: 1 });
  });

  it('a clip saved again while waiting is queued once, at the end, with its newest save', () => {
    let q = enqueue(enqueue(emptyQueue(), job('a', 1)), job('b'));
    q = enqueue(q, job('a', 2));
    expect(q.jobs.map((j) => [j.clipId, j.at])).toEqual([['b', 1], ['a', 2]]);
  });

  it('a clip queued again while being worked on is not removed by the older run finishing', () => {
    const started = startNext(enqueue(emptyQueue(), job('a', 1)));
    const again = enqueue(started.queue, job('a', 2));
    expect(isQueued(finish(again, started.job!), 'a')).toBe(true);
  });

  it('gives up on a clip started MAX_TRIES times (a kill each time), and survives a restart', () => {
    let q = enqueue(emptyQueue(), job('a'));
    for (let i = 0; i < MAX_TRIES; i++) q = readQueue(JSON.parse(JSON.stringify(startNext(q).queue)));
    const next = startNext(q);
    expect(next.job).toBeNull();
    expect(next.givenUp.map((j) => j.clipId)).toEqual(['a']);
  });

  it('reads a malformed record as empty, and keeps at most MAX_QUEUED clips', () => {
    expect(readQueue({ v: 2, jobs: [] })).toEqual(emptyQueue());
    expect(readQueue('nonsense')).toEqual(emptyQueue());
    let q = emptyQueue();
    for (let i = 0; i < MAX_QUEUED + 5; i++) q = enqueue(q, job(`c${i}`));
    expect(q.jobs).toHaveLength(MAX_QUEUED);
    expect(q.jobs[0]!.clipId).toBe('c5');
  });
});
