import { describe, expect, it } from 'vitest';
import { buildItem } from '../../../src/import/build-item';
import { cap, checkUrl, cleanTags, MIN_SAVED_AT, plainText, publishedDate, savedDate, toMillis } from '../../../src/import/clean';
import { ImportItemSchema, MAX_IMPORT_TITLE } from '../../../src/import/import-item';
import { NOW } from './fixtures';

describe('checkUrl', () => {
  it('normalises http(s) URLs with the project rules (tracking parameters and fragment out)', () => {
    expect(checkUrl(' HTTPS://Example.COM:443/a?utm_source=x&id=3#top ')).toEqual({ ok: true, url: 'https://example.com/a?id=3' });
    expect(checkUrl('file:///home/me/notes.html')).toEqual({ ok: true, url: 'file:///home/me/notes.html' });
  });

  it.each([
    ['javascript:alert(1)', 'javascript:'],
    ['JavaScript:void(0)', 'javascript:'],
    ['java\tscript:alert(1)', 'javascript:'],
    ['  javascript:alert(1)', 'javascript:'],
    ['data:text/html,<script>alert(1)</script>', 'data:'],
    ['DATA:text/html;base64,PHNjcmlwdD4=', 'data:'],
    ['place:sort=8&maxResults=10', 'place:'],
    ['chrome://settings', 'chrome:'],
    ['mailto:a@b.example', 'mailto:'],
  ])('refuses %s with a reason', (url, scheme) => {
    const checked = checkUrl(url);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toContain(scheme);
  });

  it('refuses missing, relative and over-long addresses', () => {
    expect(checkUrl('')).toMatchObject({ ok: false, reason: 'It has no web address.' });
    expect(checkUrl(undefined)).toMatchObject({ ok: false });
    expect(checkUrl('www.example.com/page')).toMatchObject({ ok: false, reason: expect.stringContaining('not a complete web address') });
    expect(checkUrl(`https://a.example/${'x'.repeat(9000)}`)).toMatchObject({ ok: false, reason: expect.stringContaining('longer than') });
  });
});

describe('plain text fields', () => {
  it('strips markup, control and direction-changing characters, and collapses whitespace', () => {
    expect(plainText('<script>alert(1)</script><b>Bold</b>\u0000 title\r\n\twith\u202e evil\u200b', 100)).toBe('alert(1) Bold title with evil');
    expect(plainText('a < b and c > d', 100)).toBe('a < b and c > d');
    expect(plainText(42, 10)).toBe('42');
    expect(plainText({ toString: () => 'x' }, 10)).toBe('');
  });

  it('caps length without splitting a surrogate pair, cheaply for a huge value', () => {
    expect(cap('😀😀😀', 4)).toBe('😀…');
    const t = performance.now();
    expect(plainText('x'.repeat(50_000_000), MAX_IMPORT_TITLE)).toHaveLength(MAX_IMPORT_TITLE);
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('cleans tags: trimmed, de-duplicated ignoring case, empties dropped', () => {
    expect(cleanTags([' News ', 'news', '', 'a|b', '<i>x</i>', '  '])).toEqual(['News', 'a|b', 'x']);
    expect(cleanTags(Array.from({ length: 500 }, (_, i) => `t${i}`))).toHaveLength(100);
  });
});

describe('dates', () => {
  it('reads seconds, milliseconds, microseconds, numeric strings and ISO 8601', () => {
    const ms = Date.UTC(2024, 2, 4, 12);
    expect(toMillis(ms / 1000)).toBe(ms);
    expect(toMillis(String(ms / 1000))).toBe(ms);
    expect(toMillis(ms)).toBe(ms);
    expect(toMillis(ms * 1000)).toBe(ms);
    expect(toMillis('2024-03-04T12:00:00.000Z')).toBe(ms);
    expect(toMillis('yesterday')).toBeNull();
    expect(toMillis('')).toBeNull();
    expect(toMillis(Number.NaN)).toBeNull();
  });

  it('clamps save dates: missing or implausible → the import time, future → now, each with a warning', () => {
    expect(savedDate(undefined, NOW, NOW, 'save date')).toMatchObject({ ms: NOW, warning: expect.stringContaining('no save date') });
    expect(savedDate('0', NOW, NOW, 'save date')).toMatchObject({ ms: NOW, warning: expect.stringContaining('not a usable date') });
    expect(savedDate(MIN_SAVED_AT / 1000 - 1, NOW, NOW, 'save date').ms).toBe(NOW);
    expect(savedDate(NOW / 1000 + 10 * 86_400, NOW, NOW, 'save date')).toMatchObject({ ms: NOW, warning: expect.stringContaining('future') });
    expect(savedDate(1e300, NOW, NOW, 'save date').ms).toBe(NOW);
    expect(savedDate('1700000000', NOW, NOW, 'save date')).toEqual({ ms: 1_700_000_000_000 });
  });

  it('drops impossible publication dates but keeps old ones', () => {
    expect(publishedDate('1850-06-01T00:00:00Z', NOW)).toBe(Date.UTC(1850, 5, 1));
    expect(publishedDate('+275760-09-13T00:00:00.000Z', NOW)).toBeUndefined();
    expect(publishedDate(null, NOW)).toBeUndefined();
  });
});

describe('buildItem', () => {
  it('builds a schema-valid item and lists what it changed', () => {
    const built = buildItem(
      {
        url: 'https://a.example/x?fbclid=1',
        title: '<img src=x onerror=alert(1)>Title',
        savedAt: 'soon',
        tags: ['a', 'A'],
        state: 'unread',
        html: '<script>alert(1)</script><p>kept, untrusted</p>',
        highlights: [{ quote: '  q  ', createdAt: 1, color: 'GREEN', note: 'n\u0000' }, { quote: '   ' }],
        excerpt: '',
      },
      NOW,
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(ImportItemSchema.parse(built.item)).toEqual(built.item);
    expect(built.item).toEqual({
      url: 'https://a.example/x',
      title: 'Title',
      savedAt: NOW,
      tags: ['a'],
      state: 'unread',
      untrustedHtml: '<script>alert(1)</script><p>kept, untrusted</p>',
      highlights: [{ quote: 'q', createdAt: NOW, color: 'green', note: 'n' }],
    });
    expect(built.warnings).toEqual([expect.stringContaining('not a usable date')]);
  });

  it('refuses only for the URL, with the reason', () => {
    expect(buildItem({ url: 'javascript:alert(1)', title: 'x', state: 'unread' }, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('javascript:') });
  });

  it('caps a long title and says so', () => {
    const built = buildItem({ url: 'https://a.example/', title: 'word '.repeat(1000), savedAt: 1_700_000_000, state: 'read' }, NOW);
    expect(built.ok && built.item.title.length).toBe(MAX_IMPORT_TITLE);
    expect(built.ok && built.warnings).toEqual([expect.stringContaining('title was cut')]);
  });
});
