import { webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { tokenGrantSchema, type TokenGrant } from './token-grant';

const ISSUER = 'switchyard';
const ALGORITHM = 'HS256';

/** Signs grants into tokens and verifies tokens back into grants, in memory. */
export interface TokenSigner {
  sign(grant: TokenGrant): Promise<string>;
  /**
   * The grant of a token this gateway signed; throws {@link TokenRefused}
   * with `token_invalid` (bad signature, malformed, another issuer) or
   * `token_expired`.
   */
  verify(token: string): Promise<TokenGrant>;
}

/** A token that does not verify, and why. */
export class TokenRefused extends Error {
  constructor(
    readonly denial: 'token_invalid' | 'token_expired',
    message: string,
  ) {
    super(message);
    this.name = 'TokenRefused';
  }
}

/**
 * A signer with `secret` (HMAC-SHA256 through `jose`): the key is imported
 * once, and `now` is the only clock expiry is judged by.
 */
export async function createTokenSigner(options: {
  secret: Uint8Array;
  now: () => number;
}): Promise<TokenSigner> {
  const { now } = options;
  const key = await webcrypto.subtle.importKey(
    'raw',
    options.secret,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  return {
    sign: (grant) =>
      new SignJWT({ sy: claimsOf(grant) })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setIssuer(ISSUER)
        .setSubject(grant.subject)
        .setJti(grant.id)
        .setIssuedAt(Math.floor(grant.mintedAt / 1000))
        .setExpirationTime(Math.ceil(grant.expiresAt / 1000))
        .sign(key),
    async verify(token) {
      const payload = await verifiedPayload(token, key, now());
      const parsed = tokenGrantSchema.safeParse({
        ...(payload.sy as object),
        id: payload.jti,
        subject: payload.sub,
      });
      if (!parsed.success) {
        throw new TokenRefused('token_invalid', 'This token is malformed.');
      }
      // `exp` has whole seconds; the grant's own expiry has milliseconds.
      if (parsed.data.expiresAt <= now()) throw expired();
      return parsed.data;
    },
  };
}

async function verifiedPayload(
  token: string,
  key: webcrypto.CryptoKey,
  at: number,
) {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      algorithms: [ALGORITHM],
      currentDate: new Date(at),
    });
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw expired();
    throw new TokenRefused(
      'token_invalid',
      'This token was not issued by this gateway, or was changed. Mint a new one.',
    );
  }
}

function expired(): TokenRefused {
  return new TokenRefused(
    'token_expired',
    "This token has expired: get a new one from the app's backend (tokens.mint).",
  );
}

/** The grant as claims: the subject and id go in `sub` and `jti`. */
function claimsOf(grant: TokenGrant): Record<string, unknown> {
  const { id: _id, subject: _subject, ...rest } = grant;
  return rest;
}
