const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A random 16-character id, safe in URLs and room names. Uses Web Crypto (browser and Node 20+). */
export function newId(length = 16): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/** Board and item ids: what the server accepts in a URL and a room name. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidId(value: string): boolean {
  return ID_PATTERN.test(value);
}
