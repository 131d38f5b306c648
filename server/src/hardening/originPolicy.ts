/**
 * Whether a websocket handshake may proceed, by its Origin header. Browsers always send Origin
 * on websocket handshakes, so this is what stops another site's page from opening a socket with
 * a visitor's link. Allowed: no Origin (not a browser: CLI tools, other servers), the server's
 * own origin (Origin's host equals the Host header), and the ALLOWED_ORIGINS list.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (host !== undefined && parsed.host.toLowerCase() === host.toLowerCase()) return true;
  return allowed.includes(parsed.origin);
}
