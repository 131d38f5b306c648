import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the generated secret lives when `LANEWISE_SECRET` is not set. */
export const SECRET_FILE = 'secret.key';

/**
 * The key that signs link tokens: `LANEWISE_SECRET` if set, otherwise 32 random bytes generated
 * on first start into `<dataDir>/secret.key` (mode 0600) and read from there afterwards, so links
 * keep working across restarts. Losing the file revokes every link.
 */
export function loadSigningSecret(dataDir: string, fromEnvironment: string | undefined): Uint8Array {
  if (fromEnvironment !== undefined) return new TextEncoder().encode(fromEnvironment);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, SECRET_FILE);
  try {
    return decodeSecret(readFileSync(path, 'utf8'), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx': if another process created it in the meantime, use theirs.
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return decodeSecret(readFileSync(path, 'utf8'), path);
  }
  chmodSync(path, 0o600);
  return decodeSecret(secret, path);
}

function decodeSecret(text: string, path: string): Uint8Array {
  const secret = text.trim();
  if (secret.length < 32) throw new Error(`${path} holds no usable secret (under 32 characters); remove it to generate a new one (this revokes every link).`);
  return new TextEncoder().encode(secret);
}
