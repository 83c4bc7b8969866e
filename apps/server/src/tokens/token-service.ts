import { randomUUID } from 'node:crypto';
import type { ApiKeyRecord, SwitchyardStore } from '@switchyard/core';
import { createKeyCache, type KeyCache } from './key-cache';
import { createRevocationList, type RevocationList } from './revocation-list';
import type {
  MintedToken,
  mintTokenInputSchema,
  TokenDenial,
  TokenGrant,
} from './token-grant';
import {
  createTokenSigner,
  TokenRefused,
  type TokenSigner,
} from './token-signer';
import type { z } from 'zod';
import { createVerifiedTokens } from './verified-tokens';

/** A token the gateway refuses, and why (`error.data.denial`). */
export class TokenDenied extends Error {
  constructor(
    readonly denial: TokenDenial,
    message: string,
  ) {
    super(message);
    this.name = 'TokenDenied';
  }
}

/** Mints, checks and revokes the short-lived tokens API keys hand to their end users. */
export interface TokenService {
  /** A token for `input.subject`, signed, its budget stored; charged to `apiKey`. */
  mint(options: {
    apiKey: ApiKeyRecord;
    input: z.output<typeof mintTokenInputSchema>;
  }): Promise<MintedToken>;
  /**
   * The minting key and the grant of a token: signature and expiry checked
   * in memory, revocation from memory, the key from a short cache; throws
   * {@link TokenDenied}. A single-use token is marked used here (one write).
   */
  authenticate(
    token: string,
  ): Promise<{ apiKey: ApiKeyRecord; grant: TokenGrant }>;
  /** Revokes a subject's tokens minted by `keyId` until now (one session's, when given). */
  revoke(options: {
    keyId: string;
    subject: string;
    session?: string;
  }): Promise<{ revokedAt: number }>;
  /**
   * Drops what this process remembers of a key that was just revoked or
   * given new limits here, so its tokens' next calls see the change at once
   * (other replicas within `keyCacheMs`).
   */
  forgetKey(keyId: string): void;
  close(): void;
}

/** Settings of {@link createTokenService}. */
export interface TokenServiceOptions {
  store: SwitchyardStore;
  now: () => number;
  /** The signing secret; default: one kept in the store, shared by every replica. */
  secret?: Uint8Array;
  /** How often revocations made by other replicas are read; default 1000 ms. */
  revocationRefreshMs?: number;
  /** How long a minting key's record is trusted before it is read again; default 1000 ms. */
  keyCacheMs?: number;
  onRefreshError?: (error: unknown) => void;
}

/** Whether a bearer string is a minted token (a JWT) rather than an API key. */
export function isMintedToken(bearer: string): boolean {
  return bearer.startsWith('eyJ') && bearer.split('.').length === 3;
}

/** Creates the {@link TokenService}; the signing key is read or made on first use. */
export function createTokenService(options: TokenServiceOptions): TokenService {
  const { store, now } = options;
  let signer: Promise<TokenSigner> | undefined;
  const signerOf = () => {
    signer ??= (
      options.secret === undefined
        ? store.tokens.signingSecret()
        : Promise.resolve(options.secret)
    ).then((secret) => createTokenSigner({ secret, now }));
    signer.catch(() => {
      signer = undefined;
    });
    return signer;
  };
  const revocations = createRevocationList({
    store: store.tokens,
    now,
    refreshMs: options.revocationRefreshMs ?? 1_000,
    onRefreshError: options.onRefreshError,
  });
  const loaded = revocations.refresh();
  loaded.catch(() => undefined);
  const verifyOnce = createVerifiedTokens({
    verify: async (token) => verify(await signerOf(), token),
    now,
  });
  const keys = createKeyCache({
    keys: store.apiKeys,
    now,
    ttlMs: options.keyCacheMs ?? 1_000,
  });
  return {
    async mint({ apiKey, input }) {
      const mintedAt = now();
      const grant: TokenGrant = {
        ...input,
        id: `tok_${randomUUID()}`,
        keyId: apiKey.id,
        mintedAt,
        expiresAt: mintedAt + input.ttlSeconds * 1000,
      };
      delete (grant as { ttlSeconds?: number }).ttlSeconds;
      await store.tokens.create({
        id: grant.id,
        keyId: grant.keyId,
        subject: grant.subject,
        session: grant.session,
        maxCredits: grant.maxCredits,
        expiresAt: grant.expiresAt,
      });
      const token = await (await signerOf()).sign(grant);
      return { token, tokenId: grant.id, expiresAt: grant.expiresAt };
    },
    async authenticate(token) {
      await loaded;
      const grant = await verifyOnce(token);
      return {
        apiKey: await checkGrant({ grant, keys, revocations, store }),
        grant,
      };
    },
    async revoke(revocation) {
      const { revokedAt } = await revocations.revoke(revocation);
      return { revokedAt };
    },
    forgetKey: (keyId) => keys.forget(keyId),
    close: () => revocations.close(),
  };
}

async function verify(signer: TokenSigner, token: string): Promise<TokenGrant> {
  try {
    return await signer.verify(token);
  } catch (error) {
    if (error instanceof TokenRefused) {
      throw new TokenDenied(error.denial, error.message);
    }
    throw error;
  }
}

/** The minting key of a verified grant, once revocation, the key and single use allow it. */
async function checkGrant(options: {
  grant: TokenGrant;
  keys: KeyCache;
  revocations: RevocationList;
  store: SwitchyardStore;
}): Promise<ApiKeyRecord> {
  const { grant, keys, revocations, store } = options;
  if (revocations.isRevoked(grant)) {
    throw new TokenDenied(
      'token_revoked',
      "This token was revoked (its user's tokens were ended by the app). Sign in again to get a new one.",
    );
  }
  const apiKey = await keys.get(grant.keyId);
  if (apiKey === undefined) {
    throw new TokenDenied(
      'token_revoked',
      'The API key that minted this token was revoked; its tokens no longer work.',
    );
  }
  if (grant.singleUse === true && !(await store.tokens.use(grant.id))) {
    throw new TokenDenied(
      'token_used',
      'This single-use token was already used: mint a new one for another call.',
    );
  }
  return apiKey;
}
