/**
 * Internationalised hosts (IDN) were shown as `URL` spells them, in punycode (`xn--mnchen-3ya.de`),
 * in the list and search hits (`siteLabel`), and a site name that is such a host in the reader and
 * the export. They are shown in their own script now, label by label, but only where that cannot
 * pass for another site: a label mixing Cyrillic or Greek with Latin (`аpple.com`), or a Cyrillic
 * label made of Latin lookalikes only (`аррӏе.com`), stays in punycode. Stored keys are unchanged.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodePunycode, displayHost, displaySiteName } from '../../../src/url/display-host';
import { clipKey, hostOf, normalizeUrl, siteLabel } from '../../../src/url/normalize';
import { clipPage } from '../../../src/export/clip-page';

const SAFE = ['münchen.de', '日本.jp', 'bücher.example', 'αβγ.gr', 'пример.рф', 'ドメイン名例.jp', '例え.テスト', '한국.kr', 'mañana.com', 'www.straße-münchen.de', 'ökonomie-2024.at'];
const LOOKALIKES = ['аpple.com', 'аррӏе.com', 'gооgle.com', 'pаypal.com', 'εxample.com'];

describe('an internationalised host, shown', () => {
  it.each(SAFE)('%s in its own script', (unicode) => {
    const ascii = domainToASCII(unicode);
    expect(ascii).toMatch(/xn--/);
    expect(displayHost(ascii)).toBe(domainToUnicode(ascii));
    expect(siteLabel({ siteName: null, url: `https://${ascii}/a?b=1` })).toBe(domainToUnicode(ascii));
  });

  it.each(LOOKALIKES)('%s (a lookalike of a Latin host) in punycode', (unicode) => {
    const ascii = domainToASCII(unicode);
    expect(displayHost(ascii)).toBe(ascii);
    expect(siteLabel({ siteName: null, url: `https://${ascii}/` })).toBe(ascii);
  });

  it('decodes punycode as Node does, and refuses what is not punycode', () => {
    for (const u of [...SAFE, ...LOOKALIKES]) {
      for (const label of domainToASCII(u).split('.').filter((l) => l.startsWith('xn--'))) expect(decodePunycode(label.slice(4))).toBe(domainToUnicode(label));
    }
    expect(decodePunycode('99999999999999')).toBeNull();
    expect(displayHost('xn--.example')).toBe('xn--.example');
    expect(displayHost('xn--zz!.example')).toBe('xn--zz!.example');
  });

  it('leaves ASCII hosts, site names and stored keys alone', () => {
    expect(displayHost('example.com')).toBe('example.com');
    expect(siteLabel({ siteName: 'Die Zeit', url: 'https://xn--mnchen-3ya.de/' })).toBe('Die Zeit');
    expect(siteLabel({ siteName: 'xn--mnchen-3ya.de', url: 'https://example.com/' })).toBe('münchen.de');
    expect(displaySiteName('xn--pple-43d.com')).toBe('xn--pple-43d.com');
    const url = normalizeUrl('https://münchen.de/a');
    expect(url).toBe('https://xn--mnchen-3ya.de/a');
    expect(clipKey('page', url)).toBe(url);
    expect(hostOf(url)).toBe('xn--mnchen-3ya.de');
  });

  it("in the export's clip page, a site name that is a host", () => {
    const html = clipPage({ id: 'c1', title: 'T', url: 'https://xn--mnchen-3ya.de/a', siteName: 'xn--mnchen-3ya.de', byline: null, publishedTime: null, savedAt: 0, readAt: null, archivedAt: null, deletedAt: null, favoriteAt: null, tags: [], highlights: [], lang: null, dir: null, note: '' } as never, null);
    expect(html).toContain('münchen.de');
    expect(html).toContain('href="https://xn--mnchen-3ya.de/a"');
  });
});
