import { describe, expect, it } from 'vitest';

describe('highlight labels from another service', () => {
  it('are kept as a last line of the note', async () => {
    const { noteWithLabels } = await import('../../../src/import/to-capture');
    expect(noteWithLabels('', ['idea', 'to read'])).toBe('#idea #to-read');
    expect(noteWithLabels('Good point.\n', ['#idea'])).toBe('Good point.\n\n#idea');
    expect(noteWithLabels('Just a note', [])).toBe('Just a note');
  });
});
