import { describe, expect, it } from 'vitest';
import { CHUNK_CHARS, decodeSnapshot, encodeSnapshot, encodeSnapshotStream } from '../../../src/search/snapshot';
import type { ClipFacts } from '../../../src/search/fields';

const facts = (i: number): ClipFacts => ({ id: `clip-${i}`, title: `t${i}`, host: 'example.com', tags: [], savedAt: i, published: i % 5 === 0 ? null : 1_600_000_000_000 + i, progress: i % 101, state: 'unread', favorite: false, deleted: false, rev: 'r', words: i % 7 === 0 ? 0 : i * 3 });

describe('encodeSnapshot', () => {
  it('writes each posting line as the deltas in base 36, comma-separated, and reads back the same postings', () => {
    const n = 40_000;
    const slots = Array.from({ length: n }, (_, i) => facts(i));
    // "every": every clip (a line longer than the 64 KB digit buffer), "few": large deltas and field bits, "gone": only a removed slot.
    const every = Array.from({ length: n }, (_, i) => i * 256 + 8 + (i % 16));
    const few = [0 * 256 + 1, 17 * 256 + 255, 39_999 * 256 + 2];
    const postings = new Map<string, number[]>([['every', every], ['few', few], ['gone', [5 * 256 + 1]]]);
    const withGap = slots.map((f, i) => (i === 5 ? null : f));
    const snap = encodeSnapshot(withGap, postings, { textChars: 4096, cjk: 'bigram' });
    const text = snap.chunks.join('\n');
    // Slots after the removed one are renumbered densely.
    const renum = (p: number) => (Math.floor(p / 256) > 5 ? p - 256 : p);
    const expected = (list: number[]) => {
      let prev = 0;
      return list.filter((p) => Math.floor(p / 256) !== 5).map((p) => {
        const d = renum(p) - prev;
        prev = renum(p);
        return d.toString(36);
      }).join(',');
    };
    expect(text).toContain(`\nTevery\t${expected(every)}`);
    expect(text).toContain(`\nTfew\t${expected(few)}`);
    expect(text).not.toContain('Tgone');
    const back = decodeSnapshot(snap, { textChars: 4096, cjk: 'bigram' });
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.slots.length).toBe(n - 1);
    expect(back.postings.get('every')).toEqual(every.filter((p) => Math.floor(p / 256) !== 5).map(renum));
    expect(back.postings.get('few')).toEqual(few.map(renum));
  });

  it('makes the same chunks a chunk at a time, each only when asked for, none longer than CHUNK_CHARS, and the header last', () => {
    const slots = Array.from({ length: 3_000 }, (_, i) => facts(i));
    const postings = new Map<string, number[]>(Array.from({ length: 500 }, (_, t) => [`term${t}漢`, Array.from({ length: 1 + (t % 300) }, (_, k) => (k * 7 + t) * 256 + 3)]));
    const opts = { textChars: 4096, cjk: 'bigram' as const };
    const whole = encodeSnapshot(slots, postings, opts);
    expect(whole.chunks.length).toBeGreaterThan(3);
    expect(whole.chunks.every((c) => c.length <= CHUNK_CHARS)).toBe(true);
    const stream = encodeSnapshotStream(slots, postings, opts);
    // Nothing is read before the first chunk is asked for: a slot filled now is in the snapshot.
    const late = [...slots, facts(3_000)];
    const lateStream = encodeSnapshotStream(late, postings, opts);
    late.push(facts(3_001));
    const chunks: string[] = [];
    for (let r = stream.next(); ; r = stream.next()) {
      if (r.done) {
        expect(r.value).toEqual(whole.header);
        break;
      }
      chunks.push(r.value);
    }
    expect(chunks).toEqual(whole.chunks);
    const lateChunks: string[] = [];
    let header = null;
    for (let r = lateStream.next(); !header; r = lateStream.next()) r.done ? (header = r.value) : lateChunks.push(r.value);
    expect(header.clips).toBe(3_002);
    expect(decodeSnapshot({ header, chunks: lateChunks }, opts).ok).toBe(true);
  });
});
