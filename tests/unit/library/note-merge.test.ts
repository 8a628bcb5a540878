import { change, from } from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { rebaseNote, spliceNote } from '../../../src/library/note-merge';

/** Note edits rebased onto what arrived meanwhile (src/library/note-merge.ts), for clip and highlight notes alike. */
describe('rebaseNote and spliceNote', () => {
  it('keeps the words another editor added, and the splices make the merged note in the document', () => {
    const merged = rebaseNote('the hills', 'the green hills', 'the hills at dusk', 100);
    expect(merged.text).toBe('the green hills at dusk');
    const doc = change(from({ note: 'the hills at dusk' }), (d) => spliceNote(d, merged.splices));
    expect(doc.note).toBe('the green hills at dusk');
  });

  it('refuses a merged note over the limit, naming it, though each side was within it', () => {
    expect(rebaseNote('ab', 'abcd', 'ab', 4).text).toBe('abcd');
    expect(() => rebaseNote('ab', 'abcd', 'xab', 4)).toThrow(expect.objectContaining({ code: 'bad-request', message: expect.stringContaining('over 4 characters') }));
  });
});
