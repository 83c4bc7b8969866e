import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'sy_';
const DISPLAY_LENGTH = 11;

/** A new random API key (`sy_` + 32 bytes base64url) and what is stored of it. */
export function generateApiKey(): {
  key: string;
  hash: string;
  prefix: string;
} {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, DISPLAY_LENGTH) };
}

/**
 * The stored form of a key: SHA-256, hex. Keys are 256 random bits, so a fast
 * hash is enough (no salt or KDF needed, unlike passwords), and lookups by
 * hash stay one indexed query.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
