import {
  createSwitchyardClient,
  type SwitchyardClientSettings,
} from './create-switchyard-client';
import type { MintedToken, MintTokenInput } from './router-types';

/** Settings of {@link createTokenMinter}: the gateway and the API key that mints (and pays). */
export interface TokenMinterSettings extends Pick<
  SwitchyardClientSettings,
  'url' | 'fetch' | 'headers'
> {
  /** The API key tokens are minted with and charged to. Keep it on the server. */
  apiKey: string;
}

/** Mints and revokes end users' tokens from an app's backend. */
export interface TokenMinter {
  /** A short-lived token for one end user; hand `token` and `expiresAt` to the browser. */
  mint(input: MintTokenInput): Promise<MintedToken>;
  /** Ends a user's tokens (or one session's) minted until now. */
  revoke(input: { subject: string; session?: string }): Promise<{
    revokedAt: number;
  }>;
}

/**
 * The server-side helper of the browser case: the app's backend holds the
 * API key and mints a token per signed-in user; the page calls the gateway
 * with the token only.
 *
 * @example
 * ```ts
 * import { createTokenMinter } from '@switchyard/sdk/server';
 *
 * const minter = createTokenMinter({ url: GATEWAY_URL, apiKey: process.env.SWITCHYARD_API_KEY! });
 * app.post('/api/session', async (c) => {
 *   const user = await signedInUser(c);
 *   return c.json(await minter.mint({ subject: user.id, ttlSeconds: 900, maxCredits: 200_000 }));
 * });
 * ```
 */
export function createTokenMinter(settings: TokenMinterSettings): TokenMinter {
  const client = createSwitchyardClient(settings);
  return {
    mint: (input) => client.tokens.mint.mutate(input),
    revoke: (input) => client.tokens.revoke.mutate(input),
  };
}
