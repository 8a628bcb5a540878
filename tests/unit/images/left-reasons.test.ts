import { ImmutableString } from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { MAX_MISSING, MAX_MISSING_KEY_CHARS, MISSING, missingImageNote, missingOf, missingWords } from '../../../src/images/left-reasons';
import { ClipImagesSchema } from '../../../src/images/schemas';

describe('an image not saved, in words', () => {
  it('says each reason code in words', () => {
    expect(missingImageNote(MISSING.cap(5 * 1024 * 1024))).toBe('(image not saved: over this clip’s 5 MB image cap)');
    expect(missingImageNote(MISSING.cap(128 * 1024))).toBe('(image not saved: over this clip’s 0.125 MB image cap)');
    expect(missingImageNote(MISSING.http(404))).toBe('(image not saved: the site answered 404)');
    expect(missingImageNote(MISSING.bomb)).toBe('(image not saved: too many pixels to decode safely)');
    expect(missingImageNote(MISSING.notImage)).toBe('(image not saved: the file is not an image)');
    expect(missingImageNote(MISSING.timeout)).toBe('(image not saved: the site did not answer in time)');
    expect(missingImageNote(MISSING.redirect)).toBe('(image not saved: redirected to an address not allowed for this page)');
    for (const code of Object.values(MISSING)) {
      const c = typeof code === 'function' ? code(1) : code;
      expect(missingWords(c), c).toEqual(expect.any(String));
    }
  });

  it('falls back to the summary reason when it is a single one, else to the plain note', () => {
    expect(missingImageNote(undefined, 'over the 5 MB per-clip limit set in Options')).toBe('(image not saved: over the 5 MB per-clip limit set in Options)');
    expect(missingImageNote(undefined, '2 over the 5 MB per-clip limit set in Options; 1 could not be loaded')).toBe('(image not saved)');
    expect(missingImageNote(undefined, null)).toBe('(image not saved)');
    // A code a later version wrote: the summary, or the plain note.
    expect(missingImageNote('future', null)).toBe('(image not saved)');
    expect(missingImageNote('type:3', 'not an image')).toBe('(image not saved: not an image)');
  });
});

describe('missingOf', () => {
  it('keeps well-formed codes (ImmutableStrings read as strings), at most MAX_MISSING, and nothing else', () => {
    expect(missingOf(undefined)).toBeUndefined();
    expect(missingOf({})).toBeUndefined();
    expect(missingOf({ 'https://a.example/x.png': new ImmutableString('http:404'), b: 'type', c: 'Not A Code', d: 7, ['x'.repeat(5000)]: 'type' })).toEqual({ 'https://a.example/x.png': 'http:404', b: 'type' });
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'cap:1']));
    expect(Object.keys(missingOf(many)!)).toHaveLength(MAX_MISSING);
    // At most MAX_MISSING_KEY_CHARS characters of keys, in order; a Map (an image budget's) too.
    const long = new Map(Array.from({ length: 10 }, (_, i) => [`${i}`.padEnd(2_000, 'u'), 'type']));
    expect(Object.keys(missingOf(long)!)).toHaveLength(Math.floor(MAX_MISSING_KEY_CHARS / 2_000));
    expect(Object.keys(missingOf(long)!)[0]).toBe('0'.padEnd(2_000, 'u'));
  });

  it('the getClipImages answer validates it', () => {
    const base = { state: 'saved', pending: false, count: 1, bytes: 1, left: 1, reason: 'not an image', images: [], next: null };
    expect(ClipImagesSchema.safeParse({ ...base, missing: { a: 'type', b: 'cap:5242880' } }).success).toBe(true);
    expect(ClipImagesSchema.safeParse(base).success).toBe(true);
    expect(ClipImagesSchema.safeParse({ ...base, missing: { a: 'the whole story in prose' } }).success).toBe(false);
    expect(ClipImagesSchema.safeParse({ ...base, missing: Object.fromEntries(Array.from({ length: MAX_MISSING + 1 }, (_, i) => [`k${i}`, 'type'])) }).success).toBe(false);
  });
});
