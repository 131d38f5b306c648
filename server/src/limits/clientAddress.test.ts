import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, normalizeAddress } from './clientAddress.ts';

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', 0)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:203.0.113.9', undefined, 0)).toBe('203.0.113.9');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('takes the N-th address from the right with N trusted proxies, so what the client wrote itself does not count', () => {
    // client 198.51.100.7 → proxy (appends the client) → server; the client forged "1.1.1.1".
    expect(clientAddress('10.0.0.2', '1.1.1.1, 198.51.100.7', 1)).toBe('198.51.100.7');
    // client → CDN (appends client) → nginx (appends CDN 192.0.2.50) → server
    expect(clientAddress('10.0.0.2', '1.1.1.1, 198.51.100.7, 192.0.2.50', 2)).toBe('198.51.100.7');
    // Two headers are one list.
    expect(clientAddress('10.0.0.2', ['1.1.1.1', '198.51.100.7, 192.0.2.50'], 2)).toBe('198.51.100.7');
  });

  it('takes the leftmost address when there are fewer than N, and the peer when the header is missing or unreadable', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.7', 2)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', ' , ', 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', 'unknown', 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '1.1.1.1, <script>', 1)).toBe('10.0.0.2');
  });

  it('reads ports, brackets, zones and IPv4-mapped forms', () => {
    expect(normalizeAddress('198.51.100.7:4711')).toBe('198.51.100.7');
    expect(normalizeAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeAddress('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('example.com')).toBeNull();
  });
});

describe('addressKey', () => {
  it('limits IPv4 addresses one by one and IPv6 addresses by their /64', () => {
    expect(addressKey('198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:db8:0:1:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
    expect(addressKey('unknown')).toBe('unknown');
  });
});
