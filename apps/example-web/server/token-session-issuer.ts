import { isSwitchyardError } from '@switchyard/sdk';
import { createTokenMinter, type MintTokenInput } from '@switchyard/sdk/server';
import { SessionIssueError } from './session-error';
import type { SessionIssuer } from './session-issuer';

/** What a subject's token may do: `tokens.mint`'s input without the subject. */
export type TokenPolicy = Omit<MintTokenInput, 'subject'>;

/** The example's default: a 15-minute token, up to 1 credit (1,000,000 micro-credits). */
export const DEFAULT_TOKEN_POLICY: TokenPolicy = {
  ttlSeconds: 900,
  maxCredits: 1_000_000,
};

/** Options of {@link tokenSessionIssuer}. */
export interface TokenSessionIssuerOptions {
  /** The gateway's URL as the browser reaches it (and the backend, unless `mintUrl` is set). */
  gatewayUrl: string;
  /** Where the backend reaches the gateway to mint, when that differs. Default `gatewayUrl`. */
  mintUrl?: string;
  /** The API key tokens are minted with (and charged to). Never sent to the page. */
  apiKey: string;
  /** The token each subject gets. Default {@link DEFAULT_TOKEN_POLICY} for everyone. */
  policy?: (subject: string) => TokenPolicy;
}

/**
 * Signs users in with short-lived gateway tokens: `tokens.mint` (through the
 * SDK's server-side `createTokenMinter`, with the backend's API key) for the
 * subject, under the subject's policy.
 */
export function tokenSessionIssuer(
  options: TokenSessionIssuerOptions,
): SessionIssuer {
  const minter = createTokenMinter({
    url: options.mintUrl ?? options.gatewayUrl,
    apiKey: options.apiKey,
  });
  const policy = options.policy ?? (() => DEFAULT_TOKEN_POLICY);
  return async (subject) => {
    try {
      const { token, expiresAt } = await minter.mint({
        ...policy(subject),
        subject,
      });
      return {
        gatewayUrl: options.gatewayUrl,
        subject,
        credential: 'token',
        token,
        expiresAt,
      };
    } catch (error) {
      throw new SessionIssueError({
        code: isSwitchyardError(error) ? error.data.code : 'unreachable',
        message: `The gateway did not mint a token: ${error instanceof Error ? error.message : String(error)}`,
        status: 502,
        cause: error,
      });
    }
  };
}
