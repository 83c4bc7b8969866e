import type { TokenGrant } from './token-grant';

/** How many verified tokens are kept, so a token's signature is checked once. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * `verify`, once per token: a grant is kept by the exact token string (the
 * newest {@link VERIFIED_CACHE_SIZE}), until it expires. Checking an HMAC
 * through Web Crypto costs ~120 µs of CPU; a kept grant, ~2 µs. Revocation
 * and single use are the caller's to judge on every call.
 */
export function createVerifiedTokens(options: {
  verify: (token: string) => Promise<TokenGrant>;
  now: () => number;
}): (token: string) => Promise<TokenGrant> {
  const { verify, now } = options;
  const verified = new Map<string, TokenGrant>();
  return async (token) => {
    const known = verified.get(token);
    if (known !== undefined) {
      if (known.expiresAt > now()) return known;
      verified.delete(token);
    }
    const grant = await verify(token);
    if (verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = verified.keys().next();
      if (oldest.done !== true) verified.delete(oldest.value);
    }
    verified.set(token, grant);
    return grant;
  };
}
