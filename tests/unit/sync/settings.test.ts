import { describe, expect, it } from 'vitest';
import { parseServerUrl } from '../../../src/sync/settings';

describe('parseServerUrl', () => {
  it('takes ws:// and wss:// addresses, normalised', () => {
    expect(parseServerUrl(' wss://sync.example.org ')).toEqual({ ok: true, url: 'wss://sync.example.org' });
    expect(parseServerUrl('ws://127.0.0.1:3030/')).toEqual({ ok: true, url: 'ws://127.0.0.1:3030' });
    expect(parseServerUrl('wss://example.org/automerge/#x')).toEqual({ ok: true, url: 'wss://example.org/automerge/' });
    expect(parseServerUrl('WSS://Example.ORG:443')).toEqual({ ok: true, url: 'wss://example.org' });
  });

  it('refuses anything else with a message that says what to type', () => {
    const no = (s: string) => {
      const r = parseServerUrl(s);
      if (r.ok) throw new Error(`accepted ${s}`);
      return r.message;
    };
    expect(no('https://sync.example.org')).toContain('wss://sync.example.org');
    expect(no('http://localhost:3030')).toContain('ws://localhost:3030');
    expect(no('ftp://x.org')).toMatch(/Only ws:\/\/ and wss:\/\//);
    expect(no('sync.example.org')).toContain('wss://sync.example.org');
    expect(no('wss://')).toMatch(/not an address/);
    expect(no('')).toMatch(/Type the address/);
    expect(no('wss://user:pw@example.org')).toMatch(/user name and password/);
    expect(no(`wss://${'a'.repeat(3000)}.org`)).toMatch(/too long/);
  });

  it('an address typed without wss:// says to put it in front, with the address as it would read (it said "this one is localhost:")', () => {
    const message = (s: string) => {
      const r = parseServerUrl(s);
      return r.ok ? `accepted as ${r.url}` : r.message;
    };
    expect(message('localhost:3030')).toContain('wss://localhost:3030');
    expect(message('localhost:3030')).toContain('ws://');
    expect(message('sync.example.org:8443/automerge')).toContain('wss://sync.example.org:8443/automerge');
    expect(message('192.168.1.5:3030')).toContain('wss://192.168.1.5:3030');
    expect(message('mailto:someone@example.org')).toMatch(/Only ws:\/\/ and wss:\/\//);
  });

  it('an http(s) address keeps its query in the address it suggests', () => {
    const r = parseServerUrl('https://sync.example.org/am?space=home');
    expect(r.ok ? r.url : r.message).toContain('wss://sync.example.org/am?space=home');
  });
});
