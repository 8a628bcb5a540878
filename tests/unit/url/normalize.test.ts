import { describe, expect, it } from 'vitest';
import { chooseCanonical } from '../../../src/url/canonical';
import { clipKey, isCanonicalHttpUrl, isCapturableUrl, normalizeUrl, siteLabel } from '../../../src/url/normalize';
import { AppFailure } from '../../../src/util/result';

describe('normalizeUrl', () => {
  it('lowercases scheme and host, drops default ports and the fragment', () => {
    expect(normalizeUrl('HTTPS://Example.COM:443/Path/To?q=1#section')).toBe('https://example.com/Path/To?q=1');
    expect(normalizeUrl('http://example.com:80/')).toBe('http://example.com/');
    expect(normalizeUrl('http://example.com:8080/a')).toBe('http://example.com:8080/a');
  });

  it('drops tracking parameters and keeps the rest in their original order and encoding', () => {
    const url =
      'https://news.example.org/story?b=2&utm_source=feed&a=1&utm_medium=email&fbclid=XYZ&q=a%20b&gclid=1&_ga=3&mc_eid=9&si=keep';
    expect(normalizeUrl(url)).toBe('https://news.example.org/story?b=2&a=1&q=a%20b&si=keep');
  });

  it('drops every listed tracker, case-insensitively', () => {
    const trackers = [
      'utm_campaign', 'UTM_Term', 'utm_whatever', 'fbclid', 'gclid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'mc_cid',
      'mc_eid', 'igshid', '_ga', '_gl', '_hsenc', '_hsmi', '__hssc', '__hstc', '__hsfp', 'hsCtaTracking', 'mkt_tok',
      'oly_anon_id', 'oly_enc_id', 'vero_id', 'vero_conv', 'ref_src', 'ref_url', 'spm', 's_cid', 'wickedid', 'twclid',
      'ttclid',
    ];
    const query = trackers.map((t, i) => `${t}=${i}`).join('&');
    expect(normalizeUrl(`https://example.com/a?${query}`)).toBe('https://example.com/a');
  });

  it('removes a trailing ? and empty parameters', () => {
    expect(normalizeUrl('https://example.com/a?')).toBe('https://example.com/a');
    expect(normalizeUrl('https://example.com/a?utm_source=x')).toBe('https://example.com/a');
    expect(normalizeUrl('https://example.com/a?&x=1&&')).toBe('https://example.com/a?x=1');
  });

  it('is idempotent', () => {
    const once = normalizeUrl('HTTP://WWW.Example.com:80/p?utm_source=a&x=%41#f');
    expect(normalizeUrl(once)).toBe(once);
  });

  it('throws bad-request for unparsable input', () => {
    expect(() => normalizeUrl('not a url')).toThrow(AppFailure);
    try {
      normalizeUrl('/relative/path');
    } catch (e) {
      expect((e as AppFailure).code).toBe('bad-request');
    }
  });
});

describe('chooseCanonical', () => {
  it('uses a same-site http(s) canonical, normalised', () => {
    expect(chooseCanonical('https://m.example.com/a?utm_source=x#top', 'https://www.example.com/a?utm_medium=y')).toBe(
      'https://www.example.com/a',
    );
    expect(chooseCanonical('https://www.bbc.co.uk/news/1', 'https://bbc.co.uk/news/1#x')).toBe('https://bbc.co.uk/news/1');
  });

  it('falls back to the page URL when the canonical is missing, invalid or not http(s)', () => {
    expect(chooseCanonical('https://example.com/a#x', null)).toBe('https://example.com/a');
    expect(chooseCanonical('https://example.com/a', 'http://[bad')).toBe('https://example.com/a');
    expect(chooseCanonical('https://example.com/a', 'javascript:alert(1)')).toBe('https://example.com/a');
    expect(chooseCanonical('https://example.com/a', 'ftp://example.com/a')).toBe('https://example.com/a');
  });

  it('refuses a canonical on another site, so a hostile page cannot overwrite another clip', () => {
    expect(chooseCanonical('https://evil.example.net/a', 'https://example.com/a')).toBe('https://evil.example.net/a');
    expect(chooseCanonical('https://evil.co.uk/a', 'https://bbc.co.uk/a')).toBe('https://evil.co.uk/a');
    expect(chooseCanonical('https://evil.com.au/a', 'https://abc.net.au/a')).toBe('https://evil.com.au/a');
    expect(chooseCanonical('https://bob.github.io/p', 'https://alice.github.io/p')).toBe('https://bob.github.io/p');
    expect(chooseCanonical('http://10.0.0.2/p', 'http://10.0.0.3/p')).toBe('http://10.0.0.2/p');
  });

  it('accepts a canonical on the same shared-hosting tenant', () => {
    expect(chooseCanonical('https://alice.github.io/p?utm_source=x', 'https://alice.github.io/post')).toBe(
      'https://alice.github.io/post',
    );
  });

  /** True when `chooseCanonical` lets a page at `page` file its clip under `canonical`. */
  const accepts = (page: string, canonical: string): boolean => chooseCanonical(page, canonical) === normalizeUrl(canonical);

  it.each([
    ['blogspot.com', 'https://bob.blogspot.com/p', 'https://alice.blogspot.com/post'],
    ['github.io', 'https://bob.github.io/p', 'https://alice.github.io/post'],
    ['myshopify.com', 'https://bob-shop.myshopify.com/p', 'https://alice-shop.myshopify.com/products/x'],
    ['herokuapp.com', 'https://bob-app.herokuapp.com/p', 'https://alice-app.herokuapp.com/post'],
    ['netlify.app', 'https://bob.netlify.app/p', 'https://alice.netlify.app/post'],
    ['carrd.co', 'https://bob.carrd.co/', 'https://alice.carrd.co/'],
    ['s3.amazonaws.com', 'https://bob-bucket.s3.amazonaws.com/p', 'https://alice-bucket.s3.amazonaws.com/post'],
    ['s3.<region>.amazonaws.com', 'https://bob.s3.us-east-1.amazonaws.com/p', 'https://alice.s3.us-east-1.amazonaws.com/p'],
    ['s3-website-<region>', 'http://bob.s3-website-us-east-1.amazonaws.com/', 'http://alice.s3-website-us-east-1.amazonaws.com/'],
    ['the bare suffix', 'https://bob.github.io/p', 'https://github.io/p'],
    ['the bare suffix (reverse)', 'https://github.io/p', 'https://alice.github.io/p'],
    ['the bare S3 endpoint', 'https://bob-bucket.s3.amazonaws.com/p', 'https://s3.amazonaws.com/alice-bucket/p'],
  ])('refuses another tenant on a Public Suffix List private host (%s)', (_name, page, canonical) => {
    expect(chooseCanonical(page, canonical)).toBe(normalizeUrl(page));
  });

  it.each([
    ['blogspot.com', 'https://alice.blogspot.com/p?m=1', 'https://alice.blogspot.com/p'],
    ['myshopify.com', 'https://alice-shop.myshopify.com/p', 'https://alice-shop.myshopify.com/products/x'],
    ['herokuapp.com', 'http://alice-app.herokuapp.com/p', 'https://alice-app.herokuapp.com/p'],
    ['netlify.app', 'https://deploy-preview-1--alice.netlify.app/p', 'https://deploy-preview-1--alice.netlify.app/q'],
    ['carrd.co', 'https://alice.carrd.co/#about', 'https://alice.carrd.co/'],
    ['s3.amazonaws.com', 'https://alice-bucket.s3.amazonaws.com/a', 'https://alice-bucket.s3.amazonaws.com/b'],
    ['s3.<region>.amazonaws.com', 'https://alice.s3.us-east-1.amazonaws.com/a', 'https://alice.s3.us-east-1.amazonaws.com/b'],
  ])('accepts the same tenant on a Public Suffix List private host (%s)', (_name, page, canonical) => {
    expect(accepts(page, canonical)).toBe(true);
  });

  it('follows the Public Suffix List where it dropped a former shared host (blogspot ccTLDs)', () => {
    // publicsuffix/list#2327 (Dec 2024) removed blogspot.co.uk and the other blogspot.<ccTLD>
    // suffixes: Blogger now redirects them all to <blog>.blogspot.com, so no tenant page is
    // served there any more and blogspot.co.uk is an ordinary registrable domain.
    expect(accepts('https://bob.blogspot.co.uk/p', 'https://alice.blogspot.co.uk/post')).toBe(true);
    expect(chooseCanonical('https://bob.blogspot.co.uk/p', 'https://alice.blogspot.com/post')).toBe(
      'https://bob.blogspot.co.uk/p',
    );
  });

  it('uses the ICANN multi-label suffixes (co.uk, com.au)', () => {
    expect(accepts('https://www.example.co.uk/a', 'https://example.co.uk/a')).toBe(true);
    expect(accepts('https://example.co.uk/a', 'https://news.example.co.uk/a')).toBe(true);
    expect(accepts('https://a.co.uk/p', 'https://b.co.uk/p')).toBe(false);
    expect(accepts('https://a.co.uk/p', 'https://co.uk/p')).toBe(false);
    expect(accepts('https://www.example.com.au/a', 'https://example.com.au/a')).toBe(true);
    expect(accepts('https://a.com.au/p', 'https://b.com.au/p')).toBe(false);
    expect(accepts('https://example.com.au/p', 'https://example.com/p')).toBe(false);
  });

  it('merges subdomains of a registrable domain whose name is short', () => {
    expect(accepts('https://m.cnn.com/a', 'https://edition.cnn.com/a')).toBe(true);
    expect(accepts('https://m.bbc.com/a', 'https://www.bbc.com/a')).toBe(true);
  });

  it('treats IP hosts as the same site only when identical', () => {
    expect(accepts('http://10.0.0.2/p', 'http://10.0.0.2:8080/q')).toBe(true);
    expect(accepts('http://10.0.0.2/p', 'http://10.0.0.3/p')).toBe(false);
    expect(accepts('http://192.168.1.1/p', 'http://168.1.1/p')).toBe(false);
    expect(accepts('http://127.0.0.1/p', 'http://localhost/p')).toBe(false);
    expect(accepts('http://[::1]/p', 'http://[0:0:0:0:0:0:0:1]/q')).toBe(true);
    expect(accepts('http://[2001:db8::1]/p', 'http://[2001:db8::2]/p')).toBe(false);
    expect(accepts('http://[2001:db8::1]/p', 'http://[::ffff:10.0.0.2]/p')).toBe(false);
    expect(accepts('http://[::ffff:10.0.0.2]/p', 'http://10.0.0.2/p')).toBe(false);
  });

  it('treats localhost and other names without a registrable domain as the same site only when identical', () => {
    expect(accepts('http://localhost:3000/p', 'http://localhost/q')).toBe(true);
    expect(accepts('http://LOCALHOST/p', 'http://localhost./q')).toBe(true);
    expect(accepts('http://localhost/p', 'http://app.localhost/p')).toBe(false);
    expect(accepts('http://app.localhost/p', 'http://api.localhost/p')).toBe(false);
    expect(accepts('http://intranet/p', 'http://wiki/p')).toBe(false);
    expect(accepts('https://co.uk/p', 'https://uk/p')).toBe(false);
  });

  it('ignores a trailing dot on the host', () => {
    expect(accepts('https://alice.github.io./p', 'https://alice.github.io/q')).toBe(true);
    expect(accepts('https://bob.github.io./p', 'https://alice.github.io./q')).toBe(false);
  });

  it('compares internationalised domain names in their punycode and Unicode forms alike', () => {
    expect(chooseCanonical('https://www.bücher.de/a', 'https://xn--bcher-kva.de/x')).toBe('https://xn--bcher-kva.de/x');
    expect(accepts('https://xn--bcher-kva.de/a', 'https://shop.bücher.de/x')).toBe(true);
    expect(accepts('https://www.bücher.de/a', 'https://bucher.de/x')).toBe(false);
    expect(accepts('https://пример.рф/a', 'https://www.xn--e1afmkfd.xn--p1ai/b')).toBe(true);
  });

  it('uses IDN public suffixes in both forms (公司.cn, 個人.香港)', () => {
    expect(accepts('https://alice.公司.cn/p', 'https://bob.公司.cn/p')).toBe(false);
    expect(accepts('https://alice.xn--55qx5d.cn/p', 'https://bob.公司.cn/p')).toBe(false);
    expect(accepts('https://www.alice.公司.cn/p', 'https://alice.xn--55qx5d.cn/q')).toBe(true);
    expect(accepts('https://alice.個人.香港/p', 'https://bob.xn--gmqw5a.xn--j6w193g/p')).toBe(false);
    expect(accepts('https://alice.公司.cn/p', 'https://公司.cn/p')).toBe(false);
  });
});

describe('clipKey', () => {
  it('is the url itself for pages and links', () => {
    expect(clipKey('page', 'https://example.com/a')).toBe('https://example.com/a');
    expect(clipKey('link', 'https://example.com/a')).toBe(clipKey('page', 'https://example.com/a'));
  });

  it('hashes whitespace-collapsed selection text', () => {
    const a = clipKey('selection', 'https://example.com/a', '  Hello\n\n  world ');
    const b = clipKey('selection', 'https://example.com/a', 'Hello world');
    const c = clipKey('selection', 'https://example.com/a', 'Hello there');
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^https:\/\/example\.com\/a#selection-[0-9a-f]{8}$/);
  });

  it('is stable across runs (FNV-1a 32-bit)', () => {
    // FNV-1a("a") = 0xe40c292c
    expect(clipKey('selection', 'https://x.test/', 'a')).toBe('https://x.test/#selection-e40c292c');
  });

  it('rejects a selection without text', () => {
    expect(() => clipKey('selection', 'https://example.com/a', '   ')).toThrow(AppFailure);
  });
});

describe('isCapturableUrl', () => {
  it('accepts http, https and file pages', () => {
    expect(isCapturableUrl('https://example.com/')).toEqual({ ok: true });
    expect(isCapturableUrl('http://example.com/a')).toEqual({ ok: true });
    expect(isCapturableUrl('file:///home/me/notes.html')).toEqual({ ok: true });
  });

  it.each([
    ['chrome://settings', "Browsers don't let extensions read chrome:// pages"],
    ['edge://newtab', 'edge:// pages'],
    ['about:blank', 'about: pages'],
    ['moz-extension://abc/page.html', 'moz-extension:// pages'],
    ['chrome-extension://abc/page.html', 'chrome-extension:// pages'],
    ['view-source:https://example.com', 'view-source: pages'],
    ['data:text/html,<p>x', 'data: addresses'],
    ['devtools://devtools/bundled/inspector.html', 'devtools:// pages'],
    ['https://chromewebstore.google.com/detail/abc', 'Chrome Web Store'],
    ['https://chrome.google.com/webstore/detail/abc', 'Chrome Web Store'],
    ['https://microsoftedge.microsoft.com/addons/detail/abc', 'Edge Add-ons'],
    ['https://addons.mozilla.org/en-US/firefox/', 'Firefox blocks extensions on addons.mozilla.org.'],
    ['https://accounts.firefox.com/settings', 'Firefox account pages'],
    ['about:reader?url=https%3A%2F%2Fexample.com%2F', 'Reader View'],
    ['not a url', "isn't a web address"],
  ])('refuses %s with a human reason', (url, fragment) => {
    const result = isCapturableUrl(url);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain(fragment);
      expect(result.reason).toMatch(/\.$/);
    }
  });

  it('does not refuse ordinary pages on the same vendors', () => {
    expect(isCapturableUrl('https://chrome.google.com/intl/en/chrome/')).toEqual({ ok: true });
    expect(isCapturableUrl('https://www.mozilla.org/firefox/')).toEqual({ ok: true });
  });
});

describe('isCanonicalHttpUrl', () => {
  it('accepts only URLs the parser leaves unchanged (20,000 generated URLs)', () => {
    const pieces = [
      'example.com', 'EXAMPLE.com', 'a.b-c.org', '127.0.0.1', 'x.123', '/', '/a', '/..', '/.', '/%2e', '/%2E', '?q=1',
      '#f', ':80', ':8080', '@', 'é', "'", ' ', '\\', '//', '%', '%41', 'ab', '[', ']', '/./x', '?/../', '#/../', '"', '<',
      '`', '{', '|', '^', '\t', '\n', 'Z', '_~!$&()*+,;=', 'xn--bcher-kva.example',
    ];
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      let url = random() < 0.5 ? 'https://' : random() < 0.5 ? 'http://' : 'HTTPS://';
      url += random() < 0.7 ? 'news.example.org/' : '';
      const n = 1 + Math.floor(random() * 6);
      for (let k = 0; k < n; k++) url += pieces[Math.floor(random() * pieces.length)];
      if (!isCanonicalHttpUrl(url)) continue;
      accepted++;
      expect(new URL(url).href, url).toBe(url);
    }
    expect(accepted).toBeGreaterThan(2_000);
  });

  it('sends everything unusual to the parser', () => {
    for (const url of ['https://Example.com/', 'https://example.com', 'https://example.com:443/', 'https://127.0.0.1/', 'https://a/./b', 'https://a/b/../c', 'https://a/%2E%2E/c', 'https://a/b c', 'https://a/é', 'javascript:alert(1)//https://a/']) {
      expect(isCanonicalHttpUrl(url), url).toBe(false);
    }
    expect(isCanonicalHttpUrl('https://en.wikipedia.org/wiki/Foo_(bar)#cite-1')).toBe(true);
  });
});

describe('siteLabel', () => {
  it('is the site name, or the host when the clip has none or an empty one (the list, the cards and the results all show it)', () => {
    const row = { siteName: null, url: 'https://news.example.com/a' };
    expect(siteLabel(row)).toBe('news.example.com');
    expect(siteLabel({ ...row, siteName: '' })).toBe('news.example.com');
    expect(siteLabel({ ...row, siteName: 'News' })).toBe('News');
    expect(siteLabel({ siteName: null, url: 'not a url' })).toBe('not a url');
  });
});
