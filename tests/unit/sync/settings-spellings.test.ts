/**
 * Hunt: one server address typed with an empty query ("wss://sync.example.org?", a "?" left at
 * the end) was kept as "wss://sync.example.org/?", another spelling of "wss://sync.example.org":
 * both could be listed, and the list's "already in the list" check did not catch it.
 */
import { describe, expect, it } from 'vitest';
import { parseServerUrl } from '../../../src/sync/settings';

const url = (raw: string) => {
  const r = parseServerUrl(raw);
  return r.ok ? r.url : r.message;
};

describe('parseServerUrl: one server, one spelling', () => {
  it('an empty query is dropped like an empty fragment', () => {
    expect(url('wss://sync.example.org?')).toBe('wss://sync.example.org');
    expect(url('wss://sync.example.org/?')).toBe('wss://sync.example.org');
    expect(url('wss://sync.example.org/sync?')).toBe('wss://sync.example.org/sync');
    expect(url('wss://sync.example.org/?#')).toBe('wss://sync.example.org');
    // A query that says something is kept.
    expect(url('wss://sync.example.org/?room=1')).toBe('wss://sync.example.org/?room=1');
  });
});
