import { isIP } from 'node:net';

/**
 * The address a request came from, for per-address limits (HTTP rate limits and websocket
 * connections per address).
 *
 * `trustedProxies` is `TRUST_PROXY`: how many reverse proxies stand between the clients and this
 * server, each appending the address it received the request from to `X-Forwarded-For`. With 0
 * (the default) the header is ignored and the socket's peer is the client. With N ≥ 1 the client
 * is the N-th address from the right of `X-Forwarded-For` — the one written by the outermost
 * proxy you run; everything left of it was sent by the client and can say anything. When the
 * header holds fewer than N addresses the leftmost one is taken (every entry came from a proxy of
 * yours), and when it is missing or unreadable, the socket's peer.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | readonly string[] | undefined, trustedProxies: number): string {
  const socketAddress = normalizeAddress(peer ?? '') ?? 'unknown';
  if (trustedProxies === 0 || forwardedFor === undefined) return socketAddress;
  const entries = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(','))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return socketAddress;
  const chosen = entries[Math.max(0, entries.length - trustedProxies)] as string;
  return normalizeAddress(chosen) ?? socketAddress;
}

/**
 * The key one address is limited under: an IPv4 address as is, an IPv6 address by its /64
 * prefix — one household or server gets a whole /64, so limiting single IPv6 addresses would let
 * one client rotate through 2^64 of them.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** A plain IP address from `1.2.3.4`, `1.2.3.4:567`, `[::1]:567` or `::ffff:1.2.3.4`; null if it is none. */
export function normalizeAddress(value: string): string | null {
  let address = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1] as string;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.replace(/%.*$/, ''); // zone index (fe80::1%eth0)
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1] as string;
  return isIP(address) === 0 ? null : address.toLowerCase();
}

/** Eight 16-bit groups of an IPv6 address, `::` and a trailing dotted IPv4 part expanded. */
function expandIPv6(address: string): string[] {
  let text = address;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((group) => group.replace(/^0+(?=.)/, '').toLowerCase());
}
