import type { AuthorizedContext, Context } from './context';
import { isMintedToken, TokenDenied } from './tokens/token-service';

/**
 * The caller's credential was missing (with `auth.required`), unknown,
 * revoked, or a minted token that does not verify. Its message says what to
 * do; `cause` is the {@link TokenDenied} of a refused token.
 */
export class CallerUnauthorized extends Error {
  override readonly name = 'CallerUnauthorized';
}

/**
 * Checks the caller's credential, the one check every surface (tRPC, the
 * `/v1` routes) makes: an API key that is sent must exist and not be
 * revoked; a minted token must verify, not be expired or revoked, and its
 * minting key must be live; with `auth.required` (the default for a config
 * file), one must be sent. Returns the context with the key's record (and
 * the token's grant); throws {@link CallerUnauthorized}.
 */
export async function authenticateCaller(
  ctx: Context,
): Promise<AuthorizedContext> {
  const bearer = ctx.bearerToken;
  if (bearer === undefined) {
    if (ctx.authRequired) {
      throw new CallerUnauthorized(
        'This gateway needs an API key: send it as "Authorization: Bearer <key>" (the SDK\'s apiKey option). Keys come from "switchyard keys create --name NAME".',
      );
    }
    return { ...ctx, apiKey: undefined, token: undefined };
  }
  if (isMintedToken(bearer)) {
    const { apiKey, grant } = await ctx.tokens
      .authenticate(bearer)
      .catch((error: unknown) => {
        throw error instanceof TokenDenied
          ? new CallerUnauthorized(error.message, { cause: error })
          : error;
      });
    return { ...ctx, apiKey, token: grant };
  }
  const apiKey = await ctx.store.apiKeys.authenticate(bearer);
  if (apiKey === undefined) {
    throw new CallerUnauthorized(
      'Unknown or revoked API key. Check the key, or create one with "switchyard keys create --name NAME".',
    );
  }
  return { ...ctx, apiKey, token: undefined };
}
